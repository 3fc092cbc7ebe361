import { FigureIndex, type Figure, type FigureKey } from './figures';
import type { Cell } from './format';
import type { DataTable } from './tables';
import {
  COMMISSIONED_PARTS,
  PROVISION_LABELS,
  SETTING_LABELS,
  SETTING_SHORT_LABELS,
  SETTING_PARTS,
  type Measure,
  type Provision,
  type Setting,
} from './template/codes';
import { formatPeriodShort } from './format';

const MISSING: Cell = { value: null, symbol: null };
const NA: Cell = { value: null, symbol: 'x' };

function cell(ix: FigureIndex, k: Partial<FigureKey> & { measure: Measure }): Cell {
  const f = ix.get(k);
  return f ? { value: f.value, symbol: f.symbol } : MISSING;
}

function key(k: Partial<FigureKey> & { measure: Measure }): FigureKey {
  return { setting: 'all', provision: 'all', ageBand: 'all', need: 'all', ...k };
}

/** a + b where both are numbers; a symbol on either side gives x. */
export function addCells(a: Cell, b: Cell): Cell {
  if (a.symbol || b.symbol) return NA;
  if (a.value === null || b.value === null) return MISSING;
  return { value: a.value + b.value, symbol: null };
}

/** part / whole as a percentage, unrounded; symbols or a zero whole give x. */
export function percentOf(part: Cell, whole: Cell): Cell {
  if (part.symbol || whole.symbol) return NA;
  if (part.value === null || whole.value === null) return MISSING;
  if (whole.value === 0) return NA;
  return { value: (part.value / whole.value) * 100, symbol: null };
}

/** The detailed provisions shown in the placement mix, then the two totals. */
export const MIX_PROVISIONS: readonly Provision[] = ['in_house', ...COMMISSIONED_PARTS, 'parents'];
const SETTING_ROWS: readonly Setting[] = [...SETTING_PARTS, 'all'];

/** Placement mix: children placed on the day by setting x provision. */
export function placementMix(figures: readonly Figure[]): DataTable {
  const ix = FigureIndex.of(figures);
  const columns: Provision[] = [...MIX_PROVISIONS, 'commissioned', 'all'];
  return {
    id: 'placement-mix',
    title: 'Placement mix: children placed by setting and provision',
    description:
      'Bar chart of the children placed in each setting, split by who provides the placement: the council itself (in-house) or another council, other public body, private or voluntary provider, or parents.',
    rowHeader: 'Setting',
    columns: columns.map((p) => ({ key: p, label: PROVISION_LABELS[p], unit: 'count' })),
    rows: SETTING_ROWS.map((s) => ({
      key: s,
      label: SETTING_LABELS[s],
      chartLabel: SETTING_SHORT_LABELS[s],
      total: s === 'all',
      cells: Object.fromEntries(columns.map((p) => [p, cell(ix, { setting: s, provision: p, measure: 'children_placed' })])),
    })),
    notes: [
      'Totals given in the data are shown as given; totals not given are the sum of their parts. Where a council records children whose provider was not reported, the provision columns add up to less than "All provision".',
    ],
    keys: SETTING_ROWS.flatMap((s) => columns.map((p) => key({ setting: s, provision: p, measure: 'children_placed' }))),
  };
}

/** Children placed by setting over every period loaded. */
export function placementTrend(series: ReadonlyArray<{ periodEnd: string; figures: readonly Figure[] }>): DataTable {
  const sorted = [...series].sort((a, b) => a.periodEnd.localeCompare(b.periodEnd));
  return {
    id: 'placement-trend',
    title: 'Children placed by setting over time',
    description: `Line chart of the number of children placed in each setting at the end of each period, ${sorted.length} periods from ${sorted[0] ? formatPeriodShort(sorted[0].periodEnd) : ''}.`,
    rowHeader: 'Year',
    columns: SETTING_ROWS.map((s) => ({ key: s, label: SETTING_LABELS[s], unit: 'count' })),
    rows: sorted.map(({ periodEnd, figures }) => {
      const ix = FigureIndex.of(figures);
      return {
        key: periodEnd,
        label: formatPeriodShort(periodEnd),
        cells: Object.fromEntries(SETTING_ROWS.map((s) => [s, cell(ix, { setting: s, measure: 'children_placed' })])),
      };
    }),
    notes: ['Children placed on the last day of each period (31 March), all provision.'],
    keys: SETTING_ROWS.map((s) => key({ setting: s, measure: 'children_placed' })),
  };
}

/**
 * Demand against capacity per setting. Demand = children placed + referrals not matched;
 * capacity = places available (in-house and commissioned); vacant = places empty and usable.
 */
export function demandCapacity(figures: readonly Figure[]): DataTable {
  const ix = FigureIndex.of(figures);
  const settings: Setting[] = [...SETTING_PARTS.filter((s) => s !== 'other'), 'all'];
  return {
    id: 'demand-capacity',
    title: 'Demand, capacity and vacancies by setting',
    description:
      'Bar chart comparing, for each setting, demand (children placed plus referrals that could not be matched) with places available and places vacant.',
    rowHeader: 'Setting',
    columns: [
      { key: 'children_placed', label: 'Children placed', unit: 'count' },
      { key: 'referrals_unmatched', label: 'Referrals unmatched', unit: 'count' },
      { key: 'demand', label: 'Demand', unit: 'count' },
      { key: 'places', label: 'Places', unit: 'count' },
      { key: 'places_vacant', label: 'Places vacant', unit: 'count' },
    ],
    rows: settings.map((s) => {
      const placed = cell(ix, { setting: s, measure: 'children_placed' });
      const unmatched = cell(ix, { setting: s, measure: 'referrals_unmatched' });
      return {
        key: s,
        label: SETTING_LABELS[s],
        chartLabel: SETTING_SHORT_LABELS[s],
        total: s === 'all',
        cells: {
          children_placed: placed,
          referrals_unmatched: unmatched,
          demand: demand(placed, unmatched),
          places: cell(ix, { setting: s, measure: 'places' }),
          places_vacant: cell(ix, { setting: s, measure: 'places_vacant' }),
        },
      };
    }),
    notes: [
      'Demand is children placed on the day plus referrals in the period that could not be matched to a placement of the kind sought.',
      'Places are those available to the council: its own (in-house) and those it has contracted (commissioned).',
    ],
    keys: settings.flatMap((s) =>
      (['children_placed', 'referrals_unmatched', 'places', 'places_vacant'] as const).map((m) =>
        key({ setting: s, measure: m }),
      ),
    ),
  };
}

/** Demand as the sufficiency metric defines it (domain primer, metric 8). */
export function demand(placed: Cell, unmatched: Cell): Cell {
  return addCells(placed, unmatched);
}

/** Average weekly cost by setting x provision. */
export function weeklyCost(figures: readonly Figure[]): DataTable {
  const ix = FigureIndex.of(figures);
  const provisions: Provision[] = ['in_house', ...COMMISSIONED_PARTS, 'all'];
  const settings = SETTING_PARTS;
  return {
    id: 'weekly-cost',
    title: 'Average weekly cost of a placement by setting and provision',
    description: 'Bar chart of the average weekly cost of a placement in each setting, in-house against each kind of commissioned provider.',
    rowHeader: 'Setting',
    columns: provisions.map((p) => ({ key: p, label: PROVISION_LABELS[p], unit: 'gbp' })),
    rows: settings.map((s) => ({
      key: s,
      label: SETTING_LABELS[s],
      chartLabel: SETTING_SHORT_LABELS[s],
      cells: Object.fromEntries(provisions.map((p) => [p, cell(ix, { setting: s, provision: p, measure: 'weekly_cost_gbp' })])),
    })),
    notes: ['"All provision" is the average weighted by the children placed with each provider type.'],
    keys: settings.flatMap((s) => provisions.map((p) => key({ setting: s, provision: p, measure: 'weekly_cost_gbp' }))),
  };
}

export interface Headline {
  id: string;
  label: string;
  count: Cell;
  percent: Cell | null;
}

/** The headline figures of the overview, comparable with DfE's published table. */
export function headlines(figures: readonly Figure[]): Headline[] {
  const ix = FigureIndex.of(figures);
  const total = cell(ix, { measure: 'children_placed' });
  const fostering = addCells(
    cell(ix, { setting: 'fostering', measure: 'children_placed' }),
    cell(ix, { setting: 'kinship_fostering', measure: 'children_placed' }),
  );
  const residential = addCells(
    cell(ix, { setting: 'residential', measure: 'children_placed' }),
    cell(ix, { setting: 'secure', measure: 'children_placed' }),
  );
  const of = (id: string, label: string, c: Cell): Headline => ({ id, label, count: c, percent: percentOf(c, total) });
  return [
    { id: 'total', label: 'Children placed', count: total, percent: null },
    of('fostering', 'In foster care (incl. kinship)', fostering),
    of('residential', "In children's homes (incl. secure)", residential),
    of('supported', 'In supported accommodation', cell(ix, { setting: 'supported_accommodation', measure: 'children_placed' })),
    of('in-house', 'In the council’s own provision', cell(ix, { provision: 'in_house', measure: 'children_placed' })),
    of('private', 'With private providers', cell(ix, { provision: 'private', measure: 'children_placed' })),
    of('over-20-miles', 'Placed more than 20 miles from home', cell(ix, { measure: 'placed_over_20_miles' })),
    of('outside-la', 'Placed outside the council', cell(ix, { measure: 'placed_outside_la' })),
  ];
}
