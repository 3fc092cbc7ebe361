import { describe, expect, it } from 'vitest';
import { ALL_SEGMENT, getMetric, metricValue, segmentProblem, WEEKS_PER_YEAR } from '@/lib/catalogue';
import { withTotals, type Figure } from '@/lib/figures';
import { evaluatePriority, expectedOn, priorityStatus, validatePriority, type PriorityPlan } from '@/lib/priorities';
import { priorityDates, priorityHistoryTable } from '@/lib/priorityTable';
import { tableCsv } from '@/lib/tables';

type Stored = Omit<Figure, 'derived'>;
const f = (setting: Stored['setting'], provision: Stored['provision'], measure: Stored['measure'], value: number | null, extra: Partial<Stored> = {}): Stored => ({
  setting, provision, ageBand: 'all', need: 'all', measure, value, symbol: value === null ? 'c' : null, ...extra,
});

describe('priority status against the straight line', () => {
  // From 100 on 2024-03-31 to 200 on 2026-03-31 (730 days): 2025-03-31 is 365 days in, exactly half way = 150
  const up: PriorityPlan = { baselineValue: 100, baselineDate: '2024-03-31', targetValue: 200, targetDate: '2026-03-31', direction: 'increase' };
  const mid = 100 + 100 * (365 / 730);

  it('expects the baseline at the start, the target at the end and the straight line between', () => {
    expect(expectedOn(up, '2024-03-31')).toBe(100);
    expect(expectedOn(up, '2026-03-31')).toBe(200);
    expect(expectedOn(up, '2025-03-31')).toBeCloseTo(mid, 9);
    expect(expectedOn(up, '2030-01-01')).toBe(200);
    expect(expectedOn(up, '2020-01-01')).toBe(100);
  });

  it('is on track exactly on the line and ahead of it, at risk up to 25% of the change behind, off track beyond', () => {
    expect(priorityStatus(up, { value: mid, date: '2025-03-31' })).toBe('on_track');
    expect(priorityStatus(up, { value: mid + 1, date: '2025-03-31' })).toBe('on_track');
    expect(priorityStatus(up, { value: mid - 25, date: '2025-03-31' })).toBe('at_risk');
    expect(priorityStatus(up, { value: mid - 25.01, date: '2025-03-31' })).toBe('off_track');
  });

  it('is met when the target is reached, even early, and overdue once the date passes without it', () => {
    expect(priorityStatus(up, { value: 200, date: '2024-06-30' })).toBe('met');
    expect(priorityStatus(up, { value: 199, date: '2026-03-31' })).toBe('at_risk');
    expect(priorityStatus(up, { value: 199, date: '2026-04-01' })).toBe('overdue');
    expect(priorityStatus(up, { value: 200, date: '2026-03-31' }, '2026-12-06')).toBe('met');
  });

  it('judges the latest figure against the line on the day asked, not on the figure’s own date', () => {
    // Half way on 2025-03-31 (150 expected): 150 recorded then is on track that day...
    expect(priorityStatus(up, { value: mid, date: '2025-03-31' }, '2025-03-31')).toBe('on_track');
    // ...but the line has moved on by 2025-09-30 (183 days later: expected 150 + 100 * 183 / 730 = 175.07),
    // 25.07 behind, just over a quarter of the planned 100.
    expect(priorityStatus(up, { value: mid, date: '2025-03-31' }, '2025-09-30')).toBe('off_track');
    expect(priorityStatus(up, { value: mid, date: '2025-03-31' }, '2025-09-29')).toBe('at_risk');
    // The case: 280 places by 31 March 2025, 236 recorded, seen in December 2026.
    const places: PriorityPlan = { baselineValue: 236, baselineDate: '2024-03-31', targetValue: 280, targetDate: '2025-03-31', direction: 'increase' };
    expect(priorityStatus(places, { value: 236, date: '2024-03-31' }, '2026-12-06')).toBe('overdue');
    expect(priorityStatus(places, { value: 236, date: '2024-03-31' }, '2024-03-31')).toBe('on_track');
  });

  it('works the other way round for a reduction', () => {
    const down: PriorityPlan = { baselineValue: 9, baselineDate: '2024-03-31', targetValue: 5, targetDate: '2027-03-31', direction: 'decrease' };
    expect(priorityStatus(down, { value: 9, date: '2024-03-31' })).toBe('on_track');
    expect(priorityStatus(down, { value: 10, date: '2024-03-31' })).toBe('at_risk'); // 1 behind, 25% of 4
    expect(priorityStatus(down, { value: 10.5, date: '2024-03-31' })).toBe('off_track');
    expect(priorityStatus(down, { value: 5, date: '2025-03-31' })).toBe('met');
  });

  it('keeps a value: met at or within the target, off track outside it (baseline equals target)', () => {
    const none: PriorityPlan = { baselineValue: 0, baselineDate: '2024-03-31', targetValue: 0, targetDate: '2025-03-31', direction: 'maintain_at_most' };
    expect(priorityStatus(none, { value: 0, date: '2024-03-31' })).toBe('met');
    expect(priorityStatus(none, { value: 1, date: '2024-03-31' })).toBe('off_track');
    const floor: PriorityPlan = { ...none, targetValue: 70, baselineValue: 70, direction: 'maintain_at_least' };
    expect(priorityStatus(floor, { value: 70, date: '2024-03-31' })).toBe('met');
    expect(priorityStatus(floor, { value: 69.9, date: '2024-03-31' })).toBe('off_track');
  });

  it('says no data when there is no current figure, never a guess', () => {
    expect(priorityStatus(up, null)).toBe('no_data');
    expect(priorityStatus(up, { value: null, date: '2025-03-31' })).toBe('no_data');
  });
});

describe('validating a priority as a commissioner enters it', () => {
  const good = {
    title: 'More in-house foster places', metric: 'places', setting: 'fostering', provision: 'in_house', ageBand: 'all', need: 'all',
    baselineValue: '236', baselineDate: '2024-03-31', targetValue: '280', targetDate: '31/03/2027', direction: 'increase',
    owner: 'Head of Fostering', narrative: '', published: true,
  };
  it('accepts a sound priority and normalises dates', () => {
    const r = validatePriority(good);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.targetDate).toBe('2027-03-31');
  });
  it('refuses a target date before the baseline date', () => {
    const r = validatePriority({ ...good, targetDate: '2023-03-31' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.targetDate).toMatch(/after the baseline date/);
  });
  it('refuses a metric not defined for the segment, naming what it can be narrowed by', () => {
    const r = validatePriority({ ...good, metric: 'pct_family_settings', setting: 'residential' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.metric).toMatch(/not defined for a particular setting.*age band, need/);
  });
  it('refuses non-numeric and negative targets, and an increase whose target is not above the baseline', () => {
    const a = validatePriority({ ...good, targetValue: 'lots' });
    expect(!a.ok && a.errors.targetValue).toMatch(/as a number/);
    const b = validatePriority({ ...good, baselineValue: '-3' });
    expect(!b.ok && b.errors.baselineValue).toMatch(/negative/);
    const c = validatePriority({ ...good, targetValue: '200' });
    expect(!c.ok && c.errors.targetValue).toMatch(/above the baseline/);
    const d = validatePriority({ ...good, metric: 'pct_over_20_miles', setting: 'all', provision: 'all', baselineValue: '5', targetValue: '120', direction: 'increase' });
    expect(!d.ok && d.errors.targetValue).toMatch(/above 100/);
  });
});

describe('the metric catalogue against hand calculations', () => {
  const stored: Stored[] = [
    f('fostering', 'in_house', 'children_placed', 200),
    f('fostering', 'private', 'children_placed', 100),
    f('kinship_fostering', 'in_house', 'children_placed', 50),
    f('residential', 'private', 'children_placed', 40),
    f('secure', 'other_la', 'children_placed', 10),
    f('other', 'parents', 'children_placed', 100),
    f('fostering', 'in_house', 'places', 220),
    f('fostering', 'in_house', 'places_vacant', 11),
    f('fostering', 'private', 'places', 120),
    f('fostering', 'all', 'referrals', 90),
    f('fostering', 'all', 'referrals_unmatched', 30),
    f('all', 'all', 'placed_over_20_miles', 45),
    f('fostering', 'in_house', 'weekly_cost_gbp', 500),
    f('fostering', 'private', 'weekly_cost_gbp', 900),
    f('kinship_fostering', 'in_house', 'weekly_cost_gbp', 300),
    f('residential', 'private', 'weekly_cost_gbp', 6000),
    f('secure', 'other_la', 'weekly_cost_gbp', 9000),
    f('other', 'parents', 'weekly_cost_gbp', 0),
  ];
  const figures = withTotals(stored);
  const v = (id: string, seg = {}) => metricValue(getMetric(id)!, figures, { ...ALL_SEGMENT, ...seg }).value;

  it('computes shares of all 500 children placed', () => {
    expect(v('children_placed')).toBe(500);
    expect(v('pct_family_settings')).toBeCloseTo((350 / 500) * 100, 9);
    expect(v('pct_fostering_in_house')).toBeCloseTo((250 / 350) * 100, 9);
    expect(v('pct_residential')).toBeCloseTo((50 / 500) * 100, 9);
    expect(v('pct_over_20_miles')).toBeCloseTo((45 / 500) * 100, 9);
  });
  it('computes demand and the two gaps for fostering', () => {
    // demand = 300 placed + 30 unmatched; in-house places 220; all places 340
    expect(v('demand', { setting: 'fostering' })).toBe(330);
    expect(v('commissioning_need', { setting: 'fostering' })).toBe(110);
    expect(v('unmet_need', { setting: 'fostering' })).toBe(0);
    expect(v('vacancy_rate', { setting: 'fostering', provision: 'in_house' })).toBeCloseTo(5, 9);
  });
  it('estimates annual spend as children x weekly cost x 365/7', () => {
    const weekly = 200 * 500 + 100 * 900 + 50 * 300 + 40 * 6000 + 10 * 9000 + 100 * 0;
    expect(v('annual_spend')).toBe(Math.round(weekly * WEEKS_PER_YEAR));
  });
  it('says where a segment does not suit a metric', () => {
    expect(segmentProblem(getMetric('pct_family_settings')!, { ...ALL_SEGMENT, setting: 'fostering' })).toMatch(/setting/);
    expect(segmentProblem(getMetric('children_placed')!, { ...ALL_SEGMENT, setting: 'fostering' })).toBeNull();
  });
  it('gives x, not a number, when a part is suppressed', () => {
    const withC = withTotals([...stored.filter((s) => !(s.setting === 'fostering' && s.measure === 'referrals_unmatched')), f('fostering', 'all', 'referrals_unmatched', null)]);
    expect(metricValue(getMetric('demand')!, withC, { ...ALL_SEGMENT, setting: 'fostering' })).toEqual({ value: null, symbol: 'x' });
  });
});

describe('evaluating a priority over the periods loaded', () => {
  const plan = {
    metric: 'children_placed', setting: 'fostering', provision: 'in_house', ageBand: 'all', need: 'all',
    baselineValue: 200, baselineDate: '2022-03-31', targetValue: 260, targetDate: '2025-03-31', direction: 'increase',
  } as const;
  const period = (periodEnd: string, n: number | null) => ({ periodEnd, figures: withTotals(n === null ? [] : [f('fostering', 'in_house', 'children_placed', n)]) });

  it('reads the latest period, and gives its history with the straight line', () => {
    const e = evaluatePriority(plan, [period('2023-03-31', 215), period('2022-03-31', 200), period('2024-03-31', 245)], '2024-03-31');
    expect(e.history.map((h) => h.periodEnd)).toEqual(['2022-03-31', '2023-03-31', '2024-03-31']);
    expect(e.current?.value.value).toBe(245);
    // 2024-03-31 is 731 of 1096 days along: expected 200 + 60 * 731/1096 = 240.0...; 245 is ahead
    expect(e.expectedNow).toBeCloseTo(200 + 60 * (731 / 1096), 9);
    expect(e.status).toBe('on_track');
    expect(e.asOf).toBe('2024-03-31');
  });
  it('judges the same figure on the day given: behind the line months later, overdue after the target date', () => {
    const series = [period('2022-03-31', 200), period('2024-03-31', 245)];
    // 2024-09-30 is 914 of 1096 days along: expected 200 + 60 * 914/1096 = 250.04; 245 is 5.04 behind, within 25% of 60 (15)
    const later = evaluatePriority(plan, series, '2024-09-30');
    expect(later.expectedNow).toBeCloseTo(200 + 60 * (914 / 1096), 9);
    expect(later.status).toBe('at_risk');
    expect(later.current?.periodEnd).toBe('2024-03-31');
    expect(evaluatePriority(plan, series, '2025-04-01').status).toBe('overdue');
    expect(evaluatePriority(plan, [...series, period('2025-03-31', 260)], '2026-12-06').status).toBe('met');
  });
  it('is no data when the latest period has no figure (e.g. after a rollback), not an error', () => {
    const e = evaluatePriority(plan, [period('2023-03-31', 215), period('2024-03-31', null)], '2024-06-30');
    expect(e.status).toBe('no_data');
    expect(evaluatePriority(plan, [], '2024-06-30').status).toBe('no_data');
  });
});

describe('every problem of a priority at once', () => {
  it('reports a non-numeric target, a target date before the baseline and a metric that does not fit, together', () => {
    const r = validatePriority({
      title: '', metric: 'pct_residential', setting: 'residential', provision: 'all', ageBand: 'all', need: 'all',
      baselineValue: '11', baselineDate: '2024-03-31', targetValue: 'lots', targetDate: '2023-03-31', direction: 'decrease',
      owner: '', narrative: '', published: false,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(Object.keys(r.errors).sort()).toEqual(['metric', 'targetDate', 'targetValue', 'title']);
      expect(r.errors.targetDate).toMatch(/after the baseline date/);
    }
  });
});

describe("a priority's chart table runs on to the target", () => {
  const plan = {
    id: 7, title: 'More in-house foster places', metric: 'children_placed', setting: 'fostering', provision: 'in_house', ageBand: 'all', need: 'all',
    baselineValue: 200, baselineDate: '2022-03-31', targetValue: 280, targetDate: '2026-09-30', direction: 'increase',
  } as const;
  const period = (periodEnd: string, n: number) => ({ periodEnd, figures: withTotals([f('fostering', 'in_house', 'children_placed', n)]) });

  it('has a row at each 31 March after the latest period and one at the target date, with the target there only', () => {
    const e = evaluatePriority(plan, [period('2022-03-31', 200), period('2023-03-31', 215), period('2024-03-31', 245)], '2026-12-06');
    const t = priorityHistoryTable(plan, e);
    expect(t.rows.map((r) => r.key)).toEqual(['2022-03-31', '2023-03-31', '2024-03-31', '2025-03-31', '2026-03-31', '2026-09-30']);
    const last = t.rows.at(-1)!;
    expect(last.label).toBe('30 September 2026');
    expect(last.cells.target).toEqual({ value: 280, symbol: null });
    expect(last.cells.expected?.value).toBe(280);
    expect(last.cells.value).toEqual({ value: null, symbol: null });
    expect(t.rows.slice(0, -1).every((r) => r.cells.target?.value === null)).toBe(true);
    // The straight line: 2025-03-31 is 1096 of 1644 days from baseline to target: 200 + 80 * 1096/1644 = 253.3
    expect(t.rows[3]!.cells.expected?.value).toBe(Math.round((200 + 80 * (1096 / 1644)) * 10) / 10);
    expect(t.rows[2]!.cells.value?.value).toBe(245);
    expect(t.columns.find((c) => c.key === 'target')?.label).toBe('Target (30 September 2026)');
    // The CSV of the table as on screen carries the same rows
    expect(tableCsv(t).trim().split('\n').at(-1)).toBe('30 September 2026,,280,280');
  });
  it('adds no rows when the target date is a period already loaded', () => {
    expect(priorityDates(['2023-03-31', '2024-03-31'], '2024-03-31')).toEqual(['2023-03-31', '2024-03-31']);
    expect(priorityDates([], '2025-03-31')).toEqual(['2025-03-31']);
  });
});
