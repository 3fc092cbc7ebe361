/**
 * The forecast page's tables, from a computed forecast and today's capacity: the page, its charts
 * and its CSV downloads all come from here.
 */
import type { Cell } from '../format';
import { formatDate } from '../format';
import type { DataTable } from '../tables';
import { SETTING_LABELS, SETTING_SHORT_LABELS } from '../template/codes';
import { FORECAST_SETTINGS, type BackTest, type CostYear, type ForecastSetting, type HistoryRecord, type ProjectionRecord, type ScenarioComparison } from './model';

/** The forecast horizons the page offers, in months ahead. */
export const HORIZONS = [12, 24, 36] as const;

/** What the view needs of a cached forecast (db/forecast.ts CachedForecast). */
export interface ForecastView {
  months: number;
  runs: number;
  history: HistoryRecord[];
  projection: ProjectionRecord[];
  backTest: BackTest | null;
  costs: CostYear[];
  scenario: { name: string; comparison: ScenarioComparison; projection: ProjectionRecord[] } | null;
}

export interface Plan {
  setting: ForecastSetting;
  effectiveDate: string;
  change: number;
}

const n = (value: number | null): Cell => ({ value, symbol: null });
const NA: Cell = { value: null, symbol: 'x' };
const NEVER: Cell = { value: null, symbol: 'z' };
const round = (v: number) => Math.round(v);

export const FORECAST_TABLES = ['forecast-total', 'forecast-settings', 'forecast-gap', 'forecast-gap-setting', 'forecast-backtest', 'forecast-cost', 'forecast-scenario', 'forecast-scenario-cost'] as const;
export type ForecastTableId = (typeof FORECAST_TABLES)[number];
export const isForecastTable = (v: string | null): v is ForecastTableId => FORECAST_TABLES.includes(v as ForecastTableId);

/** The projection records of one setting (or all) for every age, month by month. */
function series(records: readonly ProjectionRecord[], setting: ForecastSetting | 'all'): ProjectionRecord[] {
  return records.filter((r) => r.setting === setting && r.ageBand === 'all');
}

/**
 * Places of every setting with places known at a month end: today's places plus the planned changes
 * in effect by then (capacityAt, summed); null when no setting has places recorded.
 */
export function placesAt(places: Partial<Record<ForecastSetting, number>>, plans: readonly Plan[], monthEnd: string): number | null {
  const known = FORECAST_SETTINGS.filter((s) => places[s] !== undefined);
  return known.length === 0 ? null : known.reduce((t, s) => t + capacityAt(places[s], plans, s, monthEnd)!, 0);
}

/**
 * History of the last two years and the projection of the total, month by month, with the places
 * (today's plus the planned changes, as in the forward gap) beside the projection.
 */
export function totalTable(v: ForecastView, places: Partial<Record<ForecastSetting, number>>, plans: readonly Plan[]): DataTable {
  const hist = v.history.filter((h) => h.setting === 'all' && h.ageBand === 'all').slice(-24);
  const proj = series(v.projection, 'all');
  const known = FORECAST_SETTINGS.filter((s) => places[s] !== undefined);
  const withPlaces = known.length > 0;
  return {
    id: 'forecast-total',
    title: 'Children looked after: the last two years and the projection',
    description: `Line chart of children looked after each month end: recorded for the last ${hist.length} months, then projected for ${proj.length} months as a median with a band from the 5th to the 95th percentile of ${v.runs} simulations${withPlaces ? ", beside the places (today's plus the planned changes)" : ''}.`,
    rowHeader: 'Month end',
    columns: [
      { key: 'recorded', label: 'Recorded', unit: 'count' },
      { key: 'p5', label: 'Projected, 5th percentile', unit: 'count' },
      { key: 'p50', label: 'Projected, median', unit: 'count' },
      { key: 'p95', label: 'Projected, 95th percentile', unit: 'count' },
      ...(withPlaces ? [{ key: 'places', label: "Places (today's plus planned changes)", unit: 'count' as const }] : []),
    ],
    rows: [
      ...hist.map((h) => ({ key: h.monthEnd, label: formatDate(h.monthEnd), cells: { recorded: n(h.count), p5: n(null), p50: n(null), p95: n(null), ...(withPlaces ? { places: n(null) } : {}) } })),
      ...proj.map((p) => ({
        key: p.monthEnd,
        label: formatDate(p.monthEnd),
        cells: { recorded: n(null), p5: n(round(p.p5)), p50: n(round(p.p50)), p95: n(round(p.p95)), ...(withPlaces ? { places: n(placesAt(places, plans, p.monthEnd)) } : {}) },
      })),
    ],
    notes: [
      'Children under 18 in the projection; the recorded figures count every child looked after, as DfE does (short breaks not counted).',
      ...(withPlaces
        ? [
            `Places: the sum over the settings with places recorded (${known.map((s) => SETTING_LABELS[s].toLowerCase()).join(', ')}), as in the forward gap below; children in settings without places recorded are in the projection but have no places counted.`,
          ]
        : []),
    ],
    keys: [],
  };
}

const at = (records: readonly ProjectionRecord[], setting: ForecastSetting | 'all', month: number) => series(records, setting)[month - 1];

/** Each setting now and projected at 12, 24 and 36 months (or the horizon). */
export function settingsTable(v: ForecastView): DataTable {
  const marks = [12, 24, 36].filter((m) => m <= v.months);
  if (!marks.includes(v.months)) marks.push(v.months);
  const last = (s: ForecastSetting | 'all') => v.history.filter((h) => h.setting === s && h.ageBand === 'all').at(-1);
  const end = marks[marks.length - 1]!;
  return {
    id: 'forecast-settings',
    title: 'Projected children looked after by setting',
    description: `Table and bar chart of children looked after in each setting now and the median projection ${marks.map((m) => `${m}`).join(', ')} months ahead.`,
    rowHeader: 'Setting',
    columns: [
      { key: 'now', label: 'Now (recorded)', unit: 'count' },
      ...marks.map((m) => ({ key: `m${m}`, label: `In ${m} months (median)`, unit: 'count' as const })),
      { key: 'p5', label: `In ${end} months, 5th percentile`, unit: 'count' },
      { key: 'p95', label: `In ${end} months, 95th percentile`, unit: 'count' },
    ],
    rows: [...FORECAST_SETTINGS, 'all' as const].map((s) => {
      const e = at(v.projection, s, end);
      return {
        key: s,
        label: SETTING_LABELS[s],
        chartLabel: SETTING_SHORT_LABELS[s],
        total: s === 'all',
        cells: {
          now: n(last(s)?.count ?? null),
          ...Object.fromEntries(marks.map((m) => [`m${m}`, n(at(v.projection, s, m) ? round(at(v.projection, s, m)!.p50) : null)])),
          p5: n(e ? round(e.p5) : null),
          p95: n(e ? round(e.p95) : null),
        },
      };
    }),
    notes: ['Medians of the settings need not add up to the median of the total.'],
    keys: [],
  };
}

/** Capacity of a setting at a month end: today's places plus every planned change in effect by then. */
export function capacityAt(places: number | undefined, plans: readonly Plan[], setting: ForecastSetting, monthEnd: string): number | null {
  if (places === undefined) return null;
  return places + plans.filter((p) => p.setting === setting && p.effectiveDate <= monthEnd).reduce((t, p) => t + p.change, 0);
}

/** The first month (1-based) the median demand of a setting passes its capacity; null when it never does. */
export function monthDemandPassesCapacity(v: ForecastView, places: number | undefined, plans: readonly Plan[], setting: ForecastSetting): number | null {
  const s = series(v.projection, setting);
  for (let i = 0; i < s.length; i++) {
    const cap = capacityAt(places, plans, setting, s[i]!.monthEnd);
    if (cap !== null && s[i]!.p50 > cap) return i + 1;
  }
  return null;
}

/** The forward gap: projected demand per setting against planned capacity, and when it passes it. */
export function gapTable(v: ForecastView, places: Partial<Record<ForecastSetting, number>>, plans: readonly Plan[]): DataTable {
  const endRecord = (s: ForecastSetting) => at(v.projection, s, v.months);
  return {
    id: 'forecast-gap',
    title: `The forward gap: projected demand against planned capacity, ${v.months} months ahead`,
    description: 'Table of each setting: places today, planned changes, places at the end of the projection, the projected demand (median and 95th percentile) and the first month the median demand passes the places.',
    rowHeader: 'Setting',
    columns: [
      { key: 'places', label: 'Places today', unit: 'count' },
      { key: 'planned', label: 'Planned change', unit: 'count' },
      { key: 'capacity', label: `Places in ${v.months} months`, unit: 'count' },
      { key: 'p50', label: `Demand in ${v.months} months (median)`, unit: 'count' },
      { key: 'p95', label: `Demand in ${v.months} months (95th percentile)`, unit: 'count' },
      { key: 'gap', label: 'Gap (median demand minus places)', unit: 'count' },
      { key: 'passes', label: 'Months until demand passes places', unit: 'count' },
    ],
    rows: FORECAST_SETTINGS.map((s) => {
      const e = endRecord(s);
      const today = places[s];
      const capacity = e ? capacityAt(today, plans, s, e.monthEnd) : null;
      const planned = plans.filter((p) => p.setting === s && (!e || p.effectiveDate <= e.monthEnd)).reduce((t, p) => t + p.change, 0);
      const passes = monthDemandPassesCapacity(v, today, plans, s);
      return {
        key: s,
        label: SETTING_LABELS[s],
        chartLabel: SETTING_SHORT_LABELS[s],
        cells: {
          places: today === undefined ? NA : n(today),
          planned: n(planned),
          capacity: capacity === null ? NA : n(capacity),
          p50: n(e ? round(e.p50) : null),
          p95: n(e ? round(e.p95) : null),
          gap: capacity === null || !e ? NA : n(round(e.p50) - capacity),
          passes: today === undefined ? NA : passes === null ? NEVER : n(passes),
        },
      };
    }),
    notes: [
      "Places today: the council's latest sufficiency template figures (in-house and commissioned). x: no places recorded for the setting. z: the median demand stays within the places over the whole projection.",
      'Demand here is the projected number of children looked after in the setting; children waiting for a placement are not in the SSDA903 return.',
    ],
    keys: [],
  };
}

/** One setting's projected demand against its planned capacity, month by month: where the lines cross. */
export function gapSettingTable(v: ForecastView, setting: ForecastSetting, places: number | undefined, plans: readonly Plan[]): DataTable {
  return {
    id: 'forecast-gap-setting',
    title: `${SETTING_LABELS[setting]}: projected demand against planned places`,
    description: `Line chart of the projected children looked after in ${SETTING_LABELS[setting].toLowerCase()} each month (median and 95th percentile) against the places available, today's plus the planned changes.`,
    rowHeader: 'Month end',
    columns: [
      { key: 'p50', label: 'Demand (median)', unit: 'count' },
      { key: 'p95', label: 'Demand (95th percentile)', unit: 'count' },
      { key: 'capacity', label: 'Places', unit: 'count' },
    ],
    rows: series(v.projection, setting).map((p) => {
      const cap = capacityAt(places, plans, setting, p.monthEnd);
      return { key: p.monthEnd, label: formatDate(p.monthEnd), cells: { p50: n(round(p.p50)), p95: n(round(p.p95)), capacity: cap === null ? NA : n(cap) } };
    }),
    notes: [],
    keys: [],
  };
}

/** The back-test: the model fitted on history up to a year before the last date, predicting that year. */
export function backTestTable(bt: BackTest): DataTable {
  return {
    id: 'forecast-backtest',
    title: `How well the model predicts: fitted to ${formatDate(bt.fitWindow.end)}, predicting ${formatDate(bt.predicted.from)} to ${formatDate(bt.predicted.to)}`,
    description: 'Table of the mean absolute percentage error of the median prediction for each setting over the back-test year.',
    rowHeader: 'Setting',
    columns: [
      { key: 'mape', label: 'Mean absolute percentage error', unit: 'percent' },
      { key: 'months', label: 'Months compared', unit: 'count' },
    ],
    rows: bt.perSetting.map((s) => ({
      key: s.setting,
      label: SETTING_LABELS[s.setting],
      total: s.setting === 'all',
      cells: { mape: s.mape === null ? NA : n(Math.round(s.mape * 10) / 10), months: n(s.monthsCompared) },
    })),
    notes: [`The recorded figure fell inside the 5th to 95th percentile band in ${Math.round(bt.coverage * 100)}% of the month-and-setting cells compared.`, 'x: too few children in the setting for a percentage error.'],
    keys: [],
  };
}

export function costTable(v: ForecastView): DataTable {
  return {
    id: 'forecast-cost',
    title: 'Projected annual cost of placements',
    description: 'Table of the projected cost of placements in each year of the projection: median and the 5th to 95th percentile.',
    rowHeader: 'Year',
    columns: [
      { key: 'p5', label: '5th percentile (£)', unit: 'gbp' },
      { key: 'p50', label: 'Median (£)', unit: 'gbp' },
      { key: 'p95', label: '95th percentile (£)', unit: 'gbp' },
    ],
    rows: v.costs.map((c) => ({ key: String(c.year), label: `Year ${c.year}: ${formatDate(c.from)} to ${formatDate(c.to)}${c.months < 12 ? ` (${c.months} months)` : ''}`, cells: { p5: n(Math.round(c.p5)), p50: n(Math.round(c.p50)), p95: n(Math.round(c.p95)) } })),
    notes: ["At the council's latest recorded average weekly cost of each setting (the sufficiency template), rising by the inflation rate of the scenario compared, if any."],
    keys: [],
  };
}

export function scenarioTable(v: ForecastView): DataTable | null {
  if (!v.scenario) return null;
  const every = v.scenario.comparison.months.filter((_, i, all) => (i + 1) % 6 === 0 || i === all.length - 1);
  return {
    id: 'forecast-scenario',
    title: `Scenario "${v.scenario.name}" against the baseline`,
    description: 'Table and bar chart of the mean projected children looked after under the baseline and under the scenario, every six months, and the difference.',
    rowHeader: 'Month end',
    columns: [
      { key: 'baseline', label: 'Baseline (mean)', unit: 'count' },
      { key: 'scenario', label: 'Scenario (mean)', unit: 'count' },
      { key: 'difference', label: 'Difference', unit: 'count' },
    ],
    rows: every.map((m) => ({ key: m.monthEnd, label: formatDate(m.monthEnd), cells: { baseline: n(round(m.baseline)), scenario: n(round(m.scenario)), difference: n(round(m.difference)) } })),
    notes: [],
    keys: [],
  };
}

export function scenarioCostTable(v: ForecastView): DataTable | null {
  if (!v.scenario || v.scenario.comparison.costs.length === 0) return null;
  return {
    id: 'forecast-scenario-cost',
    title: `Annual cost: scenario "${v.scenario.name}" against the baseline`,
    description: 'Table of the mean projected annual cost of placements under the baseline and the scenario, and the difference.',
    rowHeader: 'Year',
    columns: [
      { key: 'baseline', label: 'Baseline (£)', unit: 'gbp' },
      { key: 'scenario', label: 'Scenario (£)', unit: 'gbp' },
      { key: 'difference', label: 'Difference (£)', unit: 'gbp' },
    ],
    rows: v.scenario.comparison.costs.map((c) => ({ key: String(c.year), label: `Year ${c.year}`, cells: { baseline: n(Math.round(c.baseline)), scenario: n(Math.round(c.scenario)), difference: n(Math.round(c.difference)) } })),
    notes: [],
    keys: [],
  };
}

/** The projection of a setting (and age band) at a date: the last month end on or before it; null beyond the horizon. */
export function projectedAt(v: Pick<ForecastView, 'projection'>, setting: ForecastSetting | 'all', ageBand: string, date: string): ProjectionRecord | null {
  const s = v.projection.filter((r) => r.setting === setting && r.ageBand === ageBand && r.monthEnd <= date);
  const last = s.at(-1) ?? null;
  const horizon = v.projection.at(-1)?.monthEnd;
  return last && horizon && date <= horizon ? last : null;
}

/**
 * What the forecast says of a priority at its target date: the projection of children looked
 * after for its setting and age band (the forecast has no provision or need dimension, and
 * percentages are not forecast); null when it cannot say.
 */
export function projectPriority(
  v: Pick<ForecastView, 'projection'> | null,
  p: { metric: string; setting: string; provision: string; ageBand: string; need: string; targetDate: string },
): ProjectionRecord | null {
  if (!v || p.metric !== 'children_placed' || p.provision !== 'all' || p.need !== 'all') return null;
  if (p.setting !== 'all' && !FORECAST_SETTINGS.includes(p.setting as ForecastSetting)) return null;
  return projectedAt(v, p.setting as ForecastSetting | 'all', p.ageBand, p.targetDate);
}
