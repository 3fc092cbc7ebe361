import { csvLine } from '../csv/write';
import type { FigureSource } from '../../db/schema';
import type { Figure } from '../figures';
import { SOURCE_LABELS } from '../sources';
import { AGE_BANDS, MEASURES, NEEDS, PROVISIONS, SETTINGS, TEMPLATE_COLUMNS, type Measure } from './codes';

/** One flat record: a row of the template; JSON keeps numbers as numbers and symbols as strings. */
export interface TemplateRecord {
  period_end: string;
  la_code: string;
  la_name: string;
  setting: string;
  provision: string;
  age_band: string;
  need: string;
  measure: string;
  value: number | string;
}

/** The value as the template writes it: whole counts, pence for costs, symbols as letters. */
export function templateValue(measure: Measure, f: Pick<Figure, 'value' | 'symbol'>): number | string {
  if (f.symbol) return f.symbol;
  if (f.value === null) return 'x';
  return measure === 'weekly_cost_gbp' ? f.value.toFixed(2) : f.value;
}

const order = <T extends string>(list: readonly T[]) => new Map(list.map((v, i) => [v as string, i]));
const ORDER = {
  setting: order(SETTINGS),
  provision: order(PROVISIONS),
  age: order(AGE_BANDS),
  need: order(NEEDS),
  measure: order(MEASURES),
};

/** Figures in the template's code-list order, so exports are stable and easy to read. */
export function sortFigures<T extends Omit<Figure, 'value' | 'symbol' | 'derived'>>(figures: readonly T[]): T[] {
  const rank = (f: T) => [
    ORDER.setting.get(f.setting) ?? 99,
    ORDER.provision.get(f.provision) ?? 99,
    ORDER.age.get(f.ageBand) ?? 99,
    ORDER.need.get(f.need) ?? 99,
    ORDER.measure.get(f.measure) ?? 99,
  ];
  return [...figures].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
    return 0;
  });
}

export function toTemplateRecords(
  council: { code: string; name: string },
  periodEnd: string,
  figures: readonly Figure[],
): TemplateRecord[] {
  return sortFigures(figures).map((f) => ({
    period_end: periodEnd,
    la_code: council.code,
    la_name: council.name,
    setting: f.setting,
    provision: f.provision,
    age_band: f.ageBand,
    need: f.need,
    measure: f.measure,
    value: f.symbol ?? f.value ?? 'x',
  }));
}

/**
 * A valid template v1 file: what the export command prints and every page download serves.
 * Figures derived from SSDA903 carry a last `source` column naming where they come from (the
 * template importer ignores an extra column with a warning).
 */
export function templateCsv(records: readonly TemplateRecord[], source?: string): string {
  const lines = [TEMPLATE_COLUMNS.join(',') + (source ? ',source' : '')];
  for (const r of records) {
    const value =
      typeof r.value === 'number' ? templateValue(r.measure as Measure, { value: r.value, symbol: null }) : r.value;
    lines.push(csvLine([...TEMPLATE_COLUMNS.map((c) => (c === 'value' ? value : r[c])), ...(source ? [source] : [])]));
  }
  return lines.join('\n') + '\n';
}

/**
 * Every figure of a council's period from one source, as the dashboard download and
 * `npm run export` give them: CSV (figures derived from SSDA903 with the `source` column naming
 * their view), or JSON records (with a `source` field for the same figures).
 */
export function periodExport(
  council: { code: string; name: string },
  periodEnd: string,
  figures: readonly Figure[],
  source: FigureSource,
  format: 'csv' | 'json' = 'csv',
): string {
  const records = toTemplateRecords(council, periodEnd, figures);
  const label = source === 'template' ? undefined : SOURCE_LABELS[source];
  if (format === 'csv') return templateCsv(records, label);
  return `${JSON.stringify(label ? records.map((r) => ({ ...r, source: label })) : records, null, 2)}\n`;
}
