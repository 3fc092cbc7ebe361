import { describe, expect, it } from 'vitest';
import type { Figure } from '@/lib/figures';
import {
  approvalsNeeded,
  averageRate,
  parsePlanQuestion,
  recruitmentKeys,
  recruitmentSeries,
  recruitmentTables,
  yearsBetween,
  type RecruitmentRow,
} from '@/lib/recruitment';
import type { FigureSymbol, Measure } from '@/lib/template/codes';

type FosterSetting = 'fostering' | 'kinship_fostering';
type Values = Partial<Record<Measure, number | FigureSymbol>>;

/** Recruitment figures as the template stores them: in-house, all ages, all needs. */
function figures(bySetting: Partial<Record<FosterSetting, Values>>): Figure[] {
  return Object.entries(bySetting).flatMap(([setting, values]) =>
    Object.entries(values ?? {}).map(([measure, v]) => ({
      setting: setting as FosterSetting,
      provision: 'in_house' as const,
      ageBand: 'all' as const,
      need: 'all' as const,
      measure: measure as Measure,
      value: typeof v === 'number' ? v : null,
      symbol: typeof v === 'number' ? null : (v as FigureSymbol),
      derived: false,
    })),
  );
}

const full = (households: number, enquiries: number, applications: number, approved: number, deregistered: number): Values => ({
  carer_households: households,
  enquiries,
  applications,
  households_approved: approved,
  households_deregistered: deregistered,
});

// Two years, both settings, every measure given.
const SERIES = [
  // Given out of order: the series sorts by period.
  {
    periodEnd: '2023-03-31',
    figures: figures({ fostering: full(110, 250, 50, 15, 5), kinship_fostering: full(30, 20, 10, 8, 4) }),
  },
  {
    periodEnd: '2022-03-31',
    figures: figures({ fostering: full(100, 200, 40, 20, 10), kinship_fostering: full(28, 18, 9, 6, 3) }),
  },
];

const num = (value: number) => ({ value, symbol: null });
const MISSING = { value: null, symbol: null };
const X = { value: null, symbol: 'x' };

function approx(cell: { value: number | null; symbol: string | null }, expected: number) {
  expect(cell.symbol).toBeNull();
  expect(cell.value).not.toBeNull();
  expect(cell.value!).toBeCloseTo(expected, 9);
}

describe('recruitmentSeries', () => {
  it('gives the counts, net change and every rate of fostering, worked out by hand', () => {
    const [y1, y2] = recruitmentSeries(SERIES, 'fostering');
    expect(y1!.periodEnd).toBe('2022-03-31');
    expect(y2!.periodEnd).toBe('2023-03-31');
    // 2022: 200 enquiries, 40 applications, 20 approved, 10 deregistered, 100 households.
    expect(y1!.enquiries).toEqual(num(200));
    expect(y1!.applications).toEqual(num(40));
    expect(y1!.approved).toEqual(num(20));
    expect(y1!.deregistered).toEqual(num(10));
    expect(y1!.households).toEqual(num(100));
    expect(y1!.netChange).toEqual(num(10)); // 20 - 10
    approx(y1!.enquiryToApplication, 20); // 40 / 200
    approx(y1!.applicationToApproval, 50); // 20 / 40
    approx(y1!.enquiryToApproval, 10); // 20 / 200
    expect(y1!.lossRate).toEqual(MISSING); // no year before
    // 2023: 250, 50, 15, 5, 110; households at the start of the year: 100.
    expect(y2!.netChange).toEqual(num(10)); // 15 - 5
    approx(y2!.enquiryToApplication, 20); // 50 / 250
    approx(y2!.applicationToApproval, 30); // 15 / 50
    approx(y2!.enquiryToApproval, 6); // 15 / 250
    approx(y2!.lossRate, 5); // 5 / 100
  });

  it('kinship fostering reads its own figures', () => {
    const [, y2] = recruitmentSeries(SERIES, 'kinship_fostering');
    expect(y2!.households).toEqual(num(30));
    expect(y2!.netChange).toEqual(num(4)); // 8 - 4
    approx(y2!.enquiryToApplication, 50); // 10 / 20
    approx(y2!.applicationToApproval, 80); // 8 / 10
    approx(y2!.enquiryToApproval, 40); // 8 / 20
    approx(y2!.lossRate, (4 / 28) * 100); // 4 / 28 = 14.2857...%
  });

  it('all adds fostering and kinship before working out the rates', () => {
    const [, y2] = recruitmentSeries(SERIES, 'all');
    expect(y2!.enquiries).toEqual(num(270)); // 250 + 20
    expect(y2!.applications).toEqual(num(60)); // 50 + 10
    expect(y2!.approved).toEqual(num(23)); // 15 + 8
    expect(y2!.deregistered).toEqual(num(9)); // 5 + 4
    expect(y2!.households).toEqual(num(140)); // 110 + 30
    expect(y2!.netChange).toEqual(num(14)); // 23 - 9
    approx(y2!.enquiryToApplication, 22.222222222222); // 60 / 270
    approx(y2!.applicationToApproval, 38.333333333333); // 23 / 60
    approx(y2!.enquiryToApproval, 8.518518518519); // 23 / 270
    approx(y2!.lossRate, 7.03125); // 9 / (100 + 28)
  });

  it('a symbol gives x in every figure worked out from it, never 0', () => {
    const rows = recruitmentSeries(
      [
        { periodEnd: '2022-03-31', figures: figures({ fostering: { ...full(100, 200, 40, 20, 10), carer_households: 'c' } }) },
        { periodEnd: '2023-03-31', figures: figures({ fostering: { ...full(110, 250, 50, 15, 5), applications: 'c', households_deregistered: 'z' } }) },
      ],
      'fostering',
    );
    const y2 = rows[1]!;
    expect(y2.applications).toEqual({ value: null, symbol: 'c' });
    expect(y2.enquiryToApplication).toEqual(X);
    expect(y2.applicationToApproval).toEqual(X);
    approx(y2.enquiryToApproval, 6); // 15 / 250: no symbol involved
    expect(y2.netChange).toEqual(X); // 15 - z
    expect(y2.lossRate).toEqual(X); // z / c
  });

  it('a symbol in one setting makes the all-fostering figure x', () => {
    const [row] = recruitmentSeries(
      [{ periodEnd: '2023-03-31', figures: figures({ fostering: full(110, 250, 50, 15, 5), kinship_fostering: { ...full(30, 20, 10, 8, 4), enquiries: 'c' } }) }],
      'all',
    );
    expect(row!.enquiries).toEqual(X);
    expect(row!.enquiryToApproval).toEqual(X);
    expect(row!.approved).toEqual(num(23));
  });

  it('a missing figure stays missing, and so does what is worked out from it', () => {
    const rows = recruitmentSeries(
      [
        { periodEnd: '2022-03-31', figures: figures({ fostering: { enquiries: 200, households_approved: 20 } }) },
        { periodEnd: '2023-03-31', figures: figures({ fostering: { enquiries: 250, households_approved: 15, households_deregistered: 5 } }) },
      ],
      'fostering',
    );
    const y2 = rows[1]!;
    expect(y2.applications).toEqual(MISSING);
    expect(y2.households).toEqual(MISSING);
    expect(y2.enquiryToApplication).toEqual(MISSING);
    expect(y2.lossRate).toEqual(MISSING); // no households at the start of the year
    approx(y2.enquiryToApproval, 6);
    expect(rows[0]!.netChange).toEqual(MISSING); // no deregistrations in 2022
  });

  it('a rate over zero is x (not available), not infinity or 0', () => {
    const [row] = recruitmentSeries([{ periodEnd: '2023-03-31', figures: figures({ fostering: full(10, 0, 0, 0, 1) }) }], 'fostering');
    expect(row!.enquiryToApplication).toEqual(X);
    expect(row!.enquiryToApproval).toEqual(X);
    expect(row!.netChange).toEqual(num(-1));
  });

  it('the loss rate needs the year before: after a gap in the data it is missing', () => {
    const rows = recruitmentSeries(
      [
        { periodEnd: '2020-03-31', figures: figures({ fostering: full(100, 200, 40, 20, 10) }) },
        { periodEnd: '2022-03-31', figures: figures({ fostering: full(110, 250, 50, 15, 5) }) },
      ],
      'fostering',
    );
    expect(rows[1]!.lossRate).toEqual(MISSING);
  });

  it('a leap year still counts as the year before', () => {
    const rows = recruitmentSeries(
      [
        { periodEnd: '2023-03-31', figures: figures({ fostering: full(80, 200, 40, 20, 10) }) },
        { periodEnd: '2024-03-31', figures: figures({ fostering: full(90, 250, 50, 15, 4) }) },
      ],
      'fostering',
    );
    approx(rows[1]!.lossRate, 5); // 4 / 80
  });
});

describe('averageRate', () => {
  const row = (periodEnd: string, lossRate: { value: number | null; symbol: 'c' | 'x' | 'z' | null }) =>
    ({ periodEnd, lossRate }) as unknown as RecruitmentRow;

  it('is the mean of the last three years, leaving out years with no rate', () => {
    const rows = [row('2020-03-31', num(50)), row('2021-03-31', MISSING), row('2022-03-31', num(5)), row('2023-03-31', num(10))];
    const avg = averageRate(rows, 'lossRate', 3);
    approx(avg.cell, 7.5); // (5 + 10) / 2; 2020 is more than three years back
    expect(avg.periods).toEqual(['2022-03-31', '2023-03-31']);
  });

  it('is x when any of the years is a symbol, and missing when none has a rate', () => {
    expect(averageRate([row('2022-03-31', num(5)), row('2023-03-31', { value: null, symbol: 'c' })], 'lossRate').cell).toEqual(X);
    expect(averageRate([row('2022-03-31', MISSING)], 'lossRate').cell).toEqual(MISSING);
  });
});

describe('yearsBetween', () => {
  it('counts whole years between anniversaries, across a leap day', () => {
    expect(yearsBetween('2024-03-31', '2027-03-31')).toBe(3); // 1,095 days / 365.25 = 2.998, to 2 places 3.00
    expect(yearsBetween('2024-03-31', '2028-03-31')).toBe(4); // 1,461 days / 365.25 = 4
  });
  it('gives part years to two places, and negatives for a date before', () => {
    expect(yearsBetween('2024-03-31', '2026-09-30')).toBe(2.5); // 913 days / 365.25 = 2.4997
    expect(yearsBetween('2024-03-31', '2023-03-31')).toBe(-1);
  });
});

describe('approvalsNeeded', () => {
  it('adds the growth a year to the losses a year, and divides by the conversion rate for enquiries', () => {
    // (200 - 150) / 4 = 12.5 growth; 10% x 150 = 15 losses; 27.5 -> 28 approvals; 28 / 8% = 350 enquiries.
    const r = approvalsNeeded({ currentHouseholds: 150, targetHouseholds: 200, years: 4, lossRate: 10, enquiryToApproval: 8 });
    expect(r.problems).toEqual([]);
    expect(r.growthPerYear).toBeCloseTo(12.5, 9);
    expect(r.lossesPerYear).toBeCloseTo(15, 9);
    expect(r.approvalsPerYear).toBeCloseTo(27.5, 9);
    expect(r.approvalsWhole).toBe(28);
    expect(r.enquiriesWhole).toBe(350);
  });

  it('rounds approvals and enquiries up to whole numbers', () => {
    // (200 - 163) / 3 = 12.3333; 12% x 163 = 19.56; 31.8933 -> 32; 32 / 7.5% = 426.67 -> 427.
    const r = approvalsNeeded({ currentHouseholds: 163, targetHouseholds: 200, years: 3, lossRate: 12, enquiryToApproval: 7.5 });
    expect(r.growthPerYear).toBeCloseTo(12.333333333, 6);
    expect(r.lossesPerYear).toBeCloseTo(19.56, 9);
    expect(r.approvalsPerYear).toBeCloseTo(31.893333333, 6);
    expect(r.approvalsWhole).toBe(32);
    expect(r.enquiriesWhole).toBe(427);
  });

  it('needs no approvals when the target is far enough below today that losses alone get there', () => {
    // (100 - 200) / 2 = -50; 10% x 200 = 20; -30 -> 0.
    const r = approvalsNeeded({ currentHouseholds: 200, targetHouseholds: 100, years: 2, lossRate: 10, enquiryToApproval: 5 });
    expect(r.growthPerYear).toBeCloseTo(-50, 9);
    expect(r.approvalsPerYear).toBe(0);
    expect(r.approvalsWhole).toBe(0);
    expect(r.enquiriesWhole).toBe(0);
  });

  it('reports a target date that is not after the latest figures', () => {
    for (const years of [0, -1]) {
      const r = approvalsNeeded({ currentHouseholds: 150, targetHouseholds: 200, years, lossRate: 10, enquiryToApproval: 8 });
      expect(r.problems).toEqual(['The target date must be after the date of the latest figures.']);
      expect(r.approvalsWhole).toBeNull();
    }
  });

  it('with no enquiries becoming approvals it gives the approvals but reports the enquiries cannot be worked out', () => {
    const r = approvalsNeeded({ currentHouseholds: 150, targetHouseholds: 200, years: 4, lossRate: 10, enquiryToApproval: 0 });
    expect(r.approvalsWhole).toBe(28);
    expect(r.enquiriesWhole).toBeNull();
    expect(r.problems).toEqual(['No enquiries became approvals in recent years, so the enquiries needed cannot be worked out.']);
  });

  it('reports every missing input and gives no answer', () => {
    const r = approvalsNeeded({ currentHouseholds: null, targetHouseholds: null, years: null, lossRate: null, enquiryToApproval: null });
    expect(r.problems).toHaveLength(5);
    expect(r.problems[0]).toMatch(/households in the latest period is not available/);
    expect(r.problems[3]).toMatch(/stop fostering is not available/);
    expect(r.approvalsWhole).toBeNull();
    expect(r.enquiriesWhole).toBeNull();
    const noLoss = approvalsNeeded({ currentHouseholds: 150, targetHouseholds: 200, years: 4, lossRate: null, enquiryToApproval: 8 });
    expect(noLoss.problems).toHaveLength(1);
    expect(noLoss.approvalsWhole).toBeNull();
  });
});

describe('parsePlanQuestion', () => {
  const ctx = { today: '2026-11-23', latestPeriod: '2024-03-31' };

  it('asks nothing until a field is filled in', () => {
    expect(parsePlanQuestion({}, ctx)).toEqual({ asked: false, value: null, errors: [] });
  });

  it('takes a whole number and a date in either form', () => {
    expect(parsePlanQuestion({ target: '200', by: '2027-03-31' }, ctx).value).toEqual({ target: 200, by: '2027-03-31' });
    expect(parsePlanQuestion({ target: ' 1,200 ', by: '31/03/2027' }, ctx).value).toEqual({ target: 1200, by: '2027-03-31' });
  });

  it('gives an error per field, in form order', () => {
    const r = parsePlanQuestion({ target: 'lots', by: '31/02/2027' }, ctx);
    expect(r.value).toBeNull();
    expect(r.errors.map((e) => e.field)).toEqual(['target', 'by']);
    expect(r.errors[0]!.message).toMatch(/whole number/);
    expect(r.errors[1]!.message).toMatch(/real date/);
    expect(parsePlanQuestion({ target: '0', by: '2027-03-31' }, ctx).errors[0]!.message).toMatch(/between 1 and 100,000/);
    expect(parsePlanQuestion({ target: '', by: '2027-03-31' }, ctx).errors[0]!.message).toMatch(/Enter the target number/);
  });

  it('refuses a target date in the past or not after the latest figures', () => {
    expect(parsePlanQuestion({ target: '200', by: '2020-03-31' }, ctx).errors).toEqual([
      { field: 'by', message: 'The target date must be in the future' },
    ]);
    expect(parsePlanQuestion({ target: '200', by: '2026-11-23' }, ctx).errors[0]!.field).toBe('by');
    const aheadOfData = parsePlanQuestion({ target: '200', by: '2027-06-30' }, { today: '2026-11-23', latestPeriod: '2027-09-30' });
    expect(aheadOfData.errors[0]!.message).toMatch(/after the latest figures \(30 September 2027\)/);
  });
});

describe('recruitmentTables', () => {
  it('puts the rates in the tables as percentage columns beside the counts', () => {
    const t = recruitmentTables(recruitmentSeries(SERIES, 'fostering'), 'fostering');
    expect(t.funnel.columns.filter((c) => c.unit === 'percent').map((c) => c.key)).toEqual([
      'enquiryToApplication',
      'applicationToApproval',
      'enquiryToApproval',
    ]);
    expect(t.households.columns.find((c) => c.key === 'lossRate')?.unit).toBe('percent');
    expect(t.funnel.rows.map((r) => r.label)).toEqual(['2021-22', '2022-23']);
    expect(t.households.rows[1]!.cells.netChange).toEqual(num(10));
  });

  it('lists the stored figures behind each table for the download', () => {
    expect(recruitmentKeys('all')).toHaveLength(10);
    expect(recruitmentKeys('fostering', 'funnel').map((k) => k.measure)).toEqual(['enquiries', 'applications', 'households_approved']);
    expect(recruitmentKeys('kinship_fostering', 'households').every((k) => k.setting === 'kinship_fostering' && k.provision === 'in_house')).toBe(true);
  });
});
