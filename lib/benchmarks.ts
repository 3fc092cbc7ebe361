import { canonicalFilters, formatTimePeriod, type EesLevel } from './ees';
import { formatCell, type Cell, type Unit } from './format';
import { tableCsv, type DataTable } from './tables';

/**
 * National benchmarks from DfE's published children looked after statistics (EES open data):
 * a council's placement mix against its region, England and a comparator group, with its rank
 * and quartile among all councils, every year published.
 */

export const CHARACTERISTICS_DATASET = 'la_cla_on_31_march_by_characteristics';
export const RATE_DATASET = 'cla_number_and_rate_per_10k_children';

export const STABILITY_DATASET = 'la_cla_placement_stability';

export const BENCHMARK_MEASURE_IDS = ['rate', 'foster', 'residential', 'supported', 'own', 'private', 'distance', 'outside', 'stability'] as const;
export type BenchmarkMeasureId = (typeof BENCHMARK_MEASURE_IDS)[number];

export interface BenchmarkMeasure {
  id: BenchmarkMeasureId;
  /** What the figure is, in words (the chart's title). */
  label: string;
  /** A short name for lists and the comparator rule. */
  short: string;
  dataset: string;
  /** The canonical filter string of the EES rows (lib/ees.ts canonicalFilters). */
  filters: string;
  indicator: string;
  /** The indicator holding the number of children behind it. */
  countIndicator: string;
  unit: Unit;
}

const characteristic = (group: string, value: string) =>
  canonicalFilters([
    ['cla_group', group],
    ['characteristic', value],
  ]);

const share = (id: BenchmarkMeasureId, short: string, label: string, group: string, value: string): BenchmarkMeasure => ({
  id,
  short,
  label,
  dataset: CHARACTERISTICS_DATASET,
  filters: characteristic(group, value),
  indicator: 'percentage',
  countIndicator: 'number',
  unit: 'percent',
});

export const BENCHMARK_MEASURES: readonly BenchmarkMeasure[] = [
  {
    id: 'rate',
    short: 'Rate per 10,000 children',
    label: 'Children looked after at 31 March per 10,000 children under 18',
    dataset: RATE_DATASET,
    filters: canonicalFilters([['population_count', 'Children looked after at 31 March each year']]),
    indicator: 'rate_per_10000',
    countIndicator: 'number',
    unit: 'count',
  },
  share('foster', '% foster', 'Percentage of children looked after in foster placements', 'Placement', 'Foster placements'),
  share(
    'residential',
    '% residential',
    'Percentage of children looked after in secure homes and children’s homes',
    'Placement',
    "Secure homes and children's homes",
  ),
  share(
    'supported',
    '% supported',
    'Percentage of children looked after in independent and semi-independent living or supported accommodation',
    'Placement',
    'Independent and semi-independent living arrangements/supported accommodation',
  ),
  share('own', '% own provision', 'Percentage of children looked after in the council’s own provision', 'Place providers', 'Own provision (by the LA)'),
  share('private', '% private', 'Percentage of children looked after in private provision', 'Place providers', 'Private provision'),
  share(
    'distance',
    '% over 20 miles',
    'Percentage of children looked after placed more than 20 miles from home',
    'Distance between home and placement',
    'Placed more than 20 miles from home',
  ),
  share(
    'outside',
    '% outside the council',
    'Percentage of children looked after placed outside the council’s boundary',
    'Locality of placement',
    'Placed outside the local authority boundary',
  ),
  {
    id: 'stability',
    short: '% 3+ placements',
    label: 'Percentage of children looked after at 31 March with 3 or more placements during the year (placement stability: lower is better)',
    dataset: STABILITY_DATASET,
    filters: canonicalFilters([
      ['cla_group', 'CLA on 31 March'],
      ['placement_stability', 'With 3 or more placements during the year'],
    ]),
    indicator: 'percentage',
    countIndicator: 'number',
    unit: 'percent',
  },
];

export function benchmarkMeasure(id: string): BenchmarkMeasure | undefined {
  return BENCHMARK_MEASURES.find((m) => m.id === id);
}

/** The measures that place a council among its nearest neighbours, in this order. */
export const COMPARATOR_FEATURES: readonly BenchmarkMeasureId[] = ['rate', 'foster', 'residential', 'supported', 'own', 'private'];
export const COMPARATOR_SIZE = 10;

export const COMPARATOR_RULE =
  `When no comparator group is set, the group is the ${COMPARATOR_SIZE} councils nearest to this one on ` +
  `${COMPARATOR_FEATURES.map((f) => benchmarkMeasure(f)!.short).join(', ')} in the latest year all of them are published. ` +
  'Each measure is standardised (its z-score: the difference from the mean of all councils, divided by their standard deviation) ' +
  'and the distance is the straight-line (Euclidean) distance between the standardised figures. A measure the council itself ' +
  'has no figure for (or that is not loaded) is left out; councils with a symbol for any measure used are not candidates.';

/** One EES figure of one area and year. */
export interface AreaValue {
  timePeriod: number;
  level: EesLevel;
  areaCode: string;
  areaName: string;
  regionCode: string | null;
  value: number | null;
  symbol: string | null;
}

/** A measure's stored figures: its indicator and the number of children, every area and year. */
export interface MeasureData {
  measure: BenchmarkMeasure;
  values: AreaValue[];
  counts: AreaValue[];
}

/**
 * A figure as a table cell. The cell type names the template's symbols (c, x, z); EES adds
 * k, low, ~ and :, which are shown as they are too, never as 0.
 */
export function eesCell(v: { value: number | null; symbol: string | null } | undefined): Cell {
  if (!v) return { value: null, symbol: null };
  return { value: v.symbol ? null : v.value, symbol: (v.symbol as Cell['symbol']) ?? null };
}

// ---------------------------------------------------------------------------------------------
// Rank and quartile
// ---------------------------------------------------------------------------------------------

export interface Ranking {
  /** 1 = highest; equal figures share the lower rank (70, 66, 66, 60 rank 1, 2, 2, 4). */
  ranks: Map<string, number>;
  /** Councils with a number (those with a symbol or no figure are left out). */
  ranked: number;
}

export function rankAreas(entries: readonly { code: string; value: number | null }[]): Ranking {
  const withValue = entries.filter((e): e is { code: string; value: number } => e.value !== null && Number.isFinite(e.value));
  const sorted = [...withValue].sort((a, b) => b.value - a.value);
  const ranks = new Map<string, number>();
  sorted.forEach((e, i) => {
    const prev = sorted[i - 1];
    ranks.set(e.code, prev && prev.value === e.value ? ranks.get(prev.code)! : i + 1);
  });
  return { ranks, ranked: sorted.length };
}

/** Quartile 1 holds the highest figures: rank r of n falls in quartile floor(4 (r - 1) / n) + 1. */
export function quartileOf(rank: number, ranked: number): number {
  return Math.min(4, Math.floor((4 * (rank - 1)) / ranked) + 1);
}

// ---------------------------------------------------------------------------------------------
// Comparator group
// ---------------------------------------------------------------------------------------------

export interface ComparatorCandidate {
  code: string;
  /** One entry per feature, null when the council has a symbol or no figure. */
  features: readonly (number | null)[];
}

export interface Neighbour {
  code: string;
  distance: number;
}

/**
 * The `k` candidates nearest to `target`: each feature standardised over every candidate with a
 * figure (z-score, population standard deviation), then Euclidean distance. Features the target
 * lacks are left out; candidates lacking any feature used are not ranked. Ties go by code.
 */
export function nearestNeighbours(target: string, candidates: readonly ComparatorCandidate[], k = COMPARATOR_SIZE): Neighbour[] {
  const self = candidates.find((c) => c.code === target);
  if (!self) return [];
  const width = self.features.length;
  const stats = Array.from({ length: width }, (_, f) => {
    const xs = candidates.map((c) => c.features[f]).filter((x): x is number => x !== null && x !== undefined);
    const mean = xs.reduce((s, x) => s + x, 0) / (xs.length || 1);
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length || 1));
    return { mean, sd };
  });
  const used = stats.map((_, f) => f).filter((f) => self.features[f] !== null && self.features[f] !== undefined);
  const z = (x: number, f: number) => (stats[f]!.sd > 0 ? (x - stats[f]!.mean) / stats[f]!.sd : 0);
  const out: Neighbour[] = [];
  for (const c of candidates) {
    if (c.code === target) continue;
    if (used.some((f) => c.features[f] === null || c.features[f] === undefined)) continue;
    const d2 = used.reduce((s, f) => s + (z(c.features[f]!, f) - z(self.features[f]!, f)) ** 2, 0);
    out.push({ code: c.code, distance: Math.sqrt(d2) });
  }
  return out.sort((a, b) => a.distance - b.distance || a.code.localeCompare(b.code)).slice(0, k);
}

export interface DefaultComparators {
  /** The year the features were taken from: the latest in which every feature is published. */
  timePeriod: number | null;
  members: Neighbour[];
  /** The features used (those the council has a figure for). */
  features: BenchmarkMeasureId[];
}

/** The default comparator group of a council, from the stored figures of the features. */
export function defaultComparators(
  la: string,
  data: ReadonlyMap<BenchmarkMeasureId, MeasureData>,
  councils: ReadonlySet<string>,
): DefaultComparators {
  const yearsOf = (d: MeasureData | undefined) =>
    new Set((d?.values ?? []).filter((v) => v.level === 'Local authority' && v.value !== null && !v.symbol).map((v) => v.timePeriod));
  // A feature whose dataset is not loaded at all is left out rather than leaving no group.
  const ids = COMPARATOR_FEATURES.filter((id) => yearsOf(data.get(id)).size > 0);
  const feats = ids.map((id) => data.get(id));
  const common = feats.map(yearsOf).reduce<Set<number> | null>((acc, s) => (acc ? new Set([...acc].filter((y) => s.has(y))) : s), null);
  const year = common && common.size > 0 ? Math.max(...common) : null;
  if (year === null) return { timePeriod: null, members: [], features: [] };
  const byFeature = feats.map((d) => {
    const m = new Map<string, number | null>();
    for (const v of d?.values ?? []) {
      if (v.level === 'Local authority' && v.timePeriod === year) m.set(v.areaCode, v.symbol ? null : v.value);
    }
    return m;
  });
  const candidates: ComparatorCandidate[] = [...councils].map((code) => ({
    code,
    features: byFeature.map((m) => m.get(code) ?? null),
  }));
  const self = candidates.find((c) => c.code === la);
  return {
    timePeriod: year,
    members: nearestNeighbours(la, candidates),
    features: self ? ids.filter((_, i) => self.features[i] !== null) : [],
  };
}

/**
 * A comparator list as typed or pasted: ONS codes one a line or separated by commas or
 * semicolons; a line may carry a name beside its code ("E06000001 Hartlepool"). Every code must
 * be a council's; each problem is named.
 */
export function parseComparatorCodes(
  text: string,
  councils: ReadonlyMap<string, string>,
  self: string,
): { ok: true; codes: string[] } | { ok: false; errors: string[] } {
  const items = text
    .split(/[\n\r,;\t]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const errors: string[] = [];
  const codes: string[] = [];
  for (const item of items) {
    const found = item.toUpperCase().match(/\bE\d{8}\b/g);
    if (!found) {
      errors.push(`“${item}” is not an ONS code (a council’s code is E followed by 8 digits, e.g. E06000004)`);
      continue;
    }
    for (const code of found) {
      if (!councils.has(code)) errors.push(`${code} is not the code of an English council with children’s services`);
      else if (code === self) errors.push(`${code} is ${councils.get(code)} itself: list only the councils to compare it with`);
      else if (!codes.includes(code)) codes.push(code);
    }
  }
  if (items.length === 0) errors.push('Enter the ONS codes of the comparator councils, one a line or separated by commas');
  return errors.length > 0 ? { ok: false, errors } : { ok: true, codes };
}

// ---------------------------------------------------------------------------------------------
// One measure for one council
// ---------------------------------------------------------------------------------------------

export interface BenchmarkYear {
  timePeriod: number;
  council: Cell;
  /** The number of children behind the council's figure. */
  count: Cell;
  region: Cell;
  england: Cell;
  /** The simple mean of the comparator councils with a number that year (one decimal place). */
  comparatorMean: number | null;
  comparatorWithFigures: number;
  rank: number | null;
  quartile: number | null;
  ranked: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Every year of a measure for one council: its figure, its region's, England's, the comparator mean, rank and quartile. */
export function benchmarkYears(data: MeasureData, la: string, regionCode: string | null, comparators: readonly string[]): BenchmarkYear[] {
  const years = [...new Set(data.values.map((v) => v.timePeriod))].sort((a, b) => a - b);
  const members = new Set(comparators);
  return years.map((year) => {
    const ofYear = data.values.filter((v) => v.timePeriod === year);
    const las = ofYear.filter((v) => v.level === 'Local authority');
    const own = las.find((v) => v.areaCode === la);
    const numbers = las.map((v) => ({ code: v.areaCode, value: v.symbol ? null : v.value }));
    const { ranks, ranked } = rankAreas(numbers);
    const rank = ranks.get(la) ?? null;
    const comp = numbers.filter((n) => members.has(n.code) && n.value !== null).map((n) => n.value!);
    return {
      timePeriod: year,
      council: eesCell(own),
      count: eesCell(data.counts.find((v) => v.timePeriod === year && v.level === 'Local authority' && v.areaCode === la)),
      region: eesCell(ofYear.find((v) => v.level === 'Regional' && v.areaCode === regionCode)),
      england: eesCell(ofYear.find((v) => v.level === 'National')),
      comparatorMean: comp.length > 0 ? round1(comp.reduce((s, x) => s + x, 0) / comp.length) : null,
      comparatorWithFigures: comp.length,
      rank,
      quartile: rank === null ? null : quartileOf(rank, ranked),
      ranked,
    };
  });
}

export interface BenchmarkContext {
  council: { code: string; name: string };
  region: { code: string | null; name: string | null };
  comparatorSize: number;
}

const num = (value: number | null): Cell => ({ value, symbol: null });

/** A measure's years as the table every chart, table and download of the page shows. */
export function benchmarkTable(measure: BenchmarkMeasure, years: readonly BenchmarkYear[], ctx: BenchmarkContext): DataTable {
  const regionLabel = ctx.region.name ?? 'Region';
  const columns: DataTable['columns'] = [
    { key: 'council', label: ctx.council.name, unit: measure.unit },
    { key: 'region', label: regionLabel, unit: measure.unit },
    { key: 'england', label: 'England', unit: measure.unit },
    { key: 'comparator', label: `Comparator group mean (${ctx.comparatorSize} councils)`, unit: measure.unit },
    { key: 'count', label: `${ctx.council.name}: children`, unit: 'count' },
    { key: 'rank', label: 'Rank (1 = highest)', unit: 'count' },
    { key: 'quartile', label: 'Quartile (1 = highest)', unit: 'count' },
    { key: 'ranked', label: 'Councils ranked', unit: 'count' },
  ];
  const rows: DataTable['rows'] = years.map((y) => ({
    key: String(y.timePeriod),
    label: formatTimePeriod(y.timePeriod),
    cells: {
      council: y.council,
      region: y.region,
      england: y.england,
      comparator: num(y.comparatorMean),
      count: y.count,
      rank: num(y.rank),
      quartile: num(y.quartile),
      ranked: num(y.ranked),
    },
  }));
  const first = years[0];
  const last = years[years.length - 1];
  const f = (c: Cell) => formatCell(c, measure.unit);
  const description = last
    ? `Line chart of ${measure.label.charAt(0).toLowerCase()}${measure.label.slice(1)}, ${formatTimePeriod(first!.timePeriod)} to ${formatTimePeriod(last.timePeriod)}, ` +
      `for ${ctx.council.name}, ${regionLabel}, England and the comparator group mean. In ${formatTimePeriod(last.timePeriod)}: ` +
      `${ctx.council.name} ${f(last.council)}, ${regionLabel} ${f(last.region)}, England ${f(last.england)}, comparator group mean ${f(num(last.comparatorMean))}` +
      (last.rank !== null ? `; rank ${last.rank} of ${last.ranked} councils (quartile ${last.quartile}).` : '.')
    : `No figures of ${measure.short} are stored.`;
  const notes = [
    'Years end 31 March: 2024 means children looked after at 31 March 2024.',
    'Rank 1 is the highest figure among the councils with a number that year; equal figures share the lower rank. Quartile 1 holds the highest quarter. Councils with a symbol are left out and the number ranked is shown.',
    `The comparator group mean is the simple mean of the comparator councils with a number that year (to one decimal place).`,
    ...years
      .filter((y) => y.comparatorWithFigures < ctx.comparatorSize && ctx.comparatorSize > 0)
      .map((y) => `In ${formatTimePeriod(y.timePeriod)}, ${y.comparatorWithFigures} of the ${ctx.comparatorSize} comparator councils had a figure.`),
    'Symbols: c confidential (suppressed), k rounds to 0 but is not 0, x not available, z not applicable, – no figure. National and regional counts are rounded to the nearest 10.',
  ];
  return {
    id: `benchmark-${measure.id}`,
    title: measure.label,
    description,
    rowHeader: 'Year',
    columns,
    rows,
    notes,
    keys: [],
  };
}

/** The table as CSV: numbers as numbers, symbols as their letters, no figure blank. */
export function benchmarkCsv(table: DataTable): string {
  return tableCsv(table);
}
