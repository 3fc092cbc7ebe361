import { describe, expect, it } from 'vitest';
import { chartHeadline, hasSomethingToDraw, niceStep, niceTicks, valueAxisTitle, wantsHorizontalBars } from '@/lib/chartScale';

describe('chart ticks', () => {
  it('steps by 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(55)).toBe(100);
    expect(niceStep(33)).toBe(50);
    expect(niceStep(11)).toBe(20);
    expect(niceStep(2)).toBe(2);
    expect(niceStep(0.3)).toBe(0.5);
    expect(niceStep(7000)).toBe(10000);
  });
  it('runs from zero to past the largest value, never 55/110/165', () => {
    // The gap chart's largest bar, 165: steps of 50 to 200 (four intervals), not 55.
    expect(niceTicks(0, 165, 5)).toEqual({ domain: [0, 200], ticks: [0, 50, 100, 150, 200] });
    expect(niceTicks(0, 581, 5)).toEqual({ domain: [0, 600], ticks: [0, 200, 400, 600] });
    expect(niceTicks(-12, 30, 5).ticks).toEqual([-20, -10, 0, 10, 20, 30]);
    expect(niceTicks(0, 3, 5).ticks).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0, 0.6, 5, false).ticks).toEqual([0, 0.2, 0.4, 0.6]);
    expect(niceTicks(0, 0)).toEqual({ domain: [0, 1], ticks: [0, 1] });
    // A line of 540 to 600 children need not start at zero.
    expect(niceTicks(540, 600, 5, true, false)).toEqual({ domain: [540, 600], ticks: [540, 560, 580, 600] });
  });
});

describe('chart words and layout', () => {
  it('titles the value axis with its unit', () => {
    expect(valueAxisTitle('gbp', 'Weekly cost')).toBe('Weekly cost (£)');
    expect(valueAxisTitle('percent')).toBe('Per cent (%)');
    expect(valueAxisTitle('count', 'Children')).toBe('Children (number)');
  });
  it('puts long category labels down the side', () => {
    expect(wantsHorizontalBars(['2020', '2021', '2022', '2023', '2024'])).toBe(false);
    expect(wantsHorizontalBars(['Fostering', 'Residential', 'Supported accommodation'])).toBe(true);
  });
  it('finds nothing to draw when every figure is missing or zero', () => {
    expect(hasSomethingToDraw([{ label: 'a', x: null }, { label: 'b', x: 0 }], ['x'])).toBe(false);
    expect(hasSomethingToDraw([{ label: 'a', x: 2 }], ['x'])).toBe(true);
  });
});

describe('a chart’s main point in a sentence', () => {
  const fmt = (v: number) => v.toLocaleString('en-GB');
  it('names the largest bar, with its series where there are several', () => {
    const rows = [
      { label: 'Fostering', a: 300, b: 20 },
      { label: 'Children’s homes', a: 45, b: 1200 },
    ];
    expect(chartHeadline(rows, [{ key: 'a', label: 'Children' }], 'bar', fmt)).toBe('Fostering is the largest: 300.');
    expect(chartHeadline(rows, [{ key: 'a', label: 'Children' }, { key: 'b', label: 'Weekly cost' }], 'bar', fmt)).toBe('Children’s homes (weekly cost) is the largest: 1,200.');
    expect(chartHeadline(rows, [{ key: 'a', label: 'A' }, { key: 'b', label: 'B' }], 'stacked-bar', fmt)).toBe('Children’s homes is the largest: 1,245.');
  });
  it('says where a line went from its first point to its last', () => {
    const rows = [
      { label: '2020', n: 556 },
      { label: '2022', n: null },
      { label: '2024', n: 581 },
    ];
    expect(chartHeadline(rows, [{ key: 'n', label: 'Children' }], 'line', fmt)).toBe('Children rose from 556 in 2020 to 581 in 2024.');
    expect(chartHeadline([{ label: 'x', n: null }], [{ key: 'n', label: 'Children' }], 'line', fmt)).toBeNull();
  });
});
