import { FigureIndex, figureKey, type Figure } from './figures';
import { demandCapacity, placementMix, placementTrend, weeklyCost } from './metrics';
import type { DataTable } from './tables';
import { toTemplateRecords, type TemplateRecord } from './template/export';

export type Series = ReadonlyArray<{ periodEnd: string; figures: readonly Figure[] }>;

/** The overview's four tables; the page, its charts and its downloads all come from here. */
export function overviewTables(figures: readonly Figure[], series: Series) {
  return {
    'placement-mix': placementMix(figures),
    'placement-trend': placementTrend(series),
    'demand-capacity': demandCapacity(figures),
    'weekly-cost': weeklyCost(figures),
  } satisfies Record<string, DataTable>;
}

export type OverviewView = keyof ReturnType<typeof overviewTables>;
export const OVERVIEW_VIEWS: readonly OverviewView[] = ['placement-mix', 'placement-trend', 'demand-capacity', 'weekly-cost'];

/** The figures behind a table, as template records (the trend covers every period). */
export function tableRecords(
  council: { code: string; name: string },
  table: DataTable,
  periods: Series,
): TemplateRecord[] {
  // Looked up by key in each period's index (kept with the figures), not a scan of every figure
  // of the period: a national-scale period has 27,000 of them for a table of a few dozen.
  const keys = [...new Map(table.keys.map((k) => [figureKey(k), k])).values()];
  return periods.flatMap(({ periodEnd, figures }) => {
    const ix = FigureIndex.of(figures);
    return toTemplateRecords(
      council,
      periodEnd,
      keys.flatMap((k) => {
        const f = ix.get(k);
        return f ? [f] : [];
      }),
    );
  });
}

/** The stored figures the trend needs from every period. */
export const TREND_SLICE = { measures: ['children_placed'], need: 'all' };
