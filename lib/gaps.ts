import { getMetric, metricValue, type Metric, type MetricId, type Segment } from './catalogue';
import { toCsv } from './csv/write';
import { memoOn } from './memo';
import { FigureIndex, type Figure, type FigureKey } from './figures';
import { formatCell, type Cell } from './format';
import type { DataTable } from './tables';
import {
  AGE_BANDS,
  AGE_BAND_LABELS,
  NEEDS,
  NEED_LABELS,
  SETTING_LABELS,
  SETTING_PARTS,
  SETTING_SHORT_LABELS,
  type AgeBand,
  type Measure,
  type Need,
  type Setting,
} from './template/codes';

/**
 * The sufficiency gap (domain primer, metric 8) for every setting, age band and need: demand
 * against in-house and commissioned places. Every figure is read through the metric catalogue.
 */

/** The settings a gap is worked out for: `other` (parents, adoption and so on) is not commissioned as places. */
export const GAP_SETTINGS: readonly Setting[] = SETTING_PARTS.filter((s) => s !== 'other');

/** The figure columns of the gap table, in the order of the page and the CSV download. */
export const GAP_COLUMNS = [
  { key: 'demand', label: 'Demand' },
  { key: 'in_house_places', label: 'In-house places' },
  { key: 'commissioned_places', label: 'Commissioned places' },
  { key: 'places_vacant', label: 'Places vacant' },
  { key: 'commissioning_need', label: 'Places to commission' },
  { key: 'unmet_need', label: 'Unmet need' },
] as const;
export type GapColumn = (typeof GAP_COLUMNS)[number]['key'];

/** Every column the table can be sorted by: the three descriptive ones, then the figures. */
export const GAP_SORT_KEYS = ['setting', 'age_band', 'need', ...GAP_COLUMNS.map((c) => c.key)] as const;
export type GapSortKey = (typeof GAP_SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

export interface GapRow {
  /** `setting|ageBand|need`, unique in a table. */
  key: string;
  setting: Setting;
  ageBand: AgeBand;
  need: Need;
  cells: Record<GapColumn, Cell>;
}

function metric(id: MetricId): Metric {
  const m = getMetric(id);
  if (!m) throw new Error(`The metric catalogue has no metric ${id}`);
  return m;
}

const isMissing = (c: Cell) => c.value === null && c.symbol === null;

/**
 * One row per setting (except `other`) x age band x need, largest gaps first. A row whose demand
 * and capacity figures are all missing is left out; symbols are kept (they are not missing).
 */
export function gapRows(figures: readonly Figure[]): readonly GapRow[] {
  // 12 ms for a national-scale set, on every view of the page and its CSV: worked out once per set.
  return memoOn([figures], 'gapRows', () => Object.freeze(computeGapRows(figures).map((r) => Object.freeze(r))));
}

function computeGapRows(figures: readonly Figure[]): GapRow[] {
  const ix = FigureIndex.of(figures);
  const demand = metric('demand');
  const places = metric('places');
  const vacant = metric('places_vacant');
  const commissioning = metric('commissioning_need');
  const unmet = metric('unmet_need');
  const rows: GapRow[] = [];
  for (const setting of GAP_SETTINGS) {
    for (const ageBand of AGE_BANDS) {
      for (const need of NEEDS) {
        const seg: Segment = { setting, provision: 'all', ageBand, need };
        const cells: Record<GapColumn, Cell> = {
          demand: metricValue(demand, ix, seg),
          in_house_places: metricValue(places, ix, { ...seg, provision: 'in_house' }),
          commissioned_places: metricValue(places, ix, { ...seg, provision: 'commissioned' }),
          places_vacant: metricValue(vacant, ix, seg),
          commissioning_need: metricValue(commissioning, ix, seg),
          unmet_need: metricValue(unmet, ix, seg),
        };
        const known = [cells.demand, cells.in_house_places, cells.commissioned_places, cells.places_vacant];
        if (known.every(isMissing)) continue;
        rows.push({ key: `${setting}|${ageBand}|${need}`, setting, ageBand, need, cells });
      }
    }
  }
  return sortGapRows(rows, DEFAULT_SORT);
}

export interface GapFilter {
  setting?: Setting;
  ageBand?: AgeBand;
  need?: Need;
}

export function filterGapRows(rows: readonly GapRow[], filter: GapFilter): GapRow[] {
  return rows.filter(
    (r) =>
      (!filter.setting || r.setting === filter.setting) &&
      (!filter.ageBand || r.ageBand === filter.ageBand) &&
      (!filter.need || r.need === filter.need),
  );
}

export interface GapSort {
  key: GapSortKey;
  dir: SortDir;
}

/** Largest gaps first: places to commission, then unmet need, both descending. */
export const DEFAULT_SORT: GapSort = { key: 'commissioning_need', dir: 'desc' };

/** Numbers in the order asked for; symbols and missing figures always after every number. */
function compareCells(a: Cell, b: Cell, dir: SortDir): number {
  const an = a.symbol === null && a.value !== null;
  const bn = b.symbol === null && b.value !== null;
  if (an && bn) return dir === 'asc' ? a.value! - b.value! : b.value! - a.value!;
  if (an !== bn) return an ? -1 : 1;
  return 0;
}

const ORDER = {
  setting: (r: GapRow) => GAP_SETTINGS.indexOf(r.setting),
  age_band: (r: GapRow) => AGE_BANDS.indexOf(r.ageBand),
  need: (r: GapRow) => NEEDS.indexOf(r.need),
};

/** Natural order: setting, then age band, then need, as the code lists order them. */
function compareNatural(a: GapRow, b: GapRow): number {
  return ORDER.setting(a) - ORDER.setting(b) || ORDER.age_band(a) - ORDER.age_band(b) || ORDER.need(a) - ORDER.need(b);
}

function compareGap(a: GapRow, b: GapRow): number {
  return (
    compareCells(a.cells.commissioning_need, b.cells.commissioning_need, 'desc') ||
    compareCells(a.cells.unmet_need, b.cells.unmet_need, 'desc')
  );
}

/**
 * Sorts by one column. Ties fall back to the largest gaps first, then the natural order, so
 * every order is fully determined. Text columns sort in the order of their code lists.
 */
export function sortGapRows(rows: readonly GapRow[], sort: GapSort): GapRow[] {
  const { key, dir } = sort;
  const sign = dir === 'asc' ? 1 : -1;
  const primary = (a: GapRow, b: GapRow): number =>
    key === 'setting' || key === 'age_band' || key === 'need'
      ? sign * (ORDER[key](a) - ORDER[key](b))
      : compareCells(a.cells[key], b.cells[key], dir);
  return [...rows].sort((a, b) => primary(a, b) || compareGap(a, b) || compareNatural(a, b));
}

/** The rows with a gap to chart: a number above 0 in either gap, largest first. */
export function largestGaps(rows: readonly GapRow[], n = 10): GapRow[] {
  const positive = (c: Cell) => c.symbol === null && c.value !== null && c.value > 0;
  let gaps = rows.filter((r) => positive(r.cells.commissioning_need) || positive(r.cells.unmet_need));
  // Never a total beside its own parts (the same children twice): needs overlap, so rows for all
  // needs are charted where there are any, and a row is left out when a part of it is charted
  // (Fostering, all ages beside Fostering, 10 to 15). The table keeps every row.
  if (gaps.some((r) => r.need === 'all')) gaps = gaps.filter((r) => r.need === 'all');
  const within = (part: GapRow, whole: GapRow) =>
    part !== whole &&
    (whole.setting === 'all' || whole.setting === part.setting) &&
    (whole.ageBand === 'all' || whole.ageBand === part.ageBand) &&
    (whole.need === 'all' || whole.need === part.need);
  gaps = gaps.filter((whole) => !gaps.some((part) => within(part, whole)));
  return sortGapRows(gaps, DEFAULT_SORT).slice(0, n);
}

/** "Children's homes, 10 to 15, sibling groups": the row in words. */
export function gapRowLabel(r: Pick<GapRow, 'setting' | 'ageBand' | 'need'>): string {
  return `${SETTING_LABELS[r.setting]}, ${AGE_BAND_LABELS[r.ageBand].toLowerCase()}, ${NEED_LABELS[r.need].toLowerCase()}`;
}

/** A short form for chart axes: only the narrowed dimensions. */
export function gapRowShortLabel(r: Pick<GapRow, 'setting' | 'ageBand' | 'need'>): string {
  return [
    SETTING_SHORT_LABELS[r.setting],
    r.ageBand === 'all' ? null : AGE_BAND_LABELS[r.ageBand],
    r.need === 'all' ? null : NEED_LABELS[r.need],
  ]
    .filter(Boolean)
    .join(', ');
}

const GAP_MEASURES: readonly Measure[] = ['children_placed', 'referrals_unmatched', 'places', 'places_vacant'];

/**
 * The gap rows as a DataTable: the page's chart and table read it. `chartRows` are the keys of
 * the rows drawn in the chart (the largest gaps); the table shows every row given.
 */
export function gapTable(rows: readonly GapRow[]): DataTable & { chartRows: string[] } {
  const charted = largestGaps(rows);
  const described = charted
    .map(
      (r) =>
        `${gapRowShortLabel(r)}: ${formatCell(r.cells.commissioning_need)} to commission, ${formatCell(r.cells.unmet_need)} unmet`,
    )
    .join('; ');
  return {
    id: 'gaps',
    title: 'Sufficiency gaps by setting, age band and need',
    description:
      charted.length === 0
        ? 'Bar chart of the largest sufficiency gaps: none of the rows shown has a gap.'
        : `Bar chart of places to commission and unmet need for the ${charted.length} largest gaps, largest first. ${described}.`,
    rowHeader: 'Setting, age band and need',
    columns: GAP_COLUMNS.map((c) => ({ key: c.key, label: c.label, unit: 'count' as const })),
    rows: rows.map((r) => ({ key: r.key, label: gapRowLabel(r), chartLabel: gapRowShortLabel(r), cells: r.cells })),
    notes: GAP_NOTES,
    keys: rows.flatMap((r) =>
      GAP_MEASURES.flatMap((measure): FigureKey[] =>
        (['all', 'in_house', 'commissioned'] as const).map((provision) => ({
          setting: r.setting,
          provision,
          ageBand: r.ageBand,
          need: r.need,
          measure,
        })),
      ),
    ),
    chartRows: charted.map((r) => r.key),
  };
}

/** The two gaps in plain English, shown under the chart. */
export const GAP_NOTES = [
  'Demand is the children placed on the last day of the period plus the referrals in the period that could not be matched to a placement of the kind sought.',
  'Places to commission is demand minus the council’s own (in-house) places: the placements the council has to buy from other councils, private or voluntary providers. It is never below 0.',
  'Unmet need is demand minus every place available, in-house and commissioned: children for whom no place of the right kind is there at all. It is never below 0; this is the gap providers are asked to fill.',
  'Needs overlap (a child can be in a sibling group and disabled), so the rows for needs do not add up to the row for all children. A symbol (c, x, z) is shown as given, never as 0; a gap worked out from a symbol is x (not available).',
];

/** The CSV columns of the gap download. */
export const GAP_CSV_HEADER = [
  'la_code',
  'period_end',
  'setting',
  'age_band',
  'need',
  ...GAP_COLUMNS.map((c) => c.key),
] as const;

/** A cell for CSV: the number, the symbol's letter, or empty when missing. */
function csvValue(c: Cell): string | number | null {
  return c.symbol ?? c.value;
}

export function gapCsv(laCode: string, periodEnd: string, rows: readonly GapRow[]): string {
  return toCsv(
    GAP_CSV_HEADER,
    rows.map((r) => [laCode, periodEnd, r.setting, r.ageBand, r.need, ...GAP_COLUMNS.map((c) => csvValue(r.cells[c.key]))]),
  );
}

export interface GapQuery {
  filter: GapFilter;
  sort: GapSort;
}

const pick = <T extends string>(list: readonly T[], v: string | undefined): T | undefined =>
  v && (list as readonly string[]).includes(v) ? (v as T) : undefined;

/**
 * Reads `setting`, `age`, `need`, `sort` and `dir` from a query string. Unknown values are
 * listed in `problems` and otherwise ignored (no filter, the default order).
 */
export function parseGapQuery(params: Record<string, string | undefined>): GapQuery & { problems: string[] } {
  const problems: string[] = [];
  const read = <T extends string>(name: string, list: readonly T[]): T | undefined => {
    const v = params[name];
    const out = pick(list, v);
    if (v && !out) problems.push(`${name} must be one of ${list.join(', ')}`);
    return out;
  };
  const setting = read('setting', GAP_SETTINGS);
  const ageBand = read('age', AGE_BANDS);
  const need = read('need', NEEDS);
  const key = read('sort', GAP_SORT_KEYS);
  const dir = read('dir', ['asc', 'desc'] as const);
  const isText = key === 'setting' || key === 'age_band' || key === 'need';
  return {
    filter: { setting, ageBand, need },
    sort: key ? { key, dir: dir ?? (isText ? 'asc' : 'desc') } : { key: DEFAULT_SORT.key, dir: dir ?? DEFAULT_SORT.dir },
    problems,
  };
}

/** The query string of a gap view (filters and sort), leaving out defaults. */
export function gapQueryString(q: GapQuery, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams(extra);
  if (q.filter.setting) p.set('setting', q.filter.setting);
  if (q.filter.ageBand) p.set('age', q.filter.ageBand);
  if (q.filter.need) p.set('need', q.filter.need);
  if (q.sort.key !== DEFAULT_SORT.key || q.sort.dir !== DEFAULT_SORT.dir) {
    p.set('sort', q.sort.key);
    p.set('dir', q.sort.dir);
  }
  return p.toString();
}

/** Rows a page of the gap table shows: a national-scale council has some 250 rows (the CSV has them all). */
export const GAP_PAGE_SIZE = 50;

export interface GapPage {
  rows: GapRow[];
  /** 1-based; a page past the end shows the last one. */
  page: number;
  pages: number;
  /** 1-based positions of the first and last row shown (0 and 0 with no rows). */
  from: number;
  to: number;
  total: number;
}

/** One page of the (filtered, sorted) rows. */
export function gapPage(rows: readonly GapRow[], page: number, size = GAP_PAGE_SIZE): GapPage {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(1, Math.floor(page)), pages);
  const slice = rows.slice((p - 1) * size, p * size);
  return { rows: slice, page: p, pages, from: slice.length ? (p - 1) * size + 1 : 0, to: (p - 1) * size + slice.length, total: rows.length };
}

/** The `page` of a query string: a whole number from 1, else page 1 and a problem. */
export function parseGapPage(v: string | undefined): { page: number; problem?: string } {
  if (v === undefined || v === '') return { page: 1 };
  return /^[1-9]\d{0,5}$/.test(v) ? { page: Number(v) } : { page: 1, problem: 'page must be a whole number from 1' };
}
