import { getMetric, metricFraction, metricValue, type Segment } from './catalogue';
import { protectTable, suppressCount, suppressRate } from './disclosure';
import { FigureIndex, type Figure } from './figures';
import { formatPeriodShort, type Cell, type Unit } from './format';
import { evaluatePriority, isoDay, type Direction, type Status } from './priorities';
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

export interface PublicNeeds {
  schemaVersion: 1;
  council: { code: string; name: string; region: string | null };
  periodEnd: string;
  publishedAt: string;
  profile: { vision: string; modelOfCare: string; contact: string };
  events: PublicEvent[];
  priorities: PublicPriority[];
  settings: PublicSettingNeeds[];
}

/** The settings providers can offer placements in. */
export const PUBLIC_SETTINGS: readonly Setting[] = ['fostering', 'kinship_fostering', 'residential', 'secure', 'supported_accommodation'];

const seg = (setting: Setting, over: Partial<Segment> = {}): Segment => ({ setting, provision: 'all', ageBand: 'all', need: 'all', ...over });

function value(ix: FigureIndex, id: string, segment: Segment): Cell {
  return metricValue(getMetric(id)!, ix, segment);
}

/** A percentage with its numerator under disclosure control. */
function publicRate(ix: FigureIndex, id: string, segment: Segment): Cell {
  const metric = getMetric(id)!;
  const f = metricFraction(metric, ix, segment);
  const rate = metricValue(metric, ix, segment);
  return f ? suppressRate(rate, suppressCount(f.numerator)) : rate;
}

const COUNT_COLUMNS = [
  { key: 'children_placed', label: 'Children placed', unit: 'count' as Unit },
  { key: 'demand', label: 'Demand', unit: 'count' as Unit },
  { key: 'commissioning_need', label: 'Places to commission', unit: 'count' as Unit },
  { key: 'unmet_need', label: 'Unmet need', unit: 'count' as Unit },
];
/** Columns that add up over age bands, so their total line needs secondary suppression. */
const ADDITIVE = new Set(['children_placed', 'demand']);

function byAgeTable(ix: FigureIndex, setting: Setting): PublicTable {
  const ages = [...AGE_BAND_PARTS];
  const cells: Record<string, Record<string, Cell>> = {};
  for (const a of [...ages, 'all' as const]) cells[a] = {};
  for (const c of COUNT_COLUMNS) {
    const parts = ages.map((a) => value(ix, c.key, seg(setting, { ageBand: a })));
    const total = value(ix, c.key, seg(setting));
    if (ADDITIVE.has(c.key)) {
      const t = protectTable({ rows: parts.map((p) => [p]), colTotals: [total] });
      ages.forEach((a, i) => (cells[a]![c.key] = t.rows[i]![0]!));
      cells.all![c.key] = t.colTotals![0]!;
    } else {
      ages.forEach((a, i) => (cells[a]![c.key] = suppressCount(parts[i]!)));
      cells.all![c.key] = suppressCount(total);
    }
  }
  return {
    id: `${setting}-by-age`,
    title: `${SETTING_LABELS[setting]}: need by age`,
    description: `Bar chart of demand and of the placements the council needs commissioned in ${SETTING_LABELS[setting].toLowerCase()}, by age band.`,
    rowHeader: 'Age band',
    columns: COUNT_COLUMNS,
    rows: [...ages, 'all' as const].map((a) => ({ key: a, label: AGE_BAND_LABELS[a], total: a === 'all', cells: cells[a]! })),
    notes: NOTES,
  };
}

function byNeedTable(ix: FigureIndex, setting: Setting): PublicTable {
  const needs = NEEDS.filter((n) => n !== 'all');
  const cols = COUNT_COLUMNS.filter((c) => c.key !== 'children_placed');
  return {
    id: `${setting}-by-need`,
    title: `${SETTING_LABELS[setting]}: need by children's needs`,
    description: `Bar chart of demand and of the placements needed in ${SETTING_LABELS[setting].toLowerCase()} for children with particular needs.`,
    rowHeader: 'Children',
    columns: cols,
    rows: needs.map((n) => ({
      key: n,
      label: NEED_LABELS[n],
      cells: Object.fromEntries(cols.map((c) => [c.key, suppressCount(value(ix, c.key, seg(setting, { need: n })))])),
    })),
    notes: [...NOTES, 'Needs overlap (a child can be in a sibling group and disabled), so these rows do not add up.'],
  };
}

function trendTable(series: ReadonlyArray<{ periodEnd: string; figures: readonly Figure[] }>, setting: Setting): PublicTable {
  const cols = COUNT_COLUMNS.filter((c) => c.key !== 'children_placed');
  return {
    id: `${setting}-trend`,
    title: `${SETTING_LABELS[setting]}: need over time`,
    description: `Line chart of demand and of the placements needed in ${SETTING_LABELS[setting].toLowerCase()} in each year.`,
    rowHeader: 'Year',
    columns: cols,
    rows: series.map(({ periodEnd, figures }) => {
      const ix = FigureIndex.of(figures);
      return {
        key: periodEnd,
        label: formatPeriodShort(periodEnd),
        cells: Object.fromEntries(cols.map((c) => [c.key, suppressCount(value(ix, c.key, seg(setting)))])),
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
  profile: { vision: string; modelOfCare: string; contact: string; events: string };
  series: ReadonlyArray<{ periodEnd: string; figures: readonly Figure[] }>;
  priorities: ReadonlyArray<
    { title: string; metric: string; narrative: string; published: boolean; baselineValue: number; targetValue: number } & Segment &
      Parameters<typeof evaluatePriority>[0]
  >;
  now: Date;
}

export function buildPublicNeeds(input: NeedsInput): PublicNeeds {
  const series = [...input.series].sort((a, b) => a.periodEnd.localeCompare(b.periodEnd));
  const latest = series[series.length - 1];
  if (!latest) throw new Error(`${input.council.name} has no figures to publish`);
  const ix = FigureIndex.of(latest.figures);
  const priorities: PublicPriority[] = input.priorities
    .filter((p) => p.published)
    .map((p) => {
      const metric = getMetric(p.metric)!;
      const e = evaluatePriority(p, series, isoDay(input.now));
      const isCount = metric.unit === 'count';
      const fraction = metricFraction(metric, ix, p);
      const latestCell = e.current
        ? isCount
          ? suppressCount(e.current.value)
          : fraction
            ? suppressRate(e.current.value, suppressCount(fraction.numerator))
            : e.current.value
        : null;
      return {
        title: p.title,
        measure: metric.label,
        definition: metric.definition,
        unit: metric.unit,
        direction: p.direction,
        baseline: isCount ? suppressCount({ value: p.baselineValue, symbol: null }) : { value: p.baselineValue, symbol: null },
        baselineDate: p.baselineDate,
        target: { value: p.targetValue, symbol: null },
        targetDate: p.targetDate,
        latest: latestCell,
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
    settings: PUBLIC_SETTINGS.map((setting) => ({
      setting,
      label: SETTING_LABELS[setting],
      summary: {
        demand: suppressCount(value(ix, 'demand', seg(setting))),
        toCommission: suppressCount(value(ix, 'commissioning_need', seg(setting))),
        unmetNeed: suppressCount(value(ix, 'unmet_need', seg(setting))),
        pctOutsideLa: publicRate(ix, 'pct_outside_la', seg(setting)),
        pctOver20Miles: publicRate(ix, 'pct_over_20_miles', seg(setting)),
      },
      byAge: byAgeTable(ix, setting),
      byNeed: byNeedTable(ix, setting),
      trend: trendTable(series, setting),
    })),
  };
}
