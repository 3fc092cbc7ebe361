import { figureKey, type Figure } from './figures';
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
  const wanted = new Set(table.keys.map(figureKey));
  return periods.flatMap(({ periodEnd, figures }) =>
    toTemplateRecords(
      council,
      periodEnd,
      figures.filter((f) => wanted.has(figureKey(f))),
    ),
  );
}

/** The stored figures the trend needs from every period. */
export const TREND_SLICE = { measures: ['children_placed'], need: 'all' };
