import { eesCell, quartileOf, rankAreas } from './benchmarks';
import { formatCell, formatDate, type Cell } from './format';
import { RO3_FIELDS, ro3PeriodEnd, ro3YearEnd } from './ro3';
import type { DataTable } from './tables';

/**
 * Spend per child looked after: a council's expenditure on children looked after in a financial
 * year (MHCLG revenue outturn RO3, GBP thousands) divided by the children it looked after at the
 * 31 March that ends the year (DfE, children looked after at 31 March). The comparator group, the
 * region and England are their councils' total spend divided by their total children.
 */

export const SPEND_MEASURE_IDS = ['total', 'residential', 'fostering'] as const;
export type SpendMeasureId = (typeof SPEND_MEASURE_IDS)[number];

export interface SpendMeasure {
  id: SpendMeasureId;
  field: string;
  /** The row of the table. */
  label: string;
}

export const SPEND_MEASURES: readonly SpendMeasure[] = [
  { id: 'total', field: RO3_FIELDS.total, label: 'All spend on children looked after' },
  { id: 'residential', field: RO3_FIELDS.residential, label: 'Residential care' },
  { id: 'fostering', field: RO3_FIELDS.fostering, label: 'Fostering services' },
];

/** A stored figure: a number or a symbol (both null when there is none). */
export interface SpendFigure {
  value: number | null;
  symbol: string | null;
}

export interface SpendCouncil {
  code: string;
  name: string;
  regionCode: string | null;
  regionName: string | null;
}

export interface SpendInput {
  /** The financial year, e.g. 2024-25. */
  year: string;
  /** Every council with children's services (the councils table). */
  councils: readonly SpendCouncil[];
  /** RO3 figures in GBP thousands: council code, then field code. */
  spend: ReadonlyMap<string, ReadonlyMap<string, SpendFigure>>;
  /** Children looked after at 31 March at the end of the year, by council code. */
  children: ReadonlyMap<string, SpendFigure>;
}

const isNumber = (f: SpendFigure | undefined): f is { value: number; symbol: null } =>
  f !== undefined && f.symbol === null && f.value !== null && Number.isFinite(f.value);

/**
 * A council's spend per child in pounds (rounded to the pound): a symbol of either figure is
 * kept (never 0), and no figure, or no children, gives no figure.
 */
export function spendPerChild(spendThousands: SpendFigure | undefined, children: SpendFigure | undefined): Cell {
  if (spendThousands?.symbol) return eesCell(spendThousands);
  if (children?.symbol) return eesCell(children);
  if (!isNumber(spendThousands) || !isNumber(children) || children.value <= 0) return { value: null, symbol: null };
  return { value: Math.round((spendThousands.value * 1000) / children.value), symbol: null };
}

export interface GroupSpend {
  /** Total spend (GBP thousands) of the councils with a number for both. */
  spendThousands: number | null;
  children: number | null;
  perChild: number | null;
  /** Councils with a number for both the spend and the children. */
  included: number;
  /** Councils in the group. */
  of: number;
}

/** The spend per child of a group of councils: the sum of their spend over the sum of their children. */
export function groupSpend(codes: readonly string[], field: string, input: Pick<SpendInput, 'spend' | 'children'>): GroupSpend {
  let spend = 0;
  let children = 0;
  let included = 0;
  for (const code of codes) {
    const s = input.spend.get(code)?.get(field);
    const c = input.children.get(code);
    if (!isNumber(s) || !isNumber(c) || c.value <= 0) continue;
    spend += s.value;
    children += c.value;
    included += 1;
  }
  return {
    spendThousands: included > 0 ? spend : null,
    children: included > 0 ? children : null,
    perChild: included > 0 ? Math.round((spend * 1000) / children) : null,
    included,
    of: codes.length,
  };
}

export interface SpendMeasureResult {
  measure: SpendMeasure;
  council: Cell;
  /** The council's spend in GBP thousands, as published. */
  councilSpend: Cell;
  comparator: GroupSpend;
  region: GroupSpend;
  england: GroupSpend;
  /** 1 = the highest spend per child; equal figures share the lower rank. */
  rank: number | null;
  quartile: number | null;
  ranked: number;
}

export interface SpendReport {
  year: string;
  /** The 31 March children are counted at (YYYY-MM-DD). */
  childrenAt: string;
  council: SpendCouncil;
  children: Cell;
  comparatorSize: number;
  regionSize: number;
  englandSize: number;
  measures: SpendMeasureResult[];
  /** False when no children looked after at the end of the year are stored at all. */
  childrenLoaded: boolean;
}

/** A council's spend per child looked after, its comparator group's, region's and England's, and its rank. */
export function spendReport(la: string, comparators: readonly string[], input: SpendInput): SpendReport | null {
  const council = input.councils.find((c) => c.code === la);
  if (!council) return null;
  const all = input.councils.map((c) => c.code);
  const region = council.regionCode ? input.councils.filter((c) => c.regionCode === council.regionCode).map((c) => c.code) : [];
  const members = comparators.filter((c) => c !== la);
  const measures = SPEND_MEASURES.map((measure): SpendMeasureResult => {
    const own = input.spend.get(la)?.get(measure.field);
    const { ranks, ranked } = rankAreas(all.map((code) => ({ code, value: spendPerChild(input.spend.get(code)?.get(measure.field), input.children.get(code)).value })));
    const rank = ranks.get(la) ?? null;
    return {
      measure,
      council: spendPerChild(own, input.children.get(la)),
      councilSpend: eesCell(own),
      comparator: groupSpend(members, measure.field, input),
      region: groupSpend(region, measure.field, input),
      england: groupSpend(all, measure.field, input),
      rank,
      quartile: rank === null ? null : quartileOf(rank, ranked),
      ranked,
    };
  });
  return {
    year: input.year,
    childrenAt: ro3PeriodEnd(input.year),
    council,
    children: eesCell(input.children.get(la)),
    comparatorSize: members.length,
    regionSize: region.length,
    englandSize: all.length,
    measures,
    childrenLoaded: input.children.size > 0,
  };
}

const num = (value: number | null): Cell => ({ value, symbol: null });

/** The report as the table its chart, data table and download show: a row per measure. */
export function spendTable(r: SpendReport): DataTable {
  const regionLabel = r.council.regionName ?? 'Region';
  const at = formatDate(r.childrenAt);
  const columns: DataTable['columns'] = [
    { key: 'council', label: r.council.name, unit: 'gbp' },
    { key: 'comparator', label: `Comparator group (${r.comparatorSize} council${r.comparatorSize === 1 ? '' : 's'})`, unit: 'gbp' },
    { key: 'region', label: regionLabel, unit: 'gbp' },
    { key: 'england', label: 'England', unit: 'gbp' },
    { key: 'spend', label: `${r.council.name}: expenditure (£ thousands)`, unit: 'count' },
    { key: 'children', label: `${r.council.name}: children looked after at ${at}`, unit: 'count' },
    { key: 'rank', label: 'Rank (1 = highest)', unit: 'count' },
    { key: 'quartile', label: 'Quartile (1 = highest)', unit: 'count' },
    { key: 'ranked', label: 'Councils ranked', unit: 'count' },
  ];
  const rows: DataTable['rows'] = r.measures.map((m) => ({
    key: m.measure.id,
    label: m.measure.label,
    chartLabel: m.measure.id === 'total' ? 'All spend' : m.measure.label,
    cells: {
      council: m.council,
      comparator: num(m.comparator.perChild),
      region: num(m.region.perChild),
      england: num(m.england.perChild),
      spend: m.councilSpend,
      children: r.children,
      rank: num(m.rank),
      quartile: num(m.quartile),
      ranked: num(m.ranked),
    },
  }));
  const total = r.measures.find((m) => m.measure.id === 'total')!;
  const f = (c: Cell) => formatCell(c, 'gbp').replace(/\.00$/, '');
  const description =
    `Bar chart of spend per child looked after in ${r.year} (all spend, residential care and fostering services) for ${r.council.name}, ` +
    `its comparator group, ${regionLabel} and England. All spend: ${r.council.name} ${f(total.council)}, comparator group ${f(num(total.comparator.perChild))}, ` +
    `${regionLabel} ${f(num(total.region.perChild))}, England ${f(num(total.england.perChild))}` +
    (total.rank !== null ? `; rank ${total.rank} of ${total.ranked} councils (quartile ${total.quartile}).` : '.');
  const groups = [
    { name: 'comparator group', of: (m: SpendMeasureResult) => m.comparator },
    { name: regionLabel, of: (m: SpendMeasureResult) => m.region },
    { name: 'England', of: (m: SpendMeasureResult) => m.england },
  ];
  const partial = groups.some((g) => r.measures.some((m) => g.of(m).included < g.of(m).of));
  const coverage = groups
    .map((g) => `${g.name} ${r.measures.map((m) => g.of(m).included).join(', ')} of ${g.of(r.measures[0]!).of}`)
    .join('; ');
  const notes = [
    `Spend per child looked after is the expenditure on children looked after in the financial year ${r.year} ` +
      `(revenue outturn RO3, line C3: employees and running expenses, before income) divided by the number of children looked after at ${at}, in pounds.`,
    'Residential care and fostering services are parts of the whole spend, divided by the same number of all children looked after: ' +
      'they are not the cost of a residential or foster placement.',
    'Comparator group, region and England: the total spend of their councils divided by their total children looked after, over the councils ' +
      'with a number for both (each council counts in proportion to its children). England is the sum of the councils, not MHCLG’s England row.',
    'Rank 1 is the highest spend per child among the councils with a figure; equal figures share the lower rank. Quartile 1 holds the highest quarter.',
    'Expenditure is published in thousands of pounds and children looked after are counted on one day, so the figures are a guide to how spend compares, not a unit cost.',
    ...(r.childrenLoaded
      ? []
      : [`No children looked after at ${at} are stored: import the Department for Education’s children looked after at 31 March by characteristics for ${ro3YearEnd(r.year)}.`]),
    ...(partial
      ? [`Councils with a number for both spend and children (${r.measures.map((m) => m.measure.label.toLowerCase()).join(', ')}): ${coverage}.`]
      : []),
    'Symbols: c confidential (suppressed), x not available, z not applicable, – no figure.',
  ];
  return {
    id: 'benchmark-spend',
    title: `Spend per child looked after, ${r.year}`,
    description,
    rowHeader: 'Spend per child looked after',
    columns,
    rows,
    notes,
    keys: [],
  };
}
