import { FigureIndex, type Figure, type FigureKey } from './figures';
import type { Cell, Unit } from './format';
import {
  AGE_BANDS,
  NEEDS,
  PROVISIONS,
  SETTINGS,
  SETTING_PARTS,
  type AgeBand,
  type Measure,
  type Need,
  type Provision,
  type Setting,
} from './template/codes';

/**
 * The catalogue of metrics: one definition of every figure the product computes from the
 * sufficiency figures of a council and period. Pages, priority status, exports and the public
 * side all read metrics through here.
 */

export type Dimension = 'setting' | 'provision' | 'ageBand' | 'need';

export interface Segment {
  setting: Setting;
  provision: Provision;
  ageBand: AgeBand;
  need: Need;
}

export const ALL_SEGMENT: Segment = { setting: 'all', provision: 'all', ageBand: 'all', need: 'all' };

export interface Metric {
  id: MetricId;
  label: string;
  unit: Unit;
  /** In plain words, shown wherever the metric is. */
  definition: string;
  /** The dimensions a segment may narrow; the others must stay `all`. */
  dimensions: readonly Dimension[];
  /** Which way is better, for charts and defaults; a priority states its own direction. */
  better: 'higher' | 'lower';
  calculate(ix: FigureIndex, segment: Segment): Cell;
}

const MISSING: Cell = { value: null, symbol: null };
const NA: Cell = { value: null, symbol: 'x' };

function get(ix: FigureIndex, segment: Segment, measure: Measure, over: Partial<FigureKey> = {}): Cell {
  const f = ix.get({ ...segment, measure, ...over });
  return f ? { value: f.value, symbol: f.symbol } : MISSING;
}

/** Combines cells with f when all are numbers; a symbol anywhere gives x, a missing one missing. */
function combine(cells: Cell[], f: (...v: number[]) => number): Cell {
  if (cells.some((c) => c.symbol)) return NA;
  if (cells.some((c) => c.value === null)) return MISSING;
  const out = f(...cells.map((c) => c.value!));
  return Number.isFinite(out) ? { value: out, symbol: null } : NA;
}

const ratio = (part: Cell, whole: Cell): Cell => combine([part, whole], (p, w) => (w === 0 ? NaN : (p / w) * 100));

/** Weeks in a year, for annual spend from weekly costs: 365 / 7. */
export const WEEKS_PER_YEAR = 365 / 7;

const ALL_DIMS: readonly Dimension[] = ['setting', 'provision', 'ageBand', 'need'];
const NO_PROVISION: readonly Dimension[] = ['setting', 'ageBand', 'need'];
const AGE_NEED: readonly Dimension[] = ['ageBand', 'need'];

function family(ix: FigureIndex, s: Segment, over: Partial<FigureKey> = {}): Cell {
  return combine(
    [get(ix, s, 'children_placed', { setting: 'fostering', ...over }), get(ix, s, 'children_placed', { setting: 'kinship_fostering', ...over })],
    (a, b) => a + b,
  );
}

/** Demand: children placed plus referrals not matched (domain primer, metric 8). */
function demand(ix: FigureIndex, s: Segment): Cell {
  const seg = { ...s, provision: 'all' as Provision };
  return combine([get(ix, seg, 'children_placed'), get(ix, seg, 'referrals_unmatched')], (a, b) => a + b);
}

/** The count over the count behind each percentage: disclosure control needs the numerator. */
export interface Fraction {
  numerator: Cell;
  denominator: Cell;
}

const residentialCount = (ix: FigureIndex, s: Segment): Cell =>
  combine(
    [get(ix, s, 'children_placed', { setting: 'residential', provision: 'all' }), get(ix, s, 'children_placed', { setting: 'secure', provision: 'all' })],
    (a, b) => a + b,
  );

const FRACTIONS = {
  vacancy_rate: (ix: FigureIndex, s: Segment): Fraction => ({ numerator: get(ix, s, 'places_vacant'), denominator: get(ix, s, 'places') }),
  pct_family_settings: (ix: FigureIndex, s: Segment): Fraction => ({
    numerator: family(ix, s, { provision: 'all' }),
    denominator: get(ix, s, 'children_placed', { setting: 'all', provision: 'all' }),
  }),
  pct_fostering_in_house: (ix: FigureIndex, s: Segment): Fraction => ({
    numerator: family(ix, s, { provision: 'in_house' }),
    denominator: family(ix, s, { provision: 'all' }),
  }),
  pct_residential: (ix: FigureIndex, s: Segment): Fraction => ({
    numerator: residentialCount(ix, s),
    denominator: get(ix, s, 'children_placed', { setting: 'all', provision: 'all' }),
  }),
  pct_over_20_miles: (ix: FigureIndex, s: Segment): Fraction => ({
    numerator: get(ix, s, 'placed_over_20_miles'),
    denominator: get(ix, s, 'children_placed'),
  }),
  pct_outside_la: (ix: FigureIndex, s: Segment): Fraction => ({
    numerator: get(ix, s, 'placed_outside_la'),
    denominator: get(ix, s, 'children_placed'),
  }),
} as const;

const fromFraction = (f: (ix: FigureIndex, s: Segment) => Fraction) => (ix: FigureIndex, s: Segment) => {
  const { numerator, denominator } = f(ix, s);
  return ratio(numerator, denominator);
};

/** The numerator and denominator of a percentage metric, or null for a metric that is not one. */
export function metricFraction(metric: Metric, figures: readonly Figure[] | FigureIndex, segment: Segment = ALL_SEGMENT): Fraction | null {
  const f = (FRACTIONS as Record<string, (ix: FigureIndex, s: Segment) => Fraction>)[metric.id];
  if (!f) return null;
  return f(figures instanceof FigureIndex ? figures : FigureIndex.of(figures), segment);
}

const METRIC_LIST = [
  {
    id: 'children_placed',
    label: 'Children placed',
    unit: 'count',
    definition: 'Children placed on the last day of the period.',
    dimensions: ALL_DIMS,
    better: 'lower',
    calculate: (ix, s) => get(ix, s, 'children_placed'),
  },
  {
    id: 'places',
    label: 'Places available',
    unit: 'count',
    definition: 'Approved or registered places available to the council on the last day of the period.',
    dimensions: ALL_DIMS,
    better: 'higher',
    calculate: (ix, s) => get(ix, s, 'places'),
  },
  {
    id: 'places_vacant',
    label: 'Places vacant',
    unit: 'count',
    definition: 'Places empty and usable on the last day of the period.',
    dimensions: ALL_DIMS,
    better: 'lower',
    calculate: (ix, s) => get(ix, s, 'places_vacant'),
  },
  {
    id: 'vacancy_rate',
    label: 'Vacancy rate',
    unit: 'percent',
    definition: 'Places vacant as a percentage of places available.',
    dimensions: ALL_DIMS,
    better: 'lower',
    calculate: fromFraction(FRACTIONS.vacancy_rate),
  },
  {
    id: 'referrals_unmatched',
    label: 'Referrals unmatched',
    unit: 'count',
    definition: 'Requests for a placement in the period that could not be matched to a placement of the kind sought.',
    dimensions: NO_PROVISION,
    better: 'lower',
    calculate: (ix, s) => get(ix, { ...s, provision: 'all' }, 'referrals_unmatched'),
  },
  {
    id: 'demand',
    label: 'Demand',
    unit: 'count',
    definition: 'Children placed plus referrals in the period that could not be matched.',
    dimensions: NO_PROVISION,
    better: 'lower',
    calculate: (ix, s) => demand(ix, s),
  },
  {
    id: 'commissioning_need',
    label: 'Places to commission',
    unit: 'count',
    definition: 'Demand above the council’s own (in-house) places: what must be bought from others. Never below 0.',
    dimensions: NO_PROVISION,
    better: 'lower',
    calculate: (ix, s) => combine([demand(ix, s), get(ix, { ...s, provision: 'in_house' }, 'places')], (d, p) => Math.max(0, d - p)),
  },
  {
    id: 'unmet_need',
    label: 'Unmet need',
    unit: 'count',
    definition: 'Demand above all places available, in-house and commissioned. Never below 0.',
    dimensions: NO_PROVISION,
    better: 'lower',
    calculate: (ix, s) => combine([demand(ix, s), get(ix, { ...s, provision: 'all' }, 'places')], (d, p) => Math.max(0, d - p)),
  },
  {
    id: 'pct_family_settings',
    label: 'Children in family settings',
    unit: 'percent',
    definition: 'Children in foster care (including kinship) as a percentage of all children placed.',
    dimensions: AGE_NEED,
    better: 'higher',
    calculate: fromFraction(FRACTIONS.pct_family_settings),
  },
  {
    id: 'pct_fostering_in_house',
    label: 'Fostering that is in-house',
    unit: 'percent',
    definition: 'Children fostered by the council’s own carers as a percentage of all children in foster care (including kinship).',
    dimensions: AGE_NEED,
    better: 'higher',
    calculate: fromFraction(FRACTIONS.pct_fostering_in_house),
  },
  {
    id: 'pct_residential',
    label: "Children in children's homes",
    unit: 'percent',
    definition: "Children in children's homes, including secure homes, as a percentage of all children placed.",
    dimensions: AGE_NEED,
    better: 'lower',
    calculate: fromFraction(FRACTIONS.pct_residential),
  },
  {
    id: 'pct_over_20_miles',
    label: 'Placed more than 20 miles from home',
    unit: 'percent',
    definition: 'Children placed more than 20 miles from home as a percentage of the children placed.',
    dimensions: ALL_DIMS,
    better: 'lower',
    calculate: fromFraction(FRACTIONS.pct_over_20_miles),
  },
  {
    id: 'pct_outside_la',
    label: 'Placed outside the council',
    unit: 'percent',
    definition: 'Children placed outside the council’s boundary as a percentage of the children placed.',
    dimensions: ALL_DIMS,
    better: 'lower',
    calculate: fromFraction(FRACTIONS.pct_outside_la),
  },
  {
    id: 'avg_weekly_cost',
    label: 'Average weekly cost',
    unit: 'gbp',
    definition: 'Average weekly cost of a placement; totals are weighted by the children placed.',
    dimensions: ALL_DIMS,
    better: 'lower',
    calculate: (ix, s) => get(ix, s, 'weekly_cost_gbp'),
  },
  {
    id: 'annual_spend',
    label: 'Annual spend (estimate)',
    unit: 'gbp',
    definition:
      'Children placed times the average weekly cost times 365/7 weeks, added up over every setting and provision recorded.',
    dimensions: ['setting', 'provision'],
    better: 'lower',
    calculate: (ix, s) => annualSpend(ix, s),
  },
  {
    id: 'carer_households',
    label: 'Approved fostering households',
    unit: 'count',
    definition: 'Approved fostering households on the last day of the period.',
    dimensions: ['setting'],
    better: 'higher',
    calculate: (ix, s) => fosteringMeasure(ix, s, 'carer_households'),
  },
  {
    id: 'households_approved',
    label: 'Fostering households approved',
    unit: 'count',
    definition: 'Fostering households newly approved in the period.',
    dimensions: ['setting'],
    better: 'higher',
    calculate: (ix, s) => fosteringMeasure(ix, s, 'households_approved'),
  },
] as const satisfies ReadonlyArray<Omit<Metric, 'id'> & { id: string }>;

export type MetricId = (typeof METRIC_LIST)[number]['id'];
export const METRICS: readonly Metric[] = METRIC_LIST as unknown as readonly Metric[];
export const METRIC_IDS = METRICS.map((m) => m.id) as readonly MetricId[];

export function getMetric(id: string): Metric | undefined {
  return METRICS.find((m) => m.id === id);
}

/** Fostering recruitment measures exist for fostering and kinship only; `all` adds the two. */
function fosteringMeasure(ix: FigureIndex, s: Segment, measure: Measure): Cell {
  const seg = { ...ALL_SEGMENT, provision: 'in_house' as Provision };
  if (s.setting === 'fostering' || s.setting === 'kinship_fostering') return get(ix, { ...seg, setting: s.setting }, measure);
  if (s.setting !== 'all') return NA;
  return combine([get(ix, seg, measure, { setting: 'fostering' }), get(ix, seg, measure, { setting: 'kinship_fostering' })], (a, b) => a + b);
}

function annualSpend(ix: FigureIndex, s: Segment): Cell {
  const settings = s.setting === 'all' ? SETTING_PARTS : [s.setting];
  const provisions: Provision[] =
    s.provision === 'all' ? ['in_house', 'other_la', 'other_public', 'private', 'voluntary', 'parents'] : s.provision === 'commissioned' ? ['other_la', 'other_public', 'private', 'voluntary'] : [s.provision];
  let total = 0;
  let any = false;
  for (const setting of settings) {
    for (const provision of provisions) {
      const placed = get(ix, ALL_SEGMENT, 'children_placed', { setting, provision });
      const cost = get(ix, ALL_SEGMENT, 'weekly_cost_gbp', { setting, provision });
      if (placed.value === null || placed.value === 0) continue;
      if (placed.symbol || cost.symbol || cost.value === null) return NA;
      total += placed.value * cost.value * WEEKS_PER_YEAR;
      any = true;
    }
  }
  return any ? { value: Math.round(total), symbol: null } : MISSING;
}

/** Why a segment does not suit a metric, or null when it does. */
export function segmentProblem(metric: Metric, segment: Segment): string | null {
  const narrowed = (Object.keys(ALL_SEGMENT) as Dimension[]).filter((d) => segment[d] !== 'all');
  const bad = narrowed.filter((d) => !metric.dimensions.includes(d));
  if (bad.length === 0) return null;
  const names: Record<Dimension, string> = { setting: 'setting', provision: 'provision', ageBand: 'age band', need: 'need' };
  return `${metric.label} is not defined for a particular ${bad.map((d) => names[d]).join(' or ')}; it can be narrowed by ${
    metric.dimensions.length ? metric.dimensions.map((d) => names[d]).join(', ') : 'nothing'
  }`;
}

export function isSegment(v: Record<string, string>): v is Record<string, string> & Segment {
  return (
    (SETTINGS as readonly string[]).includes(v.setting ?? '') &&
    (PROVISIONS as readonly string[]).includes(v.provision ?? '') &&
    (AGE_BANDS as readonly string[]).includes(v.ageBand ?? '') &&
    (NEEDS as readonly string[]).includes(v.need ?? '')
  );
}

/** A metric's value for one period's effective figures. */
export function metricValue(metric: Metric, figures: readonly Figure[] | FigureIndex, segment: Segment = ALL_SEGMENT): Cell {
  const ix = figures instanceof FigureIndex ? figures : FigureIndex.of(figures);
  return metric.calculate(ix, segment);
}
