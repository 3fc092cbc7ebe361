/**
 * The forecast page's tables (lib/forecast/view.ts) on a small hand-built projection, where the
 * answers can be worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import type { ProjectionRecord } from '@/lib/forecast/model';
import { capacityAt, gapTable, monthDemandPassesCapacity, placesAt, projectPriority, projectedAt, settingsTable, totalTable, type ForecastView } from '@/lib/forecast/view';

const MONTHS = ['2024-04-30', '2024-05-31', '2024-06-30', '2024-07-31', '2024-08-31', '2024-09-30'];
/** Fostering median 100, 102, ... 110; residential flat at 20; every other setting 0. */
function view(): ForecastView {
  const projection: ProjectionRecord[] = [];
  MONTHS.forEach((monthEnd, i) => {
    const f = 100 + 2 * i;
    const rec = (setting: ProjectionRecord['setting'], p50: number): ProjectionRecord => ({ monthEnd, setting, ageBand: 'all', p5: p50 - 5, p50, p95: p50 + 5, mean: p50 });
    projection.push(rec('fostering', f), rec('residential', 20), rec('kinship_fostering', 0), rec('secure', 0), rec('supported_accommodation', 0), rec('other', 0), rec('all', f + 20));
  });
  return { months: 6, runs: 100, history: [{ monthEnd: '2024-03-31', setting: 'fostering', ageBand: 'all', count: 99 }], projection, backTest: null, costs: [], scenario: null };
}

describe('the forward gap', () => {
  it('capacity is today’s places plus the planned changes in effect by each month end', () => {
    const plans = [
      { setting: 'fostering' as const, effectiveDate: '2024-06-15', change: 5 },
      { setting: 'fostering' as const, effectiveDate: '2024-09-01', change: -2 },
      { setting: 'residential' as const, effectiveDate: '2024-05-01', change: 3 },
    ];
    expect(capacityAt(104, plans, 'fostering', '2024-05-31')).toBe(104);
    expect(capacityAt(104, plans, 'fostering', '2024-06-30')).toBe(109);
    expect(capacityAt(104, plans, 'fostering', '2024-09-30')).toBe(107);
    expect(capacityAt(undefined, plans, 'fostering', '2024-09-30')).toBeNull();
  });

  it('demand passes capacity in the first month its median is above it, and never when places keep up', () => {
    // 104 places: medians 100, 102, 104 (not above), 106 -> month 4.
    expect(monthDemandPassesCapacity(view(), 104, [], 'fostering')).toBe(4);
    // 5 more places from mid-June: 109 from month 3 on; 110 in month 6 passes it.
    expect(monthDemandPassesCapacity(view(), 104, [{ setting: 'fostering', effectiveDate: '2024-06-15', change: 5 }], 'fostering')).toBe(6);
    expect(monthDemandPassesCapacity(view(), 120, [], 'fostering')).toBeNull();
  });

  it('the gap table: places, planned change, capacity, demand, gap and the month; x without places, z when never', () => {
    const t = gapTable(view(), { fostering: 104, residential: 25 }, [{ setting: 'fostering', effectiveDate: '2024-06-15', change: 5 }]);
    const row = (k: string) => t.rows.find((r) => r.key === k)!.cells;
    expect(row('fostering')).toEqual({
      places: { value: 104, symbol: null },
      planned: { value: 5, symbol: null },
      capacity: { value: 109, symbol: null },
      p50: { value: 110, symbol: null },
      p95: { value: 115, symbol: null },
      gap: { value: 1, symbol: null },
      passes: { value: 6, symbol: null },
    });
    expect(row('residential').passes).toEqual({ value: null, symbol: 'z' });
    expect(row('residential').gap).toEqual({ value: -5, symbol: null });
    expect(row('secure').places).toEqual({ value: null, symbol: 'x' });
  });
});

describe('the total chart draws the places beside the projection', () => {
  const plans = [
    { setting: 'fostering' as const, effectiveDate: '2024-06-15', change: 5 },
    { setting: 'residential' as const, effectiveDate: '2024-09-01', change: -2 },
  ];
  it('places are the places today of every setting with places, plus the planned changes in effect by each month end', () => {
    // 104 + 25 = 129 until mid-June, 134 from June, 132 from September
    expect(placesAt({ fostering: 104, residential: 25 }, plans, '2024-05-31')).toBe(129);
    expect(placesAt({ fostering: 104, residential: 25 }, plans, '2024-06-30')).toBe(134);
    expect(placesAt({ fostering: 104, residential: 25 }, plans, '2024-09-30')).toBe(132);
    expect(placesAt({}, plans, '2024-09-30')).toBeNull();
  });
  it('the table has a places column for each projected month, empty for the recorded months', () => {
    const t = totalTable(view(), { fostering: 104, residential: 25 }, plans);
    expect(t.columns.map((c) => c.key)).toEqual(['recorded', 'p5', 'p50', 'p95', 'places']);
    expect(t.columns.at(-1)!.label).toBe("Places (today's plus planned changes)");
    expect(t.rows.map((r) => r.cells.places?.value ?? null)).toEqual([129, 129, 134, 134, 134, 132]);
    expect(t.notes.join(' ')).toContain("(fostering (other foster carers), children's homes)");
  });
  it('leaves the places out where no setting has places recorded', () => {
    const t = totalTable(view(), {}, []);
    expect(t.columns.map((c) => c.key)).toEqual(['recorded', 'p5', 'p50', 'p95']);
  });
});

describe('projections at a date', () => {
  it('the last month end on or before the date, nothing beyond the horizon', () => {
    expect(projectedAt(view(), 'fostering', 'all', '2024-07-15')?.p50).toBe(104);
    expect(projectedAt(view(), 'fostering', 'all', '2024-09-30')?.p50).toBe(110);
    expect(projectedAt(view(), 'fostering', 'all', '2025-03-31')).toBeNull();
  });

  it('a priority on children placed by setting is projected; a percentage, a provision or a need is not', () => {
    const base = { metric: 'children_placed', setting: 'fostering', provision: 'all', ageBand: 'all', need: 'all', targetDate: '2024-08-31' };
    expect(projectPriority(view(), base)?.p50).toBe(108);
    expect(projectPriority(view(), { ...base, metric: 'pct_family_settings' })).toBeNull();
    expect(projectPriority(view(), { ...base, provision: 'in_house' })).toBeNull();
    expect(projectPriority(view(), { ...base, need: 'uasc' })).toBeNull();
    expect(projectPriority(null, base)).toBeNull();
  });

  it('settings now and at the horizon', () => {
    const t = settingsTable(view());
    expect(t.rows.find((r) => r.key === 'fostering')!.cells).toMatchObject({ now: { value: 99 }, m6: { value: 110 }, p5: { value: 105 }, p95: { value: 115 } });
  });
});
