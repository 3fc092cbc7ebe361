import { describe, it, expect } from 'vitest';
import { memoOn } from '@/lib/memo';

describe('memoOn', () => {
  it('works a value out once for the same frozen owners and name', () => {
    const a = Object.freeze([1]);
    const b = Object.freeze([2]);
    let calls = 0;
    const f = (owners: object[], key = 'k') => memoOn(owners, key, () => ++calls);
    expect(f([a])).toBe(1);
    expect(f([a])).toBe(1);
    expect(f([a, b])).toBe(2); // another combination of owners
    expect(f([b, a])).toBe(3); // order matters: (figures, series) is not (series, figures)
    expect(f([a], 'other')).toBe(4);
    expect(f([a, b])).toBe(2);
    expect(calls).toBe(4);
  });

  it('keeps nothing for an owner that could still change', () => {
    const open = [1];
    let calls = 0;
    memoOn([open], 'k', () => ++calls);
    open.push(2);
    expect(memoOn([open], 'k', () => ++calls)).toBe(2);
    expect(memoOn([Object.freeze([0]), open], 'k', () => ++calls)).toBe(3);
  });
});
