import { z } from 'zod';

/**
 * GOV.UK's date input: a date given as three fields (NAME-day, NAME-month, NAME-year), or, so that
 * older links keep working, as one NAME=YYYY-MM-DD. Parsed with zod; an impossible date is a
 * message naming what is wrong, never an exception.
 */
export interface DateInputValue {
  day: string;
  month: string;
  year: string;
}

export type DateInputResult =
  | { ok: true; iso: string | undefined; fields: DateInputValue }
  | { ok: false; error: string; fields: DateInputValue; /** Which of the three fields to mark and link to. */ part: keyof DateInputValue };

const field = z.string().trim().max(10).optional().default('');
const Parts = z.object({ day: field, month: field, year: field });
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether the day exists (no 31 June, no 29 February outside leap years). */
function realDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** `label` names the date in messages, as GOV.UK's error messages do ("From date must be a real date"). */
export function parseDateInput(q: Record<string, string | undefined>, name: string, label: string): DateInputResult {
  const one = q[name]?.trim();
  const parsed = Parts.safeParse({ day: q[`${name}-day`], month: q[`${name}-month`], year: q[`${name}-year`] });
  const parts: DateInputValue = parsed.success ? parsed.data : { day: '', month: '', year: '' };
  if (!parsed.success) return { ok: false, error: `${label} must be a real date`, fields: parts, part: 'day' };
  const given = [parts.day, parts.month, parts.year].filter((v) => v !== '').length;
  if (given === 0) {
    // The single-field form of older links (and of the pages' own links).
    if (!one) return { ok: true, iso: undefined, fields: parts };
    const m = ISO.exec(one);
    const fields = m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! } : { day: '', month: '', year: '' };
    if (!m || !realDate(Number(m[1]), Number(m[2]), Number(m[3]))) return { ok: false, error: `${label} must be a real date, for example 27 3 2026`, fields, part: 'day' };
    return { ok: true, iso: one, fields };
  }
  for (const part of ['day', 'month', 'year'] as const) {
    if (parts[part] === '') return { ok: false, error: `${label} must include a ${part}`, fields: parts, part };
  }
  for (const part of ['day', 'month', 'year'] as const) {
    if (!/^\d+$/.test(parts[part])) return { ok: false, error: `${label} must be a real date: the ${part} must be a number`, fields: parts, part };
  }
  if (parts.year.length !== 4) return { ok: false, error: `${label}: the year must include 4 numbers`, fields: parts, part: 'year' };
  const [d, m, y] = [Number(parts.day), Number(parts.month), Number(parts.year)];
  if (m < 1 || m > 12) return { ok: false, error: `${label} must be a real date: the month must be from 1 to 12`, fields: parts, part: 'month' };
  if (!realDate(y, m, d)) return { ok: false, error: `${label} must be a real date: that month has no day ${d}`, fields: parts, part: 'day' };
  return { ok: true, iso: `${parts.year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, fields: parts };
}

export interface DateRangeResult {
  from: DateInputResult;
  to: DateInputResult;
  /** Every problem, in the order of the fields, with the id of the field to link to from an error summary. */
  errors: { name: 'from' | 'to'; part: keyof DateInputValue; text: string }[];
  /** The range when both ends are valid (either may be open); undefined ends when there are errors. */
  range: { from?: string; to?: string };
}

/** A from-to pair of date inputs; a "to" before the "from" is an error too. */
export function parseDateRange(q: Record<string, string | undefined>): DateRangeResult {
  const from = parseDateInput(q, 'from', 'From date');
  const to = parseDateInput(q, 'to', 'To date');
  const errors: DateRangeResult['errors'] = [];
  if (!from.ok) errors.push({ name: 'from', part: from.part, text: from.error });
  if (!to.ok) errors.push({ name: 'to', part: to.part, text: to.error });
  if (from.ok && to.ok && from.iso && to.iso && to.iso < from.iso) errors.push({ name: 'to', part: 'day', text: 'To date must be the same as or after the from date' });
  return { from, to, errors, range: errors.length > 0 ? {} : { from: from.ok ? from.iso : undefined, to: to.ok ? to.iso : undefined } };
}
