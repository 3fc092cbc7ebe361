/**
 * Primary suppression of one count. Secondary suppression over everything published is in
 * tests/unit/disclosure-system.test.ts and, against an attacker, tests/integration/disclosure-attack.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { suppressCount } from '@/lib/disclosure';
import type { Cell } from '@/lib/format';

/** Shorthand for a figure: a number, a symbol, or null for missing. */
type F = number | 'c' | 'x' | 'z' | null;

function cell(f: F): Cell {
  if (f === null) return { value: null, symbol: null };
  return typeof f === 'number' ? { value: f, symbol: null } : { value: null, symbol: f };
}

describe('primary suppression of a count', () => {
  it('shows a true 0 as 0', () => {
    expect(suppressCount(cell(0))).toEqual(cell(0));
  });

  it('suppresses every count from 1 to 5 as c, never as 0', () => {
    for (const v of [1, 2, 3, 4, 5]) expect(suppressCount(cell(v))).toEqual({ value: null, symbol: 'c' });
  });

  it('shows 6 and above as they are', () => {
    expect(suppressCount(cell(6))).toEqual(cell(6));
    expect(suppressCount(cell(120))).toEqual(cell(120));
  });

  it('keeps a missing figure missing, not 0', () => {
    expect(suppressCount(cell(null))).toEqual({ value: null, symbol: null });
  });

  it('keeps x, z and an existing c as they are', () => {
    expect(suppressCount(cell('x'))).toEqual(cell('x'));
    expect(suppressCount(cell('z'))).toEqual(cell('z'));
    expect(suppressCount(cell('c'))).toEqual(cell('c'));
  });

  it('drops any number that travels with a symbol', () => {
    expect(suppressCount({ value: 3, symbol: 'x' })).toEqual(cell('x'));
  });
});
