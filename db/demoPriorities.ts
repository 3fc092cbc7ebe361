import { getMetric, metricValue } from '../lib/catalogue';
import { validatePriority } from '../lib/priorities';
import type { Db } from './client';
import { createPriority } from './priorities';
import { getFigures } from './queries/figures';

interface DemoPriority {
  laCode: string;
  title: string;
  metric: string;
  segment?: Partial<Record<'setting' | 'provision' | 'ageBand' | 'need', string>>;
  /** The baseline is read from the demo figures of this period, so it agrees with the data. */
  baselineDate: string;
  target: number | ((baseline: number) => number);
  targetDate: string;
  direction: string;
  owner: string;
  narrative: string;
  published: boolean;
}

/**
 * Priorities in the spirit of the Stockton-on-Tees Children in Care Market Position Statement
 * (2024): family settings first, placements close to home, small local children's homes,
 * supported accommodation only for 16-17 year olds. Synthetic, like the demo figures.
 */
const DEMO_PRIORITIES: DemoPriority[] = [
  {
    laCode: 'E06000004',
    title: 'More in-house foster places',
    metric: 'places',
    segment: { setting: 'fostering', provision: 'in_house' },
    baselineDate: '2024-03-31',
    target: 280,
    targetDate: '2027-03-31',
    direction: 'increase',
    owner: 'Head of Fostering',
    narrative: 'Recruit and keep more of our own foster carers, so that more children live with families close to home.',
    published: true,
  },
  {
    laCode: 'E06000004',
    title: 'Fewer children placed more than 20 miles from home',
    metric: 'pct_over_20_miles',
    baselineDate: '2024-03-31',
    target: 5,
    targetDate: '2027-03-31',
    direction: 'decrease',
    owner: 'Commissioning Manager',
    narrative: 'Children should live close to their school, family and friends unless distance keeps them safe.',
    published: true,
  },
  {
    laCode: 'E06000004',
    title: 'No under-16s in supported accommodation',
    metric: 'children_placed',
    segment: { setting: 'supported_accommodation', ageBand: '10_15' },
    baselineDate: '2024-03-31',
    target: 0,
    targetDate: '2025-03-31',
    direction: 'maintain_at_most',
    owner: 'Service Manager, Children in Care',
    narrative: 'Supported accommodation is for 16 and 17 year olds preparing for independence, never for younger children.',
    published: true,
  },
  {
    laCode: 'E06000004',
    title: "Two more small children's homes in the borough",
    metric: 'places',
    segment: { setting: 'residential', provision: 'in_house' },
    baselineDate: '2022-03-31',
    target: (b) => b + 6,
    targetDate: '2026-03-31',
    direction: 'increase',
    owner: 'Head of Residential Services',
    narrative: "Open two 2-3 bed children's homes that feel like family homes, in the borough.",
    published: true,
  },
  {
    laCode: 'E06000004',
    title: 'Family settings first',
    metric: 'pct_family_settings',
    baselineDate: '2021-03-31',
    target: 72,
    targetDate: '2026-03-31',
    direction: 'increase',
    owner: 'Director of Children’s Services',
    narrative: 'Most children in our care should live in a family: with foster carers, family or friends.',
    published: false,
  },
  {
    laCode: 'E09000028',
    title: 'More children fostered by our own carers',
    metric: 'pct_fostering_in_house',
    baselineDate: '2022-03-31',
    target: 60,
    targetDate: '2027-03-31',
    direction: 'increase',
    owner: 'Head of Fostering',
    narrative: 'Grow the in-house fostering service: recruit, approve, train and support more carers.',
    published: true,
  },
  {
    laCode: 'E09000028',
    title: 'Fewer children placed more than 20 miles from home',
    metric: 'pct_over_20_miles',
    baselineDate: '2022-03-31',
    target: 12,
    targetDate: '2027-03-31',
    direction: 'decrease',
    owner: 'Commissioning Manager',
    narrative: 'Bring children home to south London where it is safe to do so.',
    published: true,
  },
];

/** Adds the demo priorities, with baselines read from the demo figures. Demo mode only. */
export function createDemoPriorities(db: Db): number {
  let n = 0;
  for (const d of DEMO_PRIORITIES) {
    const figures = getFigures(db, d.laCode, d.baselineDate);
    const metric = getMetric(d.metric);
    if (!figures || !metric) continue;
    const segment = { setting: 'all', provision: 'all', ageBand: 'all', need: 'all', ...d.segment } as const;
    const baseline = metricValue(metric, figures, segment as never);
    if (baseline.value === null) continue;
    const baselineValue = Math.round(baseline.value * 10) / 10;
    const target = typeof d.target === 'function' ? d.target(baselineValue) : d.target;
    const checked = validatePriority({
      title: d.title,
      metric: d.metric,
      ...segment,
      baselineValue: String(baselineValue),
      baselineDate: d.baselineDate,
      targetValue: String(target),
      targetDate: d.targetDate,
      direction: d.direction,
      owner: d.owner,
      narrative: d.narrative,
      published: d.published,
    });
    if (!checked.ok) throw new Error(`Demo priority "${d.title}" is invalid: ${JSON.stringify(checked.errors)}`);
    createPriority(db, d.laCode, checked.value, 'demo');
    n += 1;
  }
  return n;
}
