import { getMetric, metricFraction, metricValue, type Segment } from './catalogue';
import { isSmallCount, protectSystem, roundPercent, SUPPRESS_MAX, suppressCount, type DisclosureSystem, type LinearConstraint, type LinearExpr, type PublishedRate } from './disclosure';
import { FigureIndex, type Figure } from './figures';
import { formatPeriodShort, type Cell, type Unit } from './format';
import { evaluatePriority, isoDay, type Direction, type Status } from './priorities';
import { homesBySector, homesBySize, SECTOR_GROUPS, SECTOR_LABELS, SIZE_BANDS, SIZE_LABELS, type MarketSetting } from './market';
import type { DataTable } from './tables';
import { AGE_BAND_LABELS, AGE_BAND_PARTS, NEED_LABELS, NEEDS, SETTING_LABELS, type Setting } from './template/codes';

/**
 * What a council publishes for providers: built from its current figures and priorities at the
 * moment of publishing, with disclosure control applied to every count and rate, and stored as a
 * snapshot. Pages, CSV downloads and the public API all serve this one object.
 */
export type PublicTable = Omit<DataTable, 'keys'>;

export interface PublicPriority {
  title: string;
  measure: string;
  definition: string;
  unit: Unit;
  direction: Direction;
  baseline: Cell;
  baselineDate: string;
  target: Cell;
  targetDate: string;
  latest: Cell | null;
  latestPeriod: string | null;
  status: Status;
  narrative: string;
}

export interface PublicSettingNeeds {
  setting: Setting;
  label: string;
  summary: { demand: Cell; toCommission: Cell; unmetNeed: Cell; pctOutsideLa: Cell; pctOver20Miles: Cell };
  byAge: PublicTable;
  byNeed: PublicTable;
  trend: PublicTable;
}

export interface PublicEvent {
  date: string;
  title: string;
  where: string;
}

/** Children's homes registered with Ofsted in the council's area (settings, not children: not suppressed). */
export interface PublicSupply {
  /** The date of the Ofsted register. */
  asAt: string;
  bySector: { key: string; label: string; homes: number; places: number }[];
  bySize: { key: string; label: string; homes: number; places: number }[];
}

export interface PublicNeeds {
  schemaVersion: 1;
  council: { code: string; name: string; region: string | null };
  periodEnd: string;
  publishedAt: string;
  profile: { vision: string; modelOfCare: string; contact: string };
  events: PublicEvent[];
  priorities: PublicPriority[];
  settings: PublicSettingNeeds[];
  /** Absent in publications made before it was added, and where no register is loaded. */
  supply?: PublicSupply | null;
  /** What the council pays by setting, as bands: only where the commissioner chose to publish it. */
  costs?: PublicCost[] | null;
}

export interface PublicCost {
  setting: Setting;
  label: string;
  /** "£4,000 to £4,999 a week", or null with the symbol when not shown. */
  band: string | null;
  symbol: string | null;
}

/**
 * A weekly cost as a band: £500 wide below £2,000, £1,000 wide up to £10,000, then open. Bands,
 * not figures, so no one provider's price can be read from an average of a few placements.
 */
export function costBand(weekly: number): string {
  const gbp = (n: number) => `£${n.toLocaleString('en-GB')}`;
  if (weekly >= 10_000) return `${gbp(10_000)} or more a week`;
  const width = weekly < 2_000 ? 500 : 1_000;
  const low = Math.floor(weekly / width) * width;
  return `${gbp(low)} to ${gbp(low + width - 1)} a week`;
}

/**
 * The average weekly cost of commissioned placements in each setting, as a band; "c" where fewer
 * than 6 children are in such placements (an average of a few is nearly one child's price) and
 * blank where the council gave no cost.
 */
function publicCosts(ix: FigureIndex): PublicCost[] {
  return PUBLIC_SETTINGS.map((setting) => {
    const s = seg(setting, { provision: 'commissioned' });
    const cost = value(ix, 'avg_weekly_cost', s);
    const children = ix.get({ ...s, measure: 'children_placed' })?.value ?? null;
    const base = { setting, label: SETTING_LABELS[setting] };
    if (cost.symbol !== null || cost.value === null) return { ...base, band: null, symbol: cost.symbol };
    if (children === null || children <= SUPPRESS_MAX) return { ...base, band: null, symbol: 'c' };
    return { ...base, band: costBand(cost.value), symbol: null };
  });
}

/** The settings providers can offer placements in. */
export const PUBLIC_SETTINGS: readonly Setting[] = ['fostering', 'kinship_fostering', 'residential', 'secure', 'supported_accommodation'];

const seg = (setting: Setting, over: Partial<Segment> = {}): Segment => ({ setting, provision: 'all', ageBand: 'all', need: 'all', ...over });

function value(ix: FigureIndex, id: string, segment: Segment): Cell {
  return metricValue(getMetric(id)!, ix, segment);
}

const COUNT_COLUMNS = [
  { key: 'children_placed', label: 'Children placed', unit: 'count' as Unit },
  { key: 'demand', label: 'Demand', unit: 'count' as Unit },
  { key: 'commissioning_need', label: 'Places to commission', unit: 'count' as Unit },
  { key: 'unmet_need', label: 'Unmet need', unit: 'count' as Unit },
];
const LETTER: Record<string, string> = { children_placed: 'P', demand: 'D', commissioning_need: 'TC', unmet_need: 'UN' };
const RATE_METRICS = { pctOutsideLa: 'pct_outside_la', pctOver20Miles: 'pct_over_20_miles' } as const;

/**
 * One setting's published figures before disclosure control, and the linear system they make
 * (docs/disclosure.md): unknown `P|10_15` is children placed aged 10-15, `D|need:disabled` demand
 * for disabled children, `TC|year:2023-03-31` places to commission that year; `all` is all ages of
 * the latest year, the same figure wherever it appears (table total, summary, trend).
 */
interface SettingRaw {
  cells: Map<string, Cell>;
  system: DisclosureSystem;
}

function settingRaw(series: ReadonlyArray<{ periodEnd: string; figures: readonly Figure[] }>, setting: Setting): SettingRaw {
  const latest = series[series.length - 1]!;
  const ix = FigureIndex.of(latest.figures);
  const cells = new Map<string, Cell>();
  const put = (name: string, c: Cell) => cells.set(name, c);
  const ages = [...AGE_BAND_PARTS];
  const rows: string[] = [];
  for (const a of [...ages, 'all' as const]) {
    rows.push(a);
    for (const c of COUNT_COLUMNS) put(`${LETTER[c.key]}|${a}`, value(ix, c.key, seg(setting, { ageBand: a })));
  }
  for (const n of NEEDS.filter((x) => x !== 'all')) {
    rows.push(`need:${n}`);
    for (const c of COUNT_COLUMNS.slice(1)) put(`${LETTER[c.key]}|need:${n}`, value(ix, c.key, seg(setting, { need: n })));
  }
  for (const { periodEnd, figures } of series.slice(0, -1)) {
    rows.push(`year:${periodEnd}`);
    const yix = FigureIndex.of(figures);
    for (const c of COUNT_COLUMNS.slice(1)) put(`${LETTER[c.key]}|year:${periodEnd}`, value(yix, c.key, seg(setting)));
  }
  const values = new Map<string, number | null>();
  for (const [k, c] of cells) values.set(k, c.symbol === null ? c.value : null);
  const rates: PublishedRate[] = [];
  for (const [id, metric] of Object.entries(RATE_METRICS)) {
    const f = metricFraction(getMetric(metric)!, ix, seg(setting))!;
    const n = id === 'pctOutsideLa' ? 'O' : 'M';
    values.set(n, f.numerator.symbol === null ? f.numerator.value : null);
    rates.push({ id, numerator: { [n]: 1 }, denominator: 'P|all' });
  }
  const constraints: LinearConstraint[] = [];
  const guesses: LinearConstraint[] = [];
  const derived: { name: string; expr: LinearExpr }[] = [];
  const sum = (l: string) => Object.fromEntries([...ages.map((a) => [`${l}|${a}`, 1]), [`${l}|all`, -1]]) as LinearExpr;
  for (const r of rows) {
    // Places to commission and unmet need are demand above some places, never below 0.
    constraints.push({ expr: { [`TC|${r}`]: 1, [`D|${r}`]: -1 }, max: 0 }, { expr: { [`UN|${r}`]: 1, [`TC|${r}`]: -1 }, max: 0 });
    if (!r.includes(':')) {
      // Demand = children placed + unmatched referrals, and those referrals are a count too.
      const referrals = { [`D|${r}`]: 1, [`P|${r}`]: -1 };
      constraints.push({ expr: referrals, min: 0 });
      derived.push({ name: `R|${r}`, expr: referrals });
    }
    const subset = { [`D|${r}`]: 1, 'D|all': -1 };
    if (r.startsWith('need:')) guesses.push({ expr: subset, max: 0 });
  }
  for (const l of ['P', 'D']) constraints.push({ expr: sum(l), min: 0, max: 0 });
  for (const l of ['TC', 'UN']) {
    // The sum of max(0, .) over parts is at least the total's; equal when no part has spare places.
    constraints.push({ expr: sum(l), min: 0 });
    guesses.push({ expr: sum(l), min: 0, max: 0 });
  }
  for (const n of ['O', 'M']) {
    const complement = { 'P|all': 1, [n]: -1 };
    constraints.push({ expr: complement, min: 0 });
    derived.push({ name: `${n}:complement`, expr: complement });
  }
  return { cells, system: { values, cells: [...cells.keys()], rates, constraints, guesses, derived } };
}

interface ProtectedSetting {
  cell: (name: string) => Cell;
  rate: (id: keyof typeof RATE_METRICS) => Cell;
}

function protectSetting(raw: SettingRaw): ProtectedSetting {
  const p = protectSystem(raw.system);
  return {
    cell: (name) => (p.suppressed.has(name) ? { value: null, symbol: 'c' } : suppressCount(raw.cells.get(name) ?? { value: null, symbol: null })),
    rate: (id) => {
      if (p.suppressed.has(id)) {
        const n = raw.system.values.get(id === 'pctOutsideLa' ? 'O' : 'M');
        // A rate with no figure behind it stays blank; only a real one is "c".
        return n === null || n === undefined || raw.system.values.get('P|all') === 0 ? { value: null, symbol: null } : { value: null, symbol: 'c' };
      }
      return { value: p.rates.get(id) ?? null, symbol: null };
    },
  };
}

function byAgeTable(p: ProtectedSetting, setting: Setting): PublicTable {
  const ages = [...AGE_BAND_PARTS, 'all' as const];
  return {
    id: `${setting}-by-age`,
    title: `${SETTING_LABELS[setting]}: need by age`,
    description: `Bar chart of demand and of the placements the council needs commissioned in ${SETTING_LABELS[setting].toLowerCase()}, by age band.`,
    rowHeader: 'Age band',
    columns: COUNT_COLUMNS,
    rows: ages.map((a) => ({
      key: a,
      label: AGE_BAND_LABELS[a],
      total: a === 'all',
      cells: Object.fromEntries(COUNT_COLUMNS.map((c) => [c.key, p.cell(`${LETTER[c.key]}|${a}`)])),
    })),
    notes: NOTES,
  };
}

function byNeedTable(p: ProtectedSetting, setting: Setting): PublicTable {
  const needs = NEEDS.filter((n) => n !== 'all');
  const cols = COUNT_COLUMNS.slice(1);
  return {
    id: `${setting}-by-need`,
    title: `${SETTING_LABELS[setting]}: need by children's needs`,
    description: `Bar chart of demand and of the placements needed in ${SETTING_LABELS[setting].toLowerCase()} for children with particular needs.`,
    rowHeader: 'Children',
    columns: cols,
    rows: needs.map((n) => ({
      key: n,
      label: NEED_LABELS[n],
      cells: Object.fromEntries(cols.map((c) => [c.key, p.cell(`${LETTER[c.key]}|need:${n}`)])),
    })),
    notes: [...NOTES, 'Needs overlap (a child can be in a sibling group and disabled), so these rows do not add up.'],
  };
}

function trendTable(p: ProtectedSetting, periods: readonly string[], setting: Setting): PublicTable {
  const cols = COUNT_COLUMNS.slice(1);
  return {
    id: `${setting}-trend`,
    title: `${SETTING_LABELS[setting]}: need over time`,
    description: `Line chart of demand and of the placements needed in ${SETTING_LABELS[setting].toLowerCase()} in each year.`,
    rowHeader: 'Year',
    columns: cols,
    rows: periods.map((periodEnd, i) => {
      const row = i === periods.length - 1 ? 'all' : `year:${periodEnd}`;
      return {
        key: periodEnd,
        label: formatPeriodShort(periodEnd),
        cells: Object.fromEntries(cols.map((c) => [c.key, p.cell(`${LETTER[c.key]}|${row}`)])),
      };
    }),
    notes: NOTES,
  };
}

const NOTES = [
  'Demand is the children placed on the last day of the year plus the requests in the year the council could not match.',
  'Places to commission is demand above the council’s own places; unmet need is demand above all the places it has, its own and those it buys.',
  'c: a number from 1 to 5, or one that would reveal such a number, is not shown to protect children’s privacy.',
];

/** Events as the commissioner types them, one a line: `YYYY-MM-DD | title | where`. Past ones are left out. */
export function parseEvents(text: string, today: string): PublicEvent[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.split('|').map((p) => p.trim()))
    .filter(([d, t]) => d && t && /^\d{4}-\d{2}-\d{2}$/.test(d) && d >= today)
    .map(([date, title, where]) => ({ date: date!, title: title!, where: where ?? '' }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

export interface NeedsInput {
  council: { code: string; name: string; regionName: string | null };
  profile: { vision: string; modelOfCare: string; contact: string; events: string; publishCosts?: boolean };
  series: ReadonlyArray<{ periodEnd: string; figures: readonly Figure[] }>;
  priorities: ReadonlyArray<
    { title: string; metric: string; narrative: string; published: boolean; baselineValue: number; targetValue: number } & Segment &
      Parameters<typeof evaluatePriority>[0]
  >;
  now: Date;
  /** The Ofsted register's settings in the council's area, as of its date. */
  supply?: { asAt: string; settings: readonly MarketSetting[] } | null;
}

function publicSupply(supply: NeedsInput['supply']): PublicSupply | null {
  if (!supply) return null;
  const bySector = homesBySector(supply.settings);
  const bySize = homesBySize(supply.settings);
  return {
    asAt: supply.asAt,
    bySector: [...SECTOR_GROUPS, 'all' as const].map((k) => ({ key: k, label: k === 'all' ? 'All sectors' : SECTOR_LABELS[k], ...bySector[k] })),
    bySize: [...SIZE_BANDS, 'unknown' as const, 'all' as const].map((k) => ({ key: k, label: k === 'all' ? 'All sizes' : SIZE_LABELS[k], ...bySize[k] })),
  };
}

/**
 * A priority's latest value as published. Where it is a figure the tables publish too (a count or
 * rate of one public setting, all provision, all ages or one band or need), it is shown or hidden
 * exactly as there, so it cannot undo a secondary suppression; otherwise a count gets primary
 * suppression and a percentage is a whole number, hidden where its numerator or complement is 1 to 5.
 */
function priorityLatest(
  p: Segment & { metric: string },
  current: Cell,
  ix: FigureIndex,
  protectedSettings: ReadonlyMap<Setting, ProtectedSetting>,
): Cell {
  const metric = getMetric(p.metric)!;
  const ps = protectedSettings.get(p.setting as Setting);
  if (ps && p.provision === 'all') {
    const letter = LETTER[p.metric];
    const row = p.need === 'all' ? p.ageBand : p.ageBand === 'all' ? `need:${p.need}` : null;
    if (letter && row && !(letter === 'P' && row.startsWith('need:'))) return ps.cell(`${letter}|${row}`);
    const rate = Object.entries(RATE_METRICS).find(([, m]) => m === p.metric)?.[0] as keyof typeof RATE_METRICS | undefined;
    if (rate && p.ageBand === 'all' && p.need === 'all') return ps.rate(rate);
  }
  if (metric.unit === 'count') return suppressCount(current);
  const f = metricFraction(metric, ix, p);
  if (!f) return current;
  const n = f.numerator.symbol === null ? f.numerator.value : null;
  const d = f.denominator.symbol === null ? f.denominator.value : null;
  if (n === null || d === null) return { value: null, symbol: current.symbol };
  const pct = roundPercent(n, d);
  if (pct === null) return { value: null, symbol: current.symbol ?? 'x' };
  return isSmallCount(n) || isSmallCount(d - n) ? { value: null, symbol: 'c' } : { value: pct, symbol: null };
}

export function buildPublicNeeds(input: NeedsInput): PublicNeeds {
  const series = [...input.series].sort((a, b) => a.periodEnd.localeCompare(b.periodEnd));
  const latest = series[series.length - 1];
  if (!latest) throw new Error(`${input.council.name} has no figures to publish`);
  const ix = FigureIndex.of(latest.figures);
  const protectedSettings = new Map(PUBLIC_SETTINGS.map((s) => [s, protectSetting(settingRaw(series, s))]));
  const periods = series.map((s) => s.periodEnd);
  const priorities: PublicPriority[] = input.priorities
    .filter((p) => p.published)
    .map((p) => {
      const metric = getMetric(p.metric)!;
      const e = evaluatePriority(p, series, isoDay(input.now));
      const isCount = metric.unit === 'count';
      return {
        title: p.title,
        measure: metric.label,
        definition: metric.definition,
        unit: metric.unit,
        direction: p.direction,
        // A measured percentage to many decimals would give its numerator back exactly: whole numbers only.
        baseline: isCount
          ? suppressCount({ value: p.baselineValue, symbol: null })
          : { value: metric.unit === 'percent' ? Math.floor(p.baselineValue + 0.5) : p.baselineValue, symbol: null },
        baselineDate: p.baselineDate,
        target: { value: p.targetValue, symbol: null },
        targetDate: p.targetDate,
        latest: e.current ? priorityLatest(p, e.current.value, ix, protectedSettings) : null,
        latestPeriod: e.current?.periodEnd ?? null,
        // A status could hint at a suppressed figure only as far as the published target does.
        status: e.status,
        narrative: p.narrative,
      };
    });
  return {
    schemaVersion: 1,
    council: { code: input.council.code, name: input.council.name, region: input.council.regionName },
    periodEnd: latest.periodEnd,
    publishedAt: input.now.toISOString(),
    profile: { vision: input.profile.vision, modelOfCare: input.profile.modelOfCare, contact: input.profile.contact },
    events: parseEvents(input.profile.events, input.now.toISOString().slice(0, 10)),
    priorities,
    settings: PUBLIC_SETTINGS.map((setting) => {
      const p = protectedSettings.get(setting)!;
      return {
        setting,
        label: SETTING_LABELS[setting],
        summary: {
          demand: p.cell('D|all'),
          toCommission: p.cell('TC|all'),
          unmetNeed: p.cell('UN|all'),
          pctOutsideLa: p.rate('pctOutsideLa'),
          pctOver20Miles: p.rate('pctOver20Miles'),
        },
        byAge: byAgeTable(p, setting),
        byNeed: byNeedTable(p, setting),
        trend: trendTable(p, periods, setting),
      };
    }),
    supply: publicSupply(input.supply),
    costs: input.profile.publishCosts ? publicCosts(ix) : null,
  };
}
