/**
 * The tables of the SSDA903 pages (children by age and setting, flows, stability, homes by URN).
 * The page, its charts and its CSV downloads all come from here.
 */
import { FigureIndex, type Figure, type FigureKey } from '../figures';
import { formatPeriodShort, type Cell } from '../format';
import { percentOf } from '../metrics';
import type { DataTable } from '../tables';
import {
  AGE_BAND_LABELS,
  AGE_BAND_PARTS,
  MEASURE_LABELS,
  PROVISION_LABELS,
  SETTING_LABELS,
  SETTING_PARTS,
  SETTING_SHORT_LABELS,
  type Measure,
  type Provision,
  type Setting,
} from '../template/codes';
import { REASON_LABELS, REC_LABELS } from './codes';
import { toCsv } from '../csv/write';
import { parseUrnKey } from './derive';

type Series = ReadonlyArray<{ periodEnd: string; figures: readonly Figure[] }>;

const MISSING: Cell = { value: null, symbol: null };
const cellOf = (ix: FigureIndex, k: Partial<FigureKey> & { measure: Measure }): Cell => {
  const f = ix.get(k);
  return f ? { value: f.value, symbol: f.symbol } : MISSING;
};
const keyOf = (k: Partial<FigureKey> & { measure: Measure }): FigureKey => ({ setting: 'all', provision: 'all', ageBand: 'all', need: 'all', ...k });
const bySetting = (s: Setting) => ({ key: s, label: SETTING_LABELS[s], unit: 'count' as const });

/** Children looked after on 31 March by age band (rows) and setting (columns). */
export function ageBySetting(figures: readonly Figure[]): DataTable {
  const ix = FigureIndex.of(figures);
  const settings: Setting[] = [...SETTING_PARTS, 'all'];
  return {
    id: 'age-setting',
    title: 'Children looked after by age and setting',
    description: 'Stacked bar chart of the children looked after on 31 March in each age band, split by the setting they live in.',
    rowHeader: 'Age',
    columns: settings.map(bySetting),
    rows: [...AGE_BAND_PARTS, 'all' as const].map((a) => ({
      key: a,
      label: AGE_BAND_LABELS[a],
      total: a === 'all',
      cells: Object.fromEntries(settings.map((s) => [s, cellOf(ix, { measure: 'children_placed', setting: s, ageBand: a })])),
    })),
    notes: [
      'Age in completed years on 31 March, from the date of birth in the header.',
      'Children aged 18 or over, or with no date of birth, are in "All ages" only.',
      'Short breaks (legal status V3 and V4) are not counted, as in DfE statistics.',
    ],
    keys: settings.flatMap((s) => [...AGE_BAND_PARTS, 'all' as const].map((a) => keyOf({ measure: 'children_placed', setting: s, ageBand: a }))),
  };
}

/** Children looked after on 31 March by setting (rows) and provision (columns). */
export function settingByProvision(figures: readonly Figure[]): DataTable {
  const ix = FigureIndex.of(figures);
  const provisions: Provision[] = ['in_house', 'other_la', 'other_public', 'private', 'voluntary', 'parents', 'all'];
  const settings: Setting[] = [...SETTING_PARTS, 'all'];
  return {
    id: 'setting-provision',
    title: 'Children looked after by setting and provision',
    description: 'Stacked bar chart of the children looked after on 31 March in each setting, split by who provides the placement.',
    rowHeader: 'Setting',
    columns: provisions.map((p) => ({ key: p, label: PROVISION_LABELS[p], unit: 'count' as const })),
    rows: settings.map((s) => ({
      key: s,
      label: SETTING_LABELS[s],
      chartLabel: SETTING_SHORT_LABELS[s],
      total: s === 'all',
      cells: Object.fromEntries(provisions.map((p) => [p, cellOf(ix, { measure: 'children_placed', setting: s, provision: p })])),
    })),
    notes: ['A placement with no provider recorded (e.g. a temporary placement) is in "All provision" only.'],
    keys: settings.flatMap((s) => provisions.map((p) => keyOf({ measure: 'children_placed', setting: s, provision: p }))),
  };
}

const FLOW_MEASURES: Measure[] = ['care_starts', 'care_ends', 'starts', 'ends', 'moves'];

/** Starts, ends and moves in each year. */
export function flowsTrend(series: Series): DataTable {
  const sorted = [...series].sort((a, b) => a.periodEnd.localeCompare(b.periodEnd));
  return {
    id: 'flows-trend',
    title: 'Children starting and ceasing to be looked after, and placement moves, each year',
    description: `Line chart of periods of care started and ended, placements started and ended, and placement moves in each year, ${sorted.length} years.`,
    rowHeader: 'Year',
    columns: FLOW_MEASURES.map((m) => ({ key: m, label: MEASURE_LABELS[m], unit: 'count' as const })),
    rows: sorted.map(({ periodEnd, figures }) => {
      const ix = FigureIndex.of(figures);
      return { key: periodEnd, label: formatPeriodShort(periodEnd), cells: Object.fromEntries(FLOW_MEASURES.map((m) => [m, cellOf(ix, { measure: m })])) };
    }),
    notes: [
      'Years run from 1 April to 31 March. Short breaks (V3, V4) are not counted.',
      'Started to be looked after: a new episode with reason S. Ceased: an episode ended with a reason other than X1.',
      'Placements started: new episodes with reason S, P, B, T or U. Moves: reasons P, B, T or U. Placements ended: every ended episode except where the next begins the same day with a change of legal status only.',
    ],
    keys: FLOW_MEASURES.map((m) => keyOf({ measure: m })),
  };
}

/** Flows of one year by setting (rows). */
export function flowsBySetting(figures: readonly Figure[]): DataTable {
  const ix = FigureIndex.of(figures);
  const settings: Setting[] = [...SETTING_PARTS, 'all'];
  return {
    id: 'flows-setting',
    title: 'Starts, ends and moves in the year by setting',
    description: 'Bar chart of placements started, placements ended and moves in the year for each setting.',
    rowHeader: 'Setting',
    columns: FLOW_MEASURES.map((m) => ({ key: m, label: MEASURE_LABELS[m], unit: 'count' as const })),
    rows: settings.map((s) => ({
      key: s,
      label: SETTING_LABELS[s],
      chartLabel: SETTING_SHORT_LABELS[s],
      total: s === 'all',
      cells: Object.fromEntries(FLOW_MEASURES.map((m) => [m, cellOf(ix, { measure: m, setting: s })])),
    })),
    notes: ['Starts and moves count under the setting moved to; ends under the setting left.'],
    keys: settings.flatMap((s) => FLOW_MEASURES.map((m) => keyOf({ measure: m, setting: s }))),
  };
}

/** A breakdown (moves by reason, care ends by reason) as a one-column table, largest first. */
export function breakdownTable(
  id: 'moves-reason' | 'care-ends-reason',
  counts: Record<string, number> | undefined,
  labels: Record<string, string>,
): DataTable {
  const rows = Object.entries(counts ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const total = rows.reduce((n, [, v]) => n + v, 0);
  const moves = id === 'moves-reason';
  return {
    id,
    title: moves ? 'Placement moves in the year by reason for the change' : 'Children ceasing to be looked after in the year by reason',
    description: moves
      ? 'Bar chart of the number of placement moves in the year for each reason recorded for the change.'
      : 'Bar chart of the number of periods of care that ended in the year for each reason episode ceased.',
    rowHeader: 'Reason',
    columns: [{ key: 'count', label: moves ? 'Moves' : 'Periods of care ended', unit: 'count' }],
    rows: [
      ...rows.map(([code, value]) => ({
        key: code,
        label: code.startsWith('(') ? (labels[code] ?? code) : `${labels[code] ?? code} (${code})`,
        chartLabel: code.startsWith('(') ? (labels[code] ?? code) : code,
        cells: { count: { value, symbol: null } },
      })),
      { key: 'all', label: 'All reasons', total: true, cells: { count: { value: total, symbol: null } } },
    ],
    notes: moves ? ['The reason is REASON_PLACE_CHANGE on the episode that ended the day the move began.'] : ['The reason is REC, the reason the episode ceased.'],
    keys: [],
  };
}

export { REASON_LABELS };

/** Stability: children looked after on 31 March with 3 or more placements in the year, each year. */
export function stabilityTrend(series: Series): DataTable {
  const sorted = [...series].sort((a, b) => a.periodEnd.localeCompare(b.periodEnd));
  return {
    id: 'stability-trend',
    title: 'Children with 3 or more placements in the year',
    description: `Line chart of the percentage of children looked after on 31 March who had three or more placements during the year, ${sorted.length} years.`,
    rowHeader: 'Year',
    columns: [
      { key: 'children_placed', label: 'Children looked after on 31 March', unit: 'count' },
      { key: 'placements_3plus', label: 'With 3 or more placements', unit: 'count' },
      { key: 'percent', label: 'Percentage with 3 or more', unit: 'percent' },
    ],
    rows: sorted.map(({ periodEnd, figures }) => {
      const ix = FigureIndex.of(figures);
      const all = cellOf(ix, { measure: 'children_placed' });
      const three = cellOf(ix, { measure: 'placements_3plus' });
      return { key: periodEnd, label: formatPeriodShort(periodEnd), cells: { children_placed: all, placements_3plus: three, percent: percentOf(three, all) } };
    }),
    notes: [
      'Placements in the year: the placement a child was in on 1 April, and each placement started in the year (reasons S, P, B, T, U). Short breaks are not counted.',
      'DfE publishes the same measure as "placement stability": lower is better.',
    ],
    keys: [keyOf({ measure: 'children_placed' }), keyOf({ measure: 'placements_3plus' })],
  };
}

/** Stability of one year by age band. */
export function stabilityByAge(figures: readonly Figure[]): DataTable {
  const ix = FigureIndex.of(figures);
  const ages = [...AGE_BAND_PARTS, 'all' as const];
  return {
    id: 'stability-age',
    title: 'Children with 3 or more placements in the year, by age',
    description: 'Bar chart of the percentage of children looked after on 31 March with three or more placements in the year, for each age band.',
    rowHeader: 'Age',
    columns: [
      { key: 'children_placed', label: 'Children looked after on 31 March', unit: 'count' },
      { key: 'placements_3plus', label: 'With 3 or more placements', unit: 'count' },
      { key: 'percent', label: 'Percentage with 3 or more', unit: 'percent' },
    ],
    rows: ages.map((a) => {
      const all = cellOf(ix, { measure: 'children_placed', ageBand: a });
      const three = cellOf(ix, { measure: 'placements_3plus', ageBand: a });
      return { key: a, label: AGE_BAND_LABELS[a], total: a === 'all', cells: { children_placed: all, placements_3plus: three, percent: percentOf(three, all) } };
    }),
    notes: [],
    keys: ages.flatMap((a) => [keyOf({ measure: 'children_placed', ageBand: a }), keyOf({ measure: 'placements_3plus', ageBand: a })]),
  };
}

export interface UrnRow {
  urn: string;
  provider: string;
  setting: string;
  children: number;
  places: number | null;
  sector: string | null;
  localAuthority: string | null;
}

/** Children living in each registered home on 31 March (URN), with the home's places where the Ofsted register is loaded. */
export function placedByUrn(counts: Record<string, number> | undefined, register: ReadonlyMap<string, { places: number | null; sector: string | null; localAuthority: string | null }>): UrnRow[] {
  return Object.entries(counts ?? {})
    .map(([k, children]) => {
      const { urn, provider, setting } = parseUrnKey(k);
      const r = register.get(urn);
      return { urn, provider, setting, children, places: r?.places ?? null, sector: r?.sector ?? null, localAuthority: r?.localAuthority ?? null };
    })
    .sort((a, b) => a.provider.localeCompare(b.provider) || b.children - a.children || a.urn.localeCompare(b.urn));
}

/** A page table as CSV with the source of its figures on every row. */
export function sourcedCsv(table: DataTable, source: string): string {
  return toCsv(
    [table.rowHeader, ...table.columns.map((c) => c.label), 'source'],
    table.rows.map((r) => [r.label, ...table.columns.map((c) => r.cells[c.key]?.symbol ?? r.cells[c.key]?.value ?? null), source]),
  );
}

export const CHILDREN_TABLES = [
  'setting-provision',
  'age-setting',
  'homes-urn',
  'flows-trend',
  'flows-setting',
  'moves-reason',
  'care-ends-reason',
  'stability-trend',
  'stability-age',
] as const;
export type ChildrenTableId = (typeof CHILDREN_TABLES)[number];
export const isChildrenTable = (v: string | null): v is ChildrenTableId => CHILDREN_TABLES.includes(v as ChildrenTableId);

export interface ChildrenInput {
  figures: readonly Figure[];
  series: Series;
  breakdowns: Record<string, Record<string, number>> | null;
  register: ReadonlyMap<string, { places: number | null; sector: string | null; localAuthority: string | null }>;
  /** The most rows a page shows of a long table (homes by URN); the CSV has them all. */
  rowLimit?: number;
}

/** Registered homes (URN) the council's children live in on 31 March, with the places Ofsted records. */
export function homesByUrn(input: ChildrenInput): DataTable {
  const all = placedByUrn(input.breakdowns?.placed_by_urn, input.register);
  // A national return names thousands of homes: the page shows the council's own and the busiest.
  const rows = input.rowLimit !== undefined && all.length > input.rowLimit ? all.slice(0, input.rowLimit) : all;
  const provLabel = (code: string) => (code ? `${code}` : 'not recorded');
  return {
    id: 'homes-urn',
    title: 'Children living in each registered home on 31 March (by Ofsted URN)',
    description: 'Table of the registered homes the council’s children live in, with the number of its children there and the places Ofsted records.',
    rowHeader: 'Ofsted URN',
    columns: [
      { key: 'children', label: 'Children of the council living there', unit: 'count' },
      { key: 'places', label: 'Places (Ofsted register)', unit: 'count' },
      { key: 'occupancy', label: 'Share of the places used by the council', unit: 'percent' },
    ],
    rows: rows.map((r) => {
      const children: Cell = { value: r.children, symbol: null };
      const places: Cell = r.places === null ? { value: null, symbol: 'x' } : { value: r.places, symbol: null };
      return {
        key: `${r.urn}|${r.provider}`,
        label: `${r.urn} (${provLabel(r.provider)}, ${SETTING_LABELS[r.setting as Setting] ?? r.setting}${r.localAuthority ? `, ${r.localAuthority}` : ''})`,
        cells: { children, places, occupancy: percentOf(children, places) },
      };
    }),
    notes: [
      'In-house homes (PR1) first: the share of their places the council uses is their occupancy by its own children.',
      'Places are from the latest Ofsted providers and places register loaded; x where the URN is not in it.',
      ...(rows.length < all.length ? [`The first ${rows.length} of ${all.length.toLocaleString('en-GB')} homes are shown; the CSV download has them all.`] : []),
    ],
    keys: [],
  };
}

/** Every table of the SSDA903 pages by id: the pages and the download route both build them here. */
export function childrenTable(id: ChildrenTableId, input: ChildrenInput): DataTable {
  switch (id) {
    case 'setting-provision':
      return settingByProvision(input.figures);
    case 'age-setting':
      return ageBySetting(input.figures);
    case 'homes-urn':
      return homesByUrn(input);
    case 'flows-trend':
      return flowsTrend(input.series);
    case 'flows-setting':
      return flowsBySetting(input.figures);
    case 'moves-reason':
      return breakdownTable('moves-reason', input.breakdowns?.moves, REASON_LABELS);
    case 'care-ends-reason':
      return breakdownTable('care-ends-reason', input.breakdowns?.care_ends, REC_LABELS);
    case 'stability-trend':
      return stabilityTrend(input.series);
    case 'stability-age':
      return stabilityByAge(input.figures);
  }
}
