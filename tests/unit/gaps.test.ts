/**
 * The gap analysis against hand calculations: every expected number below is worked out in the
 * comment beside it from the figures built here, not read from the code under test.
 */
import { describe, expect, it } from 'vitest';
import { withTotals, type Figure } from '@/lib/figures';
import {
  GAP_CSV_HEADER,
  filterGapRows,
  gapCsv,
  gapQueryString,
  gapRows,
  gapTable,
  largestGaps,
  parseGapQuery,
  sortGapRows,
  gapPage,
  parseGapPage,
  type GapRow,
} from '@/lib/gaps';
import type { AgeBand, Measure, Need, Provision, Setting } from '@/lib/template/codes';

type Stored = Omit<Figure, 'derived'>;

function f(setting: Setting, provision: Provision, measure: Measure, value: number | 'c', ageBand: AgeBand = 'all', need: Need = 'all'): Stored {
  return typeof value === 'number'
    ? { setting, provision, ageBand, need, measure, value, symbol: null }
    : { setting, provision, ageBand, need, measure, value: null, symbol: value };
}

const STORED: Stored[] = [
  // Children's homes, all ages, all children: demand 30 + 5 = 35; in-house places 20 -> 35 - 20 = 15
  // to commission; all places 20 + 12 = 32 -> 35 - 32 = 3 unmet. Vacant 2 + 1 = 3.
  f('residential', 'all', 'children_placed', 30),
  f('residential', 'all', 'referrals_unmatched', 5),
  f('residential', 'in_house', 'places', 20),
  f('residential', 'commissioned', 'places', 12),
  f('residential', 'in_house', 'places_vacant', 2),
  f('residential', 'commissioned', 'places_vacant', 1),
  // Children's homes, 10 to 15: demand 12 + 3 = 15; in-house places 5 -> 10 to commission; no
  // commissioned places for the band, so all places 5 -> 10 unmet.
  f('residential', 'all', 'children_placed', 12, '10_15'),
  f('residential', 'all', 'referrals_unmatched', 3, '10_15'),
  f('residential', 'in_house', 'places', 5, '10_15'),
  // Children's homes, sibling groups: demand 6 + 4 = 10; no places -> both gaps missing.
  f('residential', 'all', 'children_placed', 6, 'all', 'sibling_group'),
  f('residential', 'all', 'referrals_unmatched', 4, 'all', 'sibling_group'),
  // Fostering: demand 40 + 2 = 42; in-house places 45 -> 42 - 45 < 0, so 0 to commission and 0 unmet.
  f('fostering', 'all', 'children_placed', 40),
  f('fostering', 'all', 'referrals_unmatched', 2),
  f('fostering', 'in_house', 'places', 45),
  // Kinship: demand 10 + 0 = 10; in-house places 0 -> 10 to commission; all places 0 + 4 = 4 -> 6 unmet.
  f('kinship_fostering', 'all', 'children_placed', 10),
  f('kinship_fostering', 'all', 'referrals_unmatched', 0),
  f('kinship_fostering', 'in_house', 'places', 0),
  f('kinship_fostering', 'commissioned', 'places', 4),
  // Supported accommodation: children placed suppressed (c) -> demand and both gaps x.
  f('supported_accommodation', 'all', 'children_placed', 'c'),
  f('supported_accommodation', 'all', 'referrals_unmatched', 1),
  f('supported_accommodation', 'in_house', 'places', 4),
  // Secure: places only, no demand -> the row is kept, demand and gaps missing.
  f('secure', 'in_house', 'places', 2),
  // Other settings are not commissioned as places: never a row.
  f('other', 'all', 'children_placed', 7),
];

const FIGURES = withTotals(STORED);
const num = (value: number) => ({ value, symbol: null });
const MISSING = { value: null, symbol: null };
const X = { value: null, symbol: 'x' };

const byKey = (rows: readonly GapRow[]) => new Map(rows.map((r) => [r.key, r]));
const keys = (rows: readonly GapRow[]) => rows.map((r) => r.key);

describe('gapRows', () => {
  const rows = gapRows(FIGURES);
  const row = (key: string) => {
    const r = byKey(rows).get(key);
    if (!r) throw new Error(`no row ${key}`);
    return r;
  };

  it('works out demand, places, vacancies and both gaps for a setting', () => {
    expect(row('residential|all|all').cells).toEqual({
      demand: num(35),
      in_house_places: num(20),
      commissioned_places: num(12),
      places_vacant: num(3),
      commissioning_need: num(15),
      unmet_need: num(3),
    });
  });

  it('works out the gaps for an age band', () => {
    expect(row('residential|10_15|all').cells).toMatchObject({
      demand: num(15),
      in_house_places: num(5),
      commissioned_places: MISSING,
      commissioning_need: num(10),
      unmet_need: num(10),
    });
  });

  it('never gives a gap below 0 when there are more places than demand', () => {
    expect(row('fostering|all|all').cells).toMatchObject({ demand: num(42), commissioning_need: num(0), unmet_need: num(0) });
  });

  it('counts commissioned places in unmet need but not in places to commission', () => {
    expect(row('kinship_fostering|all|all').cells).toMatchObject({
      demand: num(10),
      in_house_places: num(0),
      commissioned_places: num(4),
      commissioning_need: num(10),
      unmet_need: num(6),
    });
  });

  it('turns a suppressed figure into x (not available), never 0', () => {
    expect(row('supported_accommodation|all|all').cells).toMatchObject({
      demand: X,
      in_house_places: num(4),
      commissioning_need: X,
      unmet_need: X,
    });
  });

  it('keeps a row with demand but no places, and a row with places but no demand', () => {
    expect(row('residential|all|sibling_group').cells).toMatchObject({ demand: num(10), commissioning_need: MISSING, unmet_need: MISSING });
    expect(row('secure|all|all').cells).toMatchObject({ demand: MISSING, in_house_places: num(2), commissioning_need: MISSING });
  });

  it('drops rows with no demand and no capacity, and never has a row for other settings', () => {
    // 7 rows have figures: residential x3, fostering, kinship, supported, secure.
    expect(rows).toHaveLength(7);
    expect(rows.some((r) => r.setting === 'other')).toBe(false);
    expect(byKey(rows).has('fostering|10_15|all')).toBe(false);
  });

  it('puts the largest gaps first: places to commission, then unmet need, symbols and missing last', () => {
    // 15/3, then 10/10 before 10/6 (same to commission, more unmet), then 0/0; then the rows with
    // no number in natural order: residential sibling groups, secure, supported (x).
    expect(keys(rows)).toEqual([
      'residential|all|all',
      'residential|10_15|all',
      'kinship_fostering|all|all',
      'fostering|all|all',
      'residential|all|sibling_group',
      'secure|all|all',
      'supported_accommodation|all|all',
    ]);
  });
});

describe('sorting and filtering', () => {
  const rows = gapRows(FIGURES);

  it('sorts by demand, smallest first, with symbols and missing figures still last', () => {
    // Demand: kinship 10 and sibling groups 10 (kinship first: it has the larger gap), 10 to 15 15,
    // residential 35, fostering 42; then secure (missing) and supported (x) in natural order.
    expect(keys(sortGapRows(rows, { key: 'demand', dir: 'asc' }))).toEqual([
      'kinship_fostering|all|all',
      'residential|all|sibling_group',
      'residential|10_15|all',
      'residential|all|all',
      'fostering|all|all',
      'secure|all|all',
      'supported_accommodation|all|all',
    ]);
  });

  it('sorts by demand, largest first, still with symbols and missing figures last', () => {
    expect(keys(sortGapRows(rows, { key: 'demand', dir: 'desc' }))).toEqual([
      'fostering|all|all',
      'residential|all|all',
      'residential|10_15|all',
      'kinship_fostering|all|all',
      'residential|all|sibling_group',
      'secure|all|all',
      'supported_accommodation|all|all',
    ]);
  });

  it('sorts by setting in list order, largest gap first within a setting', () => {
    expect(keys(sortGapRows(rows, { key: 'setting', dir: 'asc' }))).toEqual([
      'fostering|all|all',
      'kinship_fostering|all|all',
      'residential|all|all',
      'residential|10_15|all',
      'residential|all|sibling_group',
      'secure|all|all',
      'supported_accommodation|all|all',
    ]);
  });

  it('filters by setting, age band and need', () => {
    expect(keys(filterGapRows(rows, { setting: 'residential' }))).toEqual([
      'residential|all|all',
      'residential|10_15|all',
      'residential|all|sibling_group',
    ]);
    expect(keys(filterGapRows(rows, { ageBand: '10_15' }))).toEqual(['residential|10_15|all']);
    expect(keys(filterGapRows(rows, { need: 'sibling_group' }))).toEqual(['residential|all|sibling_group']);
    expect(keys(filterGapRows(rows, { setting: 'fostering', need: 'sibling_group' }))).toEqual([]);
    expect(filterGapRows(rows, {})).toHaveLength(7);
  });

  it('charts only the rows with a gap above 0, largest first, at most ten, never a total beside its own part', () => {
    // Residential, all ages is left out: its part, residential 10 to 15, is charted (the same children twice otherwise).
    expect(keys(largestGaps(rows))).toEqual(['residential|10_15|all', 'kinship_fostering|all|all']);
    expect(keys(largestGaps(rows, 1))).toEqual(['residential|10_15|all']);
    // Alone (no part of it has a gap), the all-ages row is charted.
    expect(keys(largestGaps(rows.filter((r) => r.key !== 'residential|10_15|all')))).toEqual(['residential|all|all', 'kinship_fostering|all|all']);
    const table = gapTable(rows);
    expect(table.chartRows).toEqual(['residential|10_15|all', 'kinship_fostering|all|all']);
    expect(table.rows).toHaveLength(7);
    expect(table.description).toContain('2 largest gaps');
  });
});

describe('parseGapQuery', () => {
  it('defaults to no filter and the largest gaps first', () => {
    expect(parseGapQuery({})).toEqual({
      filter: { setting: undefined, ageBand: undefined, need: undefined },
      sort: { key: 'commissioning_need', dir: 'desc' },
      problems: [],
    });
  });

  it('reads filters and sort, with text columns ascending and figures descending unless told', () => {
    const q = parseGapQuery({ setting: 'residential', age: '10_15', need: 'all', sort: 'setting' });
    expect(q.filter).toEqual({ setting: 'residential', ageBand: '10_15', need: 'all' });
    expect(q.sort).toEqual({ key: 'setting', dir: 'asc' });
    expect(parseGapQuery({ sort: 'demand' }).sort).toEqual({ key: 'demand', dir: 'desc' });
    expect(parseGapQuery({ sort: 'demand', dir: 'asc' }).sort).toEqual({ key: 'demand', dir: 'asc' });
  });

  it('lists unknown values as problems and ignores them', () => {
    const q = parseGapQuery({ setting: 'other', age: 'old', sort: 'nonsense' });
    expect(q.filter.setting).toBeUndefined();
    expect(q.filter.ageBand).toBeUndefined();
    expect(q.sort).toEqual({ key: 'commissioning_need', dir: 'desc' });
    expect(q.problems).toHaveLength(3);
  });

  it('writes a query string that reads back as the same view, leaving out the default sort', () => {
    const q = { filter: { setting: 'residential' as const }, sort: { key: 'demand' as const, dir: 'asc' as const } };
    const s = gapQueryString(q, { la: 'E06000004' });
    expect(s).toBe('la=E06000004&setting=residential&sort=demand&dir=asc');
    const back = parseGapQuery(Object.fromEntries(new URLSearchParams(s)));
    expect(back.filter.setting).toBe('residential');
    expect(back.sort).toEqual(q.sort);
    expect(gapQueryString({ filter: {}, sort: { key: 'commissioning_need', dir: 'desc' } })).toBe('');
  });
});

describe('gapCsv', () => {
  it('writes the header, codes, numbers, symbols as letters and missing figures as empty', () => {
    const lines = gapCsv('E06000004', '2024-03-31', gapRows(FIGURES)).trim().split('\n');
    expect(lines[0]).toBe(
      'la_code,period_end,setting,age_band,need,demand,in_house_places,commissioned_places,places_vacant,commissioning_need,unmet_need',
    );
    expect(GAP_CSV_HEADER.join(',')).toBe(lines[0]);
    expect(lines[1]).toBe('E06000004,2024-03-31,residential,all,all,35,20,12,3,15,3');
    expect(lines).toContain('E06000004,2024-03-31,supported_accommodation,all,all,x,4,,,x,x');
    expect(lines).toContain('E06000004,2024-03-31,secure,all,all,,2,,,,');
    expect(lines).toHaveLength(8);
  });
});

describe('gapPage', () => {
  const rows = Array.from({ length: 120 }, (_, i) => ({ key: `r${i}` }) as unknown as GapRow);
  it('cuts the rows into pages of 50, the last one short', () => {
    expect(gapPage(rows, 1)).toMatchObject({ page: 1, pages: 3, from: 1, to: 50, total: 120 });
    expect(gapPage(rows, 1).rows.map((r) => r.key)[0]).toBe('r0');
    const last = gapPage(rows, 3);
    expect(last).toMatchObject({ page: 3, from: 101, to: 120 });
    expect(last.rows.map((r) => r.key)).toEqual(rows.slice(100).map((r) => r.key));
  });
  it('shows the last page for a page past the end, and one empty page for no rows', () => {
    expect(gapPage(rows, 9)).toMatchObject({ page: 3, from: 101, to: 120 });
    expect(gapPage([], 2)).toMatchObject({ page: 1, pages: 1, from: 0, to: 0, total: 0, rows: [] });
  });
  it('reads page from the query string', () => {
    expect(parseGapPage(undefined)).toEqual({ page: 1 });
    expect(parseGapPage('2')).toEqual({ page: 2 });
    expect(parseGapPage('0').problem).toMatch(/whole number/);
    expect(parseGapPage('2.5').problem).toMatch(/whole number/);
    expect(parseGapPage('-1').page).toBe(1);
  });
});
