import { z } from 'zod';
import { getMetric, metricValue, METRIC_IDS, segmentProblem, type Segment } from './catalogue';
import type { Figure } from './figures';
import type { Cell } from './format';
import { parseTemplateDate } from './template/row';
import { AGE_BANDS, NEEDS, PROVISIONS, SETTINGS } from './template/codes';

/**
 * Status of an MPS priority against a straight line from its baseline to its target.
 *
 *   expected(t) = baseline + (target - baseline) * (t - baselineDate) / (targetDate - baselineDate)
 *
 * With `gap` the distance the current value is behind expected(t) in the priority's direction, and
 * `planned` = |target - baseline|:
 * The line is read on `today` (the date the status is for, passed in: never the clock here), so
 * a figure that has not moved while time has falls behind the line.
 * - met: the current value has reached the target (in the priority's direction);
 * - overdue: today is after the target date and the target is not reached;
 * - off track: gap > 25% of planned;
 * - at risk: 0 < gap <= 25% of planned;
 * - on track: gap <= 0 (on or ahead of the line);
 * - no data: there is no current value (never a guess).
 * A priority to keep a value (baseline = target, direction `maintain`) is met while the value
 * stays at or better than the target in its `better` sense and off track otherwise.
 */
export const AT_RISK_SHARE = 0.25;

export type Direction = 'increase' | 'decrease' | 'maintain_at_most' | 'maintain_at_least';
export const DIRECTIONS: readonly Direction[] = ['increase', 'decrease', 'maintain_at_most', 'maintain_at_least'];
export const DIRECTION_LABELS: Record<Direction, string> = {
  increase: 'Increase to the target',
  decrease: 'Reduce to the target',
  maintain_at_most: 'Keep at or below the target',
  maintain_at_least: 'Keep at or above the target',
};

export type Status = 'met' | 'on_track' | 'at_risk' | 'off_track' | 'overdue' | 'no_data';
export const STATUS_LABELS: Record<Status, string> = {
  met: 'Met',
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  overdue: 'Overdue',
  no_data: 'No data',
};

export interface PriorityPlan {
  baselineValue: number;
  baselineDate: string;
  targetValue: number;
  targetDate: string;
  direction: Direction;
}

/** A date as YYYY-MM-DD (UTC), the form statuses are judged on. */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/** The value the straight line expects on `date` (the target itself after the target date). */
export function expectedOn(plan: PriorityPlan, date: string): number {
  const span = day(plan.targetDate) - day(plan.baselineDate);
  if (span <= 0) return plan.targetValue;
  const f = Math.min(1, Math.max(0, (day(date) - day(plan.baselineDate)) / span));
  return plan.baselineValue + (plan.targetValue - plan.baselineValue) * f;
}

/** The status on `today` (YYYY-MM-DD; the figure's own date when not given) of the latest figure. */
export function priorityStatus(plan: PriorityPlan, current: { value: number | null; date: string } | null, today?: string): Status {
  if (!current || current.value === null || !Number.isFinite(current.value)) return 'no_data';
  const v = current.value;
  if (plan.direction === 'maintain_at_most') return v <= plan.targetValue ? 'met' : 'off_track';
  if (plan.direction === 'maintain_at_least') return v >= plan.targetValue ? 'met' : 'off_track';
  const up = plan.direction === 'increase';
  if (up ? v >= plan.targetValue : v <= plan.targetValue) return 'met';
  const on = today ?? current.date;
  if (day(on) > day(plan.targetDate)) return 'overdue';
  const planned = Math.abs(plan.targetValue - plan.baselineValue);
  const expected = expectedOn(plan, on);
  const gap = up ? expected - v : v - expected;
  if (gap <= 1e-9) return 'on_track';
  return gap <= AT_RISK_SHARE * planned ? 'at_risk' : 'off_track';
}

/** Why a plan does not make sense, field by field (empty when it does). */
export function planProblems(plan: PriorityPlan): Partial<Record<keyof PriorityPlan, string>> {
  const out: Partial<Record<keyof PriorityPlan, string>> = {};
  if (day(plan.targetDate) <= day(plan.baselineDate)) out.targetDate = 'The target date must be after the baseline date';
  if (plan.direction === 'increase' && !(plan.targetValue > plan.baselineValue)) {
    out.targetValue = 'To increase, the target must be above the baseline';
  }
  if (plan.direction === 'decrease' && !(plan.targetValue < plan.baselineValue)) {
    out.targetValue = 'To reduce, the target must be below the baseline';
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The priority as data: validation of what a commissioner enters, and evaluation over periods.
// ---------------------------------------------------------------------------------------------


const dateField = (label: string) =>
  z
    .string()
    .trim()
    .transform((s, ctx) => {
      const iso = parseTemplateDate(s);
      if (!iso) {
        ctx.addIssue({ code: 'custom', message: `Enter the ${label} as a date, for example 2027-03-31 or 31/03/2027` });
        return z.NEVER;
      }
      return iso;
    });

const numberField = (label: string) =>
  z
    .string()
    .trim()
    .transform((s, ctx) => {
      const n = s === '' ? NaN : Number(s.replace(/%$/, ''));
      if (!Number.isFinite(n)) {
        ctx.addIssue({ code: 'custom', message: `Enter the ${label} as a number, for example 280 or 5.5` });
        return z.NEVER;
      }
      if (n < 0) {
        ctx.addIssue({ code: 'custom', message: `The ${label} cannot be negative` });
        return z.NEVER;
      }
      return n;
    });

/** What the priority form sends: strings, as a browser posts them. */
export const PriorityForm = z.object({
  title: z.string().trim().min(1, { error: 'Enter a title' }).max(200, { error: 'The title must be 200 characters or fewer' }),
  metric: z.enum(METRIC_IDS as unknown as [string, ...string[]], { error: 'Choose a measure from the list' }),
  setting: z.enum(SETTINGS, { error: 'Choose a setting from the list' }),
  provision: z.enum(PROVISIONS, { error: 'Choose a provision from the list' }),
  ageBand: z.enum(AGE_BANDS, { error: 'Choose an age band from the list' }),
  need: z.enum(NEEDS, { error: 'Choose a need from the list' }),
  baselineValue: numberField('baseline'),
  baselineDate: dateField('baseline date'),
  targetValue: numberField('target'),
  targetDate: dateField('target date'),
  direction: z.enum(DIRECTIONS as unknown as [Direction, ...Direction[]], { error: 'Choose a direction' }),
  owner: z.string().trim().max(200, { error: 'The owner must be 200 characters or fewer' }),
  narrative: z.string().trim().max(5000, { error: 'The narrative must be 5,000 characters or fewer' }),
  published: z.boolean(),
});
export type PriorityInput = z.output<typeof PriorityForm>;
export type PriorityFields = keyof PriorityInput;

/** Field-by-field errors (the form links each to its field), or the clean priority. */
export function validatePriority(raw: Record<string, unknown>):
  | { ok: true; value: PriorityInput }
  | { ok: false; errors: Partial<Record<PriorityFields, string>> } {
  // Each field is checked on its own, then the checks across fields run on whatever parsed, so
  // the commissioner sees every problem at once.
  const errors: Partial<Record<PriorityFields, string>> = {};
  const fields = PriorityForm.shape;
  const value: Record<string, unknown> = {};
  for (const k of Object.keys(fields) as PriorityFields[]) {
    const r = fields[k].safeParse(raw[k]);
    if (r.success) value[k] = r.data;
    else errors[k] = r.error.issues[0]?.message ?? 'Check this answer';
  }
  const p = value as Partial<PriorityInput>;
  const metric = p.metric ? getMetric(p.metric) : undefined;
  if (metric && p.setting && p.provision && p.ageBand && p.need) {
    const segment: Segment = { setting: p.setting, provision: p.provision, ageBand: p.ageBand, need: p.need };
    const seg = segmentProblem(metric, segment);
    if (seg) errors.metric ??= seg;
  }
  if (metric?.unit === 'percent') {
    if ((p.baselineValue ?? 0) > 100) errors.baselineValue ??= 'A percentage cannot be above 100';
    if ((p.targetValue ?? 0) > 100) errors.targetValue ??= 'A percentage cannot be above 100';
  }
  if (p.baselineDate && p.targetDate && p.direction && p.baselineValue !== undefined && p.targetValue !== undefined) {
    for (const [k, msg] of Object.entries(planProblems(p as PriorityPlan))) errors[k as PriorityFields] ??= msg;
  } else if (p.baselineDate && p.targetDate) {
    const dateOnly = planProblems({ baselineValue: 0, targetValue: 1, direction: 'increase', baselineDate: p.baselineDate, targetDate: p.targetDate });
    if (dateOnly.targetDate) errors.targetDate ??= dateOnly.targetDate;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: value as PriorityInput };
}

export interface PriorityPoint {
  periodEnd: string;
  value: Cell;
  expected: number;
}

export interface PriorityEvaluation {
  status: Status;
  /** The date the status is judged on (today, for a page). */
  asOf: string;
  current: { periodEnd: string; value: Cell } | null;
  expectedNow: number | null;
  history: PriorityPoint[];
}

/**
 * A priority's value in every period loaded, and its status on `today` from the latest period's
 * figure: the latest period is the current data even when the metric has no value there (then:
 * no data). `today` is passed in (YYYY-MM-DD) so that tests fix it; pages pass the real date.
 */
export function evaluatePriority(
  p: PriorityPlan & { metric: string } & Segment,
  series: ReadonlyArray<{ periodEnd: string; figures: readonly Figure[] }>,
  today: string,
): PriorityEvaluation {
  const metric = getMetric(p.metric);
  const sorted = [...series].sort((a, b) => a.periodEnd.localeCompare(b.periodEnd));
  const history = metric
    ? sorted.map(({ periodEnd, figures }) => ({
        periodEnd,
        value: metricValue(metric, figures, { setting: p.setting, provision: p.provision, ageBand: p.ageBand, need: p.need }),
        expected: expectedOn(p, periodEnd),
      }))
    : [];
  const last = history[history.length - 1];
  if (!last) return { status: 'no_data', asOf: today, current: null, expectedNow: null, history };
  const value = last.value.symbol ? null : last.value.value;
  return {
    status: priorityStatus(p, value === null ? null : { value, date: last.periodEnd }, today),
    asOf: today,
    current: { periodEnd: last.periodEnd, value: last.value },
    expectedNow: expectedOn(p, today),
    history,
  };
}
