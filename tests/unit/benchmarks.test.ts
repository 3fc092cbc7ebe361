import { describe, expect, test } from 'vitest';
import {
  benchmarkCsv,
  benchmarkMeasure,
  benchmarkTable,
  benchmarkYears,
  defaultComparators,
  nearestNeighbours,
  parseComparatorCodes,
  quartileOf,
  rankAreas,
  type AreaValue,
  type MeasureData,
} from '@/lib/benchmarks';

describe('rank and quartile', () => {
  test('1 is the highest; equal figures share the lower rank; symbols are left out', () => {
    const { ranks, ranked } = rankAreas([
      { code: 'A', value: 60 },
      { code: 'B', value: 70 },
      { code: 'C', value: 66 },
      { code: 'D', value: null },
      { code: 'E', value: 66 },
      { code: 'F', value: 50 },
    ]);
    expect(ranked).toBe(5);
    expect(Object.fromEntries(ranks)).toEqual({ B: 1, C: 2, E: 2, A: 4, F: 5 });
    expect(ranks.has('D')).toBe(false);
  });

  test('quartile 1 holds the highest quarter', () => {
    // 8 councils: ranks 1-2 in quartile 1, 3-4 in 2, 5-6 in 3, 7-8 in 4.
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((r) => quartileOf(r, 8))).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    // 153 councils: 4 x 38 = 152, so rank 39 is the first of quartile 2 and rank 153 is in quartile 4.
    expect(quartileOf(39, 153)).toBe(1);
    expect(quartileOf(40, 153)).toBe(2);
    expect(quartileOf(153, 153)).toBe(4);
    expect(quartileOf(1, 1)).toBe(1);
  });
});

describe('comparator distance', () => {
  // Feature 1 over A-D: 0, 1, 0, 3 (E has none): mean 1, variance (1 + 0 + 1 + 4) / 4 = 1.5.
  // Feature 2 over A-E: 0, 0, 2, 3, 1: mean 1.2, variance (1.44 + 1.44 + 0.64 + 3.24 + 0.04) / 5 = 1.36.
  const candidates = [
    { code: 'A', features: [0, 0] },
    { code: 'B', features: [1, 0] },
    { code: 'C', features: [0, 2] },
    { code: 'D', features: [3, 3] },
    { code: 'E', features: [null, 1] },
  ];

  test('the nearest on standardised figures, nearest first; a candidate missing a feature is left out', () => {
    const got = nearestNeighbours('A', candidates, 10);
    expect(got.map((n) => n.code)).toEqual(['B', 'C', 'D']);
    expect(got[0]!.distance).toBeCloseTo(1 / Math.sqrt(1.5), 10);
    expect(got[1]!.distance).toBeCloseTo(2 / Math.sqrt(1.36), 10);
    expect(got[2]!.distance).toBeCloseTo(Math.sqrt(9 / 1.5 + 9 / 1.36), 10);
  });

  test('k limits the group, and a feature the council lacks is not used', () => {
    expect(nearestNeighbours('A', candidates, 2).map((n) => n.code)).toEqual(['B', 'C']);
    // E has no feature 1: only feature 2 counts, so A and B (both 0) are equally near, taken by code.
    const fromE = nearestNeighbours('E', candidates, 10);
    expect(fromE.map((n) => n.code)).toEqual(['A', 'B', 'C', 'D']);
    expect(fromE[0]!.distance).toBeCloseTo(1 / Math.sqrt(1.36), 10);
    expect(fromE[2]!.distance).toBeCloseTo(1 / Math.sqrt(1.36), 10);
  });
});

describe('the default comparator group', () => {
  const la = (timePeriod: number, areaCode: string, value: number | null, symbol: string | null = null): AreaValue => ({
    timePeriod,
    level: 'Local authority',
    areaCode,
    areaName: areaCode,
    regionCode: null,
    value,
    symbol,
  });
  const measure = (id: 'rate' | 'foster', values: AreaValue[]): MeasureData => ({ measure: benchmarkMeasure(id)!, values, counts: [] });

  test('uses the latest year every loaded feature has, and leaves out a feature with no data', () => {
    const data = new Map([
      // rate is published to 2024, foster to 2025: 2024 is the latest year both have.
      ['rate', measure('rate', [la(2024, 'A', 10), la(2024, 'B', 20), la(2024, 'C', 40), la(2024, 'D', 35), la(2023, 'C', 10)])],
      ['foster', measure('foster', [la(2024, 'A', 50), la(2024, 'B', 55), la(2024, 'C', 70), la(2024, 'D', null, 'c'), la(2025, 'A', 50)])],
    ] as const);
    const d = defaultComparators('A', new Map(data), new Set(['A', 'B', 'C', 'D']));
    expect(d.timePeriod).toBe(2024);
    expect(d.features).toEqual(['rate', 'foster']);
    // D has a symbol for foster, so it is not a candidate.
    expect(d.members.map((m) => m.code)).toEqual(['B', 'C']);
  });
});

describe('comparator list as typed', () => {
  const councils = new Map([
    ['E06000001', 'Hartlepool'],
    ['E06000002', 'Middlesbrough'],
    ['E06000004', 'Stockton-on-Tees'],
    ['E09000028', 'Southwark'],
  ]);

  test('codes one a line or comma-separated, names beside codes allowed, repeats once', () => {
    expect(parseComparatorCodes('E06000001, e06000002\nE09000028 Southwark\n\nE06000001', councils, 'E06000004')).toEqual({
      ok: true,
      codes: ['E06000001', 'E06000002', 'E09000028'],
    });
  });

  test('each unknown code, the council itself and text without a code is named', () => {
    const r = parseComparatorCodes('E06000001\nE10000006\nE99999999, Darlington\nE06000004', councils, 'E06000004');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(4);
    expect(r.errors[0]).toContain('E10000006');
    expect(r.errors[1]).toContain('E99999999');
    expect(r.errors[2]).toContain('Darlington');
    expect(r.errors[3]).toContain('itself');
  });

  test('an empty list is an error', () => {
    expect(parseComparatorCodes(' \n ', councils, 'E06000004')).toMatchObject({ ok: false });
  });
});

describe('a measure for a council', () => {
  const v = (timePeriod: number, level: AreaValue['level'], areaCode: string, value: number | null, symbol: string | null = null): AreaValue => ({
    timePeriod,
    level,
    areaCode,
    areaName: areaCode,
    regionCode: level === 'National' ? null : 'R1',
    value,
    symbol,
  });
  const data: MeasureData = {
    measure: benchmarkMeasure('foster')!,
    values: [
      v(2024, 'National', 'E92000001', 68),
      v(2024, 'Regional', 'R1', 70),
      v(2024, 'Regional', 'R2', 60),
      v(2024, 'Local authority', 'L1', 66),
      v(2024, 'Local authority', 'L2', 80),
      v(2024, 'Local authority', 'L3', null, 'c'),
      v(2024, 'Local authority', 'L4', 61),
      v(2023, 'Local authority', 'L1', null, 'k'),
      v(2023, 'Local authority', 'L2', 75),
    ],
    counts: [v(2024, 'Local authority', 'L1', 383)],
  };

  test('council, region, England, comparator mean over members with a number, rank among councils with a number', () => {
    const years = benchmarkYears(data, 'L1', 'R1', ['L2', 'L3', 'L4']);
    expect(years.map((y) => y.timePeriod)).toEqual([2023, 2024]);
    const y = years[1]!;
    expect(y.council).toEqual({ value: 66, symbol: null });
    expect(y.count).toEqual({ value: 383, symbol: null });
    expect(y.region).toEqual({ value: 70, symbol: null });
    expect(y.england).toEqual({ value: 68, symbol: null });
    expect(y.comparatorMean).toBe(70.5); // (80 + 61) / 2, L3 suppressed
    expect(y.comparatorWithFigures).toBe(2);
    expect([y.rank, y.ranked, y.quartile]).toEqual([2, 3, 2]);
    // 2023: the council has a symbol, so it has no rank; the symbol is kept.
    expect(years[0]!.council).toEqual({ value: null, symbol: 'k' });
    expect(years[0]!.rank).toBeNull();
    expect(years[0]!.ranked).toBe(1);
  });

  test('the table and its CSV keep symbols as letters', () => {
    const years = benchmarkYears(data, 'L1', 'R1', ['L2', 'L3', 'L4']);
    const table = benchmarkTable(data.measure, years, {
      council: { code: 'L1', name: 'Council One' },
      region: { code: 'R1', name: 'Region One' },
      comparatorSize: 3,
    });
    expect(table.keys).toEqual([]);
    expect(table.description).toContain('rank 2 of 3 councils');
    const csv = benchmarkCsv(table).split('\n');
    expect(csv[0]).toBe(
      'Year,Council One,Region One,England,Comparator group mean (3 councils),Council One: children,Rank (1 = highest),Quartile (1 = highest),Councils ranked',
    );
    expect(csv[1]).toBe('2023,k,,,75,,,,1'); // L2 is a member with 75 that year
    expect(csv[2]).toBe('2024,66,70,68,70.5,383,2,2,3');
  });
});
