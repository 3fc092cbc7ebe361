/**
 * sameEffectiveFigures answers as comparing the figures with all their totals does, on random
 * pairs of small figure sets (shared keys, symbols, totals supplied or left to be derived).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameEffectiveFigures, sameFigures, withTotals, type Figure } from '@/lib/figures';

type Supplied = Omit<Figure, 'derived'>;

const key = fc.record({
  setting: fc.constantFrom('fostering', 'residential', 'all'),
  provision: fc.constantFrom('in_house', 'private', 'all'),
  ageBand: fc.constantFrom('a10_15', 'a16_17', 'all'),
  need: fc.constantFrom('all'),
  measure: fc.constantFrom('children_placed', 'places'),
});
const cell = fc.oneof(
  fc.record({ value: fc.integer({ min: 0, max: 4 }), symbol: fc.constant(null) }),
  fc.record({ value: fc.constant(null), symbol: fc.constantFrom('c', 'x') }),
);
const set = fc
  .array(fc.tuple(key, cell), { maxLength: 12 })
  .map((rows) => {
    const byKey = new Map<string, Supplied>();
    for (const [k, c] of rows) byKey.set(JSON.stringify(k), { ...k, ...c } as Supplied);
    return [...byKey.values()];
  });

describe('sameEffectiveFigures', () => {
  it('agrees with comparing every figure with its totals', () => {
    fc.assert(
      fc.property(set, set, fc.boolean(), (a, b, reuse) => {
        // Half the time b is a variation of a (same keys, maybe a total dropped), so "same" occurs often.
        const other = reuse ? a.filter((f, i) => i % 3 !== 0 || f.setting !== 'all') : b;
        expect(sameEffectiveFigures(a, other)).toBe(sameFigures(withTotals(a), withTotals(other)));
      }),
      { numRuns: 300 },
    );
  });

  it('finds a set the same as itself, and a changed supplied figure different', () => {
    const a: Supplied[] = [
      { setting: 'fostering', provision: 'in_house', ageBand: 'all', need: 'all', measure: 'children_placed', value: 4, symbol: null },
      { setting: 'residential', provision: 'in_house', ageBand: 'all', need: 'all', measure: 'children_placed', value: 6, symbol: null },
    ];
    expect(sameEffectiveFigures(a, [...a].reverse())).toBe(true);
    expect(sameEffectiveFigures(a, [a[0]!, { ...a[1]!, value: 7 }])).toBe(false);
    // The total supplied in one and derived in the other: still the same figures.
    const total = { ...a[0]!, setting: 'all' as const, value: 10 };
    expect(sameEffectiveFigures([...a, total], a)).toBe(true);
  });
});
