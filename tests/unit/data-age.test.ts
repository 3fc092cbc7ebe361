import { describe, expect, it } from 'vitest';
import { dataAge, monthsInWords } from '@/lib/dataAge';
import { formatDate, formatTimestamp } from '@/lib/format';

describe('how old the figures are', () => {
  it('counts whole months from the period end to the day given, warning past 15', () => {
    // The case: figures to March 2024 seen on 6 December 2026: 32 months.
    expect(dataAge('2024-03-31', '2026-12-06')).toEqual({ months: 32, stale: true });
    expect(dataAge('2024-03-31', '2025-06-30')).toEqual({ months: 14, stale: false });
    expect(dataAge('2024-03-31', '2025-07-31')).toEqual({ months: 16, stale: true });
    expect(dataAge('2024-03-31', '2025-07-30')).toEqual({ months: 15, stale: false });
    expect(dataAge('2024-03-31', '2024-01-01')).toEqual({ months: 0, stale: false });
    expect(dataAge('March 2024', '2026-12-06')).toBeNull();
  });
  it('says the age in words', () => {
    expect(monthsInWords(32)).toBe('2 years and 8 months');
    expect(monthsInWords(12)).toBe('1 year');
    expect(monthsInWords(1)).toBe('1 month');
  });
});

describe('one date style', () => {
  it('writes a moment as day, month in words and year, with the London time', () => {
    expect(formatTimestamp('2026-12-06T05:14:00Z')).toBe('6 December 2026 at 05:14');
    // British Summer Time: 13:30 UTC is 14:30 in London.
    expect(formatTimestamp('2026-07-01T13:30:00Z')).toBe('1 July 2026 at 14:30');
    expect(formatDate('2024-03-31')).toBe('31 March 2024');
  });
});
