import { ALL_SEGMENT, WEEKS_PER_YEAR, getMetric, metricValue, type Metric, type MetricId } from './catalogue';
import { FigureIndex, type Figure } from './figures';
import { formatCell, formatGbpWhole, formatNumber, type Cell, type Unit } from './format';
import {
  COMMISSIONED_PARTS,
  PROVISION_LABELS,
  SETTING_LABELS,
  SETTING_PARTS,
  type Provision,
  type Setting,
} from './template/codes';

/**
 * The director's overview: headline metrics against last year, and what moving children
 * between placements would do to annual spend. Every figure is read through the metric catalogue.
 */

/** The headline metrics, in the order shown; each for every child (the `all` segment). */
export const DIRECTOR_METRICS: readonly MetricId[] = [
  'children_placed',
  'pct_family_settings',
  'pct_fostering_in_house',
  'pct_residential',
  'pct_over_20_miles',
  'avg_weekly_cost',
  'annual_spend',
];

export interface DirectorHeadline {
  id: MetricId;
  label: string;
  definition: string;
  unit: Unit;
  better: Metric['better'];
  now: Cell;
  /** Null when there are no figures for the year before. */
  previous: Cell | null;
  /** now − previous; for percentages the difference in percentage points. Null with no previous year. */
  change: Cell | null;
  /** How the change is counted: percentages change in percentage points ("pts"). */
  changeUnit: 'count' | 'gbp' | 'pts';
}

function metric(id: MetricId): Metric {
  const m = getMetric(id);
  if (!m) throw new Error(`The metric catalogue has no metric ${id}`);
  return m;
}

function difference(a: Cell, b: Cell): Cell {
  if (a.symbol || b.symbol) return { value: null, symbol: 'x' };
  if (a.value === null || b.value === null) return { value: null, symbol: null };
  return { value: a.value - b.value, symbol: null };
}

export function directorHeadlines(current: readonly Figure[], previous: readonly Figure[] | null): DirectorHeadline[] {
  const now = FigureIndex.of(current);
  const before = previous ? FigureIndex.of(previous) : null;
  return DIRECTOR_METRICS.map((id) => {
    const m = metric(id);
    const value = metricValue(m, now, ALL_SEGMENT);
    const last = before ? metricValue(m, before, ALL_SEGMENT) : null;
    return {
      id,
      label: m.label,
      definition: m.definition,
      unit: m.unit,
      better: m.better,
      now: value,
      previous: last,
      change: last ? difference(value, last) : null,
      changeUnit: m.unit === 'percent' ? 'pts' : m.unit,
    };
  });
}

/** A headline value for display: whole pounds for annual spend, the metric's unit otherwise. */
export function formatHeadlineValue(h: Pick<DirectorHeadline, 'id' | 'unit'>, cell: Cell): string {
  if (h.id === 'annual_spend' && cell.symbol === null && cell.value !== null) return formatGbpWhole(cell.value);
  return formatCell(cell, h.unit);
}

/**
 * The change on last year in words, never colour alone: "up 12 on 2022-23", "down 2 pts on
 * 2022-23", "no change on 2022-23". `previousLabel` names the year compared with.
 */
export function changeText(h: Pick<DirectorHeadline, 'id' | 'change' | 'changeUnit'>, previousLabel: string): string {
  if (!h.change) return 'no figures for the year before';
  if (h.change.symbol) return `change on ${previousLabel} not available`;
  if (h.change.value === null) return `no figure for ${previousLabel} to compare`;
  const v = h.change.value;
  if (v === 0) return `no change on ${previousLabel}`;
  const size = Math.abs(v);
  let amount: string;
  if (h.changeUnit === 'pts') {
    const n = formatNumber(size, 'count');
    amount = n === '0' ? 'less than 1 pt' : `${n} ${n === '1' ? 'pt' : 'pts'}`;
  } else if (h.changeUnit === 'gbp') {
    amount = h.id === 'annual_spend' ? formatGbpWhole(size) : formatNumber(size, 'gbp');
  } else {
    amount = formatNumber(size, 'count');
  }
  return `${v > 0 ? 'up' : 'down'} ${amount} on ${previousLabel}`;
}

/** The period a year before `period` (same day and month), if it is one of `periods`. */
export function previousPeriod(period: string, periods: readonly string[]): string | null {
  const y = Number(period.slice(0, 4));
  if (!Number.isInteger(y)) return null;
  const want = `${y - 1}${period.slice(4)}`;
  return periods.includes(want) ? want : null;
}

export interface Placement {
  setting: Setting;
  provision: Provision;
}

export interface WhatIfInput {
  from: Placement;
  to: Placement;
  children: number;
}

export type WhatIfField = 'from_setting' | 'from_provision' | 'to_setting' | 'to_provision' | 'children';

export type WhatIfResult =
  | { problem: string; field: WhatIfField }
  | {
      problem: null;
      input: WhatIfInput;
      /** Average weekly cost of one placement, from and to. */
      weeklyFrom: number;
      weeklyTo: number;
      /** children × (weeklyTo − weeklyFrom) × 365/7, unrounded; negative is a saving. */
      annualChange: number;
    };

export const MAX_CHILDREN = 10_000;

/** The settings and provisions the what-if form offers. */
export const WHAT_IF_SETTINGS: readonly Setting[] = SETTING_PARTS;
export const WHAT_IF_PROVISIONS: readonly Provision[] = ['in_house', ...COMMISSIONED_PARTS, 'commissioned'];

/** "In-house", "Private": the provision without its PR code. */
export function provisionName(p: Provision): string {
  return PROVISION_LABELS[p].replace(/ \(PR[0-9-]+\)$/, '');
}

/** "Children's homes (Private)"; "Fostering (other foster carers; In-house)". */
export function placementLabel(p: Placement): string {
  const setting = SETTING_LABELS[p.setting];
  const provision = provisionName(p.provision);
  return setting.endsWith(')') ? `${setting.slice(0, -1)}; ${provision})` : `${setting} (${provision})`;
}

/**
 * What moving `children` from one setting x provision to another would do to annual spend, at
 * this period's average weekly costs: children × (weekly cost to − weekly cost from) × 365/7.
 */
export function whatIf(figures: readonly Figure[], input: WhatIfInput): WhatIfResult {
  const { from, to, children } = input;
  if (!Number.isInteger(children)) {
    return { problem: 'Enter the number of children as a whole number, like 5', field: 'children' };
  }
  if (children < 1 || children > MAX_CHILDREN) {
    return { problem: `The number of children must be between 1 and ${formatNumber(MAX_CHILDREN)}`, field: 'children' };
  }
  if (from.setting === to.setting && from.provision === to.provision) {
    return { problem: 'Choose a different placement to move the children to', field: 'to_setting' };
  }
  const ix = FigureIndex.of(figures);
  const cost = metric('avg_weekly_cost');
  const weekly = (p: Placement) => metricValue(cost, ix, { ...ALL_SEGMENT, setting: p.setting, provision: p.provision });
  const costFrom = weekly(from);
  const costTo = weekly(to);
  for (const [cell, p, field] of [
    [costFrom, from, 'from_setting'],
    [costTo, to, 'to_setting'],
  ] as const) {
    if (cell.symbol) {
      return {
        problem: `The average weekly cost of ${placementLabel(p)} is ${formatCell(cell)} (not available as a number), so the effect cannot be worked out`,
        field,
      };
    }
    if (cell.value === null) {
      return {
        problem: `There is no average weekly cost for ${placementLabel(p)} in this period, so the effect cannot be worked out`,
        field,
      };
    }
  }
  const weeklyFrom = costFrom.value!;
  const weeklyTo = costTo.value!;
  return {
    problem: null,
    input,
    weeklyFrom,
    weeklyTo,
    annualChange: children * (weeklyTo - weeklyFrom) * WEEKS_PER_YEAR,
  };
}

/** A signed amount in whole pounds with a true minus sign: "−£1,234,567", "+£5,000", "£0". */
export function formatSignedGbp(value: number): string {
  const rounded = Math.round(value);
  if (rounded === 0) return formatGbpWhole(0);
  return `${rounded < 0 ? '\u2212' : '+'}${formatGbpWhole(Math.abs(rounded))}`;
}

/** The answer in words: "Moving 5 children from … to … would change annual spend by −£1,234,567: from £X to £Y a week each." */
export function whatIfSentence(r: Extract<WhatIfResult, { problem: null }>): string {
  const { children, from, to } = r.input;
  return `Moving ${formatNumber(children)} ${children === 1 ? 'child' : 'children'} from ${placementLabel(from)} to ${placementLabel(
    to,
  )} would change annual spend by ${formatSignedGbp(r.annualChange)}: from ${formatNumber(r.weeklyFrom, 'gbp')} to ${formatNumber(
    r.weeklyTo,
    'gbp',
  )} a week each.`;
}

export type WhatIfQuery =
  | { status: 'empty' }
  | { status: 'invalid'; problem: string; field: WhatIfField }
  | { status: 'ready'; input: WhatIfInput };

/**
 * Reads the what-if form (`from_setting`, `from_provision`, `to_setting`, `to_provision`,
 * `children`) from a query string. With none of the fields there, the form has not been sent.
 */
export function parseWhatIf(params: Record<string, string | undefined>): WhatIfQuery {
  const names = ['from_setting', 'from_provision', 'to_setting', 'to_provision', 'children'] as const;
  if (names.every((n) => params[n] === undefined)) return { status: 'empty' };
  const setting = (v: string | undefined) => WHAT_IF_SETTINGS.find((s) => s === v);
  const provision = (v: string | undefined) => WHAT_IF_PROVISIONS.find((p) => p === v);
  const fromSetting = setting(params.from_setting);
  const fromProvision = provision(params.from_provision);
  const toSetting = setting(params.to_setting);
  const toProvision = provision(params.to_provision);
  if (!fromSetting) return { status: 'invalid', problem: 'Choose the setting the children move from', field: 'from_setting' };
  if (!fromProvision) return { status: 'invalid', problem: 'Choose who provides the placement the children move from', field: 'from_provision' };
  if (!toSetting) return { status: 'invalid', problem: 'Choose the setting the children move to', field: 'to_setting' };
  if (!toProvision) return { status: 'invalid', problem: 'Choose who provides the placement the children move to', field: 'to_provision' };
  const raw = (params.children ?? '').trim();
  if (raw === '') return { status: 'invalid', problem: 'Enter the number of children to move', field: 'children' };
  return {
    status: 'ready',
    input: {
      from: { setting: fromSetting, provision: fromProvision },
      to: { setting: toSetting, provision: toProvision },
      children: /^[0-9.,\s-]+$/.test(raw) ? Number(raw.replace(/[,\s]/g, '')) : Number.NaN,
    },
  };
}
