/**
 * Disclosure control as a system (lib/disclosure.ts, protectSystem) on cases worked by hand, and
 * whole-number percentages rounded half up exactly. The attacker over everything published is in
 * tests/integration/disclosure-attack.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protectSystem, roundPercent, type DisclosureSystem } from '@/lib/disclosure';

describe('whole-number percentages', () => {
  it('rounds halves up in integer arithmetic: 23 of 40 is 57.5%, shown as 58%', () => {
    expect(roundPercent(23, 40)).toBe(58);
    // Binary floating point gets this one wrong: 23 / 40 * 100 is 57.49999...
    expect(Math.round((23 / 40) * 100)).toBe(57);
    expect(roundPercent(1, 8)).toBe(13); // 12.5
    expect(roundPercent(1, 3)).toBe(33);
    expect(roundPercent(2, 3)).toBe(67);
    expect(roundPercent(0, 7)).toBe(0);
    expect(roundPercent(7, 7)).toBe(100);
    expect(roundPercent(1, 0)).toBeNull();
  });

  it('agrees with exact decimal rounding on every fraction up to 400', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 400 }), (d, k) => {
        const n = k % (d + 1);
        // Exact: compare 100n/d with p - 0.5 and p + 0.5 by cross-multiplying (no division).
        const p = roundPercent(n, d)!;
        expect(200 * n >= (2 * p - 1) * d).toBe(true);
        expect(200 * n < (2 * p + 1) * d).toBe(true);
      }),
    );
  });
});

/** A column of parts with a shown total: parts a, b, c and their total t. */
function column(a: number, b: number, c: number): DisclosureSystem {
  return {
    values: new Map([['a', a], ['b', b], ['c', c], ['t', a + b + c]]),
    cells: ['a', 'b', 'c', 't'],
    rates: [],
    constraints: [{ expr: { a: 1, b: 1, c: 1, t: -1 }, min: 0, max: 0 }],
    guesses: [],
    derived: [],
  };
}

describe('disclosure control over a system of constraints', () => {
  it('hides a count of 1 to 5 and the smallest other part, so the total cannot give it back', () => {
    // 2 + 20 + 9 = 31: hiding 2 alone, 31 - 20 - 9 = 2; hiding 9 too, 2 could be anything up to 11.
    const p = protectSystem(column(2, 20, 9));
    expect([...p.suppressed].sort()).toEqual(['a', 'c']);
    expect(p.secondary).toEqual(['c']);
    expect(p.unprotected).toEqual([]);
  });

  it('protects a count that is never published but follows from two that are (demand - placed)', () => {
    // Demand 12, placed 10: the unmatched referrals, 2, are their difference.
    const sys: DisclosureSystem = {
      values: new Map([['D', 12], ['P', 10]]),
      cells: ['D', 'P'],
      rates: [],
      constraints: [{ expr: { D: 1, P: -1 }, min: 0 }],
      guesses: [],
      derived: [{ name: 'R', expr: { D: 1, P: -1 } }],
    };
    const p = protectSystem(sys);
    // The smaller of the two goes: with placed hidden, referrals range from 0 to 12.
    expect([...p.suppressed]).toEqual(['P']);
  });

  it('hides a percentage whose complement is 1 to 5 (95% of 40 leaves 2), and shows one that is not', () => {
    const sys = (outside: number): DisclosureSystem => ({
      values: new Map([['P', 40], ['O', outside]]),
      cells: ['P'],
      rates: [{ id: 'pct', numerator: { O: 1 }, denominator: 'P' }],
      constraints: [{ expr: { P: 1, O: -1 }, min: 0 }],
      guesses: [],
      derived: [{ name: 'inside', expr: { P: 1, O: -1 } }],
    });
    expect(protectSystem(sys(38)).rates.get('pct')).toBeNull();
    expect(protectSystem(sys(23)).rates.get('pct')).toBe(58);
  });

  it('uses a guess only while the published figures do not contradict it', () => {
    // Parts x (hidden, 2) and y (shown, 20); a total t = 22 that may or may not be their sum.
    const sys: DisclosureSystem = {
      values: new Map([['x', 2], ['y', 20], ['t', 22]]),
      cells: ['x', 'y', 't'],
      rates: [],
      constraints: [{ expr: { x: 1, y: 1, t: -1 }, min: 0 }],
      guesses: [{ expr: { x: 1, y: 1, t: -1 }, min: 0, max: 0 }],
      derived: [],
    };
    const p = protectSystem(sys);
    // With the guess, 22 - 20 = 2: so 20 is hidden as well.
    expect([...p.suppressed].sort()).toEqual(['x', 'y']);
  });
});
