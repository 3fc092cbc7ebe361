import { describe, expect, it } from 'vitest';
import { parseDateInput, parseDateRange } from '@/lib/dateInput';

describe("GOV.UK's date input, parsed", () => {
  it('reads three fields as a date, and the one-field form of older links', () => {
    expect(parseDateInput({ 'from-day': '7', 'from-month': '3', 'from-year': '2026' }, 'from', 'From date')).toMatchObject({ ok: true, iso: '2026-03-07' });
    expect(parseDateInput({ 'from-day': ' 29 ', 'from-month': '02', 'from-year': '2024' }, 'from', 'From date')).toMatchObject({ ok: true, iso: '2024-02-29' });
    expect(parseDateInput({ from: '2026-01-31' }, 'from', 'From date')).toEqual({ ok: true, iso: '2026-01-31', fields: { day: '31', month: '1', year: '2026' } });
    expect(parseDateInput({}, 'from', 'From date')).toMatchObject({ ok: true, iso: undefined });
    expect(parseDateInput({ 'from-day': '', 'from-month': '', 'from-year': '' }, 'from', 'From date')).toMatchObject({ ok: true, iso: undefined });
  });
  it('says what is wrong with an impossible or partial date, naming the field', () => {
    expect(parseDateInput({ 'to-day': '31', 'to-month': '6', 'to-year': '2026' }, 'to', 'To date')).toMatchObject({ ok: false, error: 'To date must be a real date: that month has no day 31', part: 'day' });
    expect(parseDateInput({ 'to-day': '29', 'to-month': '2', 'to-year': '2025' }, 'to', 'To date')).toMatchObject({ ok: false, part: 'day' });
    expect(parseDateInput({ 'to-day': '1', 'to-month': '13', 'to-year': '2026' }, 'to', 'To date')).toMatchObject({ ok: false, part: 'month', error: 'To date must be a real date: the month must be from 1 to 12' });
    expect(parseDateInput({ 'to-day': '1', 'to-year': '2026' }, 'to', 'To date')).toMatchObject({ ok: false, part: 'month', error: 'To date must include a month' });
    expect(parseDateInput({ 'to-day': '1', 'to-month': '2', 'to-year': '26' }, 'to', 'To date')).toMatchObject({ ok: false, part: 'year' });
    expect(parseDateInput({ 'to-day': 'x', 'to-month': '2', 'to-year': '2026' }, 'to', 'To date')).toMatchObject({ ok: false, part: 'day' });
    expect(parseDateInput({ to: '2026-02-30' }, 'to', 'To date')).toMatchObject({ ok: false });
    expect(parseDateInput({ to: 'yesterday' }, 'to', 'To date')).toMatchObject({ ok: false });
    expect(parseDateInput({ 'to-day': '1'.repeat(50) }, 'to', 'To date')).toMatchObject({ ok: false });
  });
  it('a range: a to before the from is an error, and no bounds are used while there is one', () => {
    const q = { 'from-day': '2', 'from-month': '3', 'from-year': '2026', 'to-day': '1', 'to-month': '3', 'to-year': '2026' };
    expect(parseDateRange(q)).toMatchObject({ errors: [{ name: 'to', text: 'To date must be the same as or after the from date' }], range: {} });
    expect(parseDateRange({ ...q, 'to-day': '2' })).toMatchObject({ errors: [], range: { from: '2026-03-02', to: '2026-03-02' } });
    expect(parseDateRange({ from: '2026-03-02', 'to-day': '31', 'to-month': '4', 'to-year': '2026' }).errors.map((e) => e.name)).toEqual(['to']);
  });
});
