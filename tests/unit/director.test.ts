/**
 * The director's headlines and the what-if sum against hand calculations written beside each
 * expectation, from the figures built here.
 */
import { describe, expect, it } from 'vitest';
import {
  changeText,
  directorHeadlines,
  formatSignedGbp,
  parseWhatIf,
  placementLabel,
  previousPeriod,
  whatIf,
  whatIfSentence,
  type DirectorHeadline,
  type WhatIfInput,
} from '@/lib/director';
import { withTotals, type Figure } from '@/lib/figures';
import type { Measure, Provision, Setting } from '@/lib/template/codes';

type Stored = Omit<Figure, 'derived'>;

function f(setting: Setting, provision: Provision, measure: Measure, value: number | 'c'): Stored {
  return typeof value === 'number'
    ? { setting, provision, ageBand: 'all', need: 'all', measure, value, symbol: null }
    : { setting, provision, ageBand: 'all', need: 'all', measure, value: null, symbol: value };
}

/** Children placed and weekly cost of each setting x provision. */
function placements(rows: Array<[Setting, Provision, number, number | null]>): Stored[] {
  return rows.flatMap(([s, p, placed, cost]) => [f(s, p, 'children_placed', placed), ...(cost === null ? [] : [f(s, p, 'weekly_cost_gbp', cost)])]);
}

// This year: 30 + 10 fostering, 10 kinship, 8 + 2 in homes, 0 secure, 40 with parents = 100 children.
// Weekly spend: 30x500 + 10x900 + 10x300 + 8x5000 + 2x4000 + 40x100 = 15,000 + 9,000 + 3,000 +
// 40,000 + 8,000 + 4,000 = 79,000; average 79,000 / 100 = £790.
const CURRENT_STORED = [
  ...placements([
    ['fostering', 'in_house', 30, 500],
    ['fostering', 'private', 10, 900],
    ['kinship_fostering', 'in_house', 10, 300],
    ['residential', 'private', 8, 5000],
    ['residential', 'in_house', 2, 4000],
    ['secure', 'other_la', 0, null],
    ['other', 'parents', 40, 100],
  ]),
  f('all', 'all', 'placed_over_20_miles', 12),
];
const CURRENT = withTotals(CURRENT_STORED);

// Last year: 25 + 10 fostering, 9 kinship, 8 + 2 in homes, 0 secure, 26 with parents = 80 children.
// Weekly spend: 25x480 + 10x900 + 9x300 + 8x5000 + 2x4000 + 26x100 = 12,000 + 9,000 + 2,700 +
// 40,000 + 8,000 + 2,600 = 74,300; average 74,300 / 80 = £928.75.
const PREVIOUS = withTotals([
  ...placements([
    ['fostering', 'in_house', 25, 480],
    ['fostering', 'private', 10, 900],
    ['kinship_fostering', 'in_house', 9, 300],
    ['residential', 'private', 8, 5000],
    ['residential', 'in_house', 2, 4000],
    ['secure', 'other_la', 0, null],
    ['other', 'parents', 26, 100],
  ]),
  f('all', 'all', 'placed_over_20_miles', 9),
]);

const WEEKS = 365 / 7;

function headline(list: DirectorHeadline[], id: string): DirectorHeadline {
  const h = list.find((x) => x.id === id);
  if (!h) throw new Error(`no headline ${id}`);
  return h;
}

describe('directorHeadlines', () => {
  const list = directorHeadlines(CURRENT, PREVIOUS);

  it('gives the seven headlines in order', () => {
    expect(list.map((h) => h.id)).toEqual([
      'children_placed',
      'pct_family_settings',
      'pct_fostering_in_house',
      'pct_residential',
      'pct_over_20_miles',
      'avg_weekly_cost',
      'annual_spend',
    ]);
  });

  it('counts children placed now and last year, and the change', () => {
    const h = headline(list, 'children_placed');
    expect(h.now.value).toBe(100);
    expect(h.previous?.value).toBe(80);
    expect(h.change?.value).toBe(20); // 100 - 80
    expect(h.changeUnit).toBe('count');
    expect(changeText(h, '2022-23')).toBe('up 20 on 2022-23');
  });

  it('gives percentage changes in percentage points', () => {
    // Family settings: (40 + 10) / 100 = 50% now, (35 + 9) / 80 = 55% last year: down 5 pts.
    const family = headline(list, 'pct_family_settings');
    expect(family.now.value).toBeCloseTo(50, 10);
    expect(family.previous?.value).toBeCloseTo(55, 10);
    expect(family.change?.value).toBeCloseTo(-5, 10);
    expect(family.changeUnit).toBe('pts');
    expect(changeText(family, '2022-23')).toBe('down 5 pts on 2022-23');
    // In-house fostering: (30 + 10) / 50 = 80% now, (25 + 9) / 44 = 77.27% last year: up 2.73 pts.
    const inHouse = headline(list, 'pct_fostering_in_house');
    expect(inHouse.now.value).toBeCloseTo(80, 10);
    expect(inHouse.change?.value).toBeCloseTo(80 - (34 / 44) * 100, 10);
    expect(changeText(inHouse, '2022-23')).toBe('up 3 pts on 2022-23');
    // Homes: (8 + 2 + 0 secure) / 100 = 10% now, 10 / 80 = 12.5% last year: down 2.5 pts.
    expect(headline(list, 'pct_residential').change?.value).toBeCloseTo(-2.5, 10);
    // Over 20 miles: 12 / 100 = 12% now, 9 / 80 = 11.25% last year: up 0.75, shown as 1 pt.
    const far = headline(list, 'pct_over_20_miles');
    expect(far.change?.value).toBeCloseTo(0.75, 10);
    expect(changeText(far, '2022-23')).toBe('up 1 pt on 2022-23');
  });

  it('gives the average weekly cost and annual spend, and their changes in pounds', () => {
    const weekly = headline(list, 'avg_weekly_cost');
    expect(weekly.now.value).toBeCloseTo(790, 2);
    expect(weekly.previous?.value).toBeCloseTo(928.75, 2);
    expect(weekly.change?.value).toBeCloseTo(-138.75, 2);
    expect(changeText(weekly, '2022-23')).toBe('down £138.75 on 2022-23');
    // 79,000 x 365/7 = 4,119,285.71 -> £4,119,286; 74,300 x 365/7 = 3,874,214.29 -> £3,874,214.
    const spend = headline(list, 'annual_spend');
    expect(spend.now.value).toBe(4_119_286);
    expect(spend.previous?.value).toBe(3_874_214);
    expect(spend.change?.value).toBe(245_072);
    expect(changeText(spend, '2022-23')).toBe('up £245,072 on 2022-23');
  });

  it('has no previous value or change when there is no year before', () => {
    const h = headline(directorHeadlines(CURRENT, null), 'children_placed');
    expect(h.now.value).toBe(100);
    expect(h.previous).toBeNull();
    expect(h.change).toBeNull();
    expect(changeText(h, '2022-23')).toBe('no figures for the year before');
  });

  it('gives x for a change where last year has a suppressed figure', () => {
    const withSymbol = withTotals([
      ...placements([['fostering', 'in_house', 25, 480]]),
      f('fostering', 'private', 'children_placed', 'c'),
    ]);
    const h = headline(directorHeadlines(CURRENT, withSymbol), 'children_placed');
    expect(h.previous).toEqual({ value: null, symbol: 'x' });
    expect(h.change).toEqual({ value: null, symbol: 'x' });
    expect(changeText(h, '2022-23')).toBe('change on 2022-23 not available');
  });

  it('says "no change" for 0 and "less than 1 pt" for a change that rounds to 0', () => {
    const base = { id: 'pct_family_settings' as const, changeUnit: 'pts' as const };
    expect(changeText({ ...base, change: { value: 0, symbol: null } }, '2022-23')).toBe('no change on 2022-23');
    expect(changeText({ ...base, change: { value: -0.3, symbol: null } }, '2022-23')).toBe('down less than 1 pt on 2022-23');
  });
});

describe('previousPeriod', () => {
  it('finds the same day a year before among the periods stored', () => {
    expect(previousPeriod('2024-03-31', ['2024-03-31', '2023-03-31', '2022-03-31'])).toBe('2023-03-31');
    expect(previousPeriod('2022-03-31', ['2024-03-31', '2023-03-31'])).toBeNull();
  });
});

describe('whatIf', () => {
  const move = (children: number, over: Partial<WhatIfInput> = {}): WhatIfInput => ({
    from: { setting: 'residential', provision: 'private' },
    to: { setting: 'fostering', provision: 'in_house' },
    children,
    ...over,
  });

  it('works out the annual effect of moving children from homes to in-house fostering', () => {
    // 5 x (500 - 5,000) x 365/7 = -22,500 x 365/7 = -8,212,500 / 7 = -1,173,214.29.
    const r = whatIf(CURRENT, move(5));
    expect(r.problem).toBeNull();
    if (r.problem !== null) return;
    expect(r.weeklyFrom).toBe(5000);
    expect(r.weeklyTo).toBe(500);
    expect(r.annualChange).toBeCloseTo(-8_212_500 / 7, 6);
    expect(r.annualChange).toBeCloseTo(5 * (500 - 5000) * WEEKS, 6);
    expect(whatIfSentence(r)).toBe(
      "Moving 5 children from Children's homes (Private) to Fostering (other foster carers; In-house) would change annual spend by −£1,173,214: from £5,000 to £500 a week each.",
    );
  });

  it('works the other way and with averages over commissioned providers', () => {
    // 1 x (900 - 300) x 365/7 = 600 x 365/7 = 31,285.71: fostering commissioned is private only.
    const r = whatIf(CURRENT, {
      from: { setting: 'kinship_fostering', provision: 'in_house' },
      to: { setting: 'fostering', provision: 'commissioned' },
      children: 1,
    });
    expect(r.problem).toBeNull();
    if (r.problem !== null) return;
    expect(r.weeklyTo).toBe(900);
    expect(r.annualChange).toBeCloseTo(219_000 / 7, 6);
    expect(whatIfSentence(r)).toContain('Moving 1 child from');
    expect(whatIfSentence(r)).toContain('by +£31,286');
  });

  it('accepts 1 and 10,000 children', () => {
    expect(whatIf(CURRENT, move(1)).problem).toBeNull();
    expect(whatIf(CURRENT, move(10_000)).problem).toBeNull();
  });

  it('refuses a number of children that is not a whole number from 1 to 10,000', () => {
    for (const n of [0, -3, 10_001, 2.5, Number.NaN]) {
      const r = whatIf(CURRENT, move(n));
      expect(r.problem, String(n)).toMatch(/number of children/i);
      expect(r.problem === null ? null : r.field).toBe('children');
    }
  });

  it('refuses a move to the same placement', () => {
    const r = whatIf(CURRENT, move(5, { to: { setting: 'residential', provision: 'private' } }));
    expect(r.problem).toBe('Choose a different placement to move the children to');
  });

  it('says when a weekly cost is missing', () => {
    // Secure (another council) has children placed 0 and no weekly cost.
    const r = whatIf(CURRENT, move(2, { to: { setting: 'secure', provision: 'other_la' } }));
    expect(r.problem).toMatch(/no average weekly cost for Secure children's homes \(Another council\)/);
    expect(r.problem === null ? null : r.field).toBe('to_setting');
  });

  it('says when a weekly cost is a symbol', () => {
    const figures = withTotals([...CURRENT_STORED, f('supported_accommodation', 'private', 'weekly_cost_gbp', 'c')]);
    const r = whatIf(figures, move(2, { from: { setting: 'supported_accommodation', provision: 'private' } }));
    expect(r.problem).toMatch(/weekly cost of Supported accommodation \(16-17; Private\) is c/);
    expect(r.problem === null ? null : r.field).toBe('from_setting');
  });
});

describe('the what-if form', () => {
  it('is empty until sent', () => {
    expect(parseWhatIf({ la: 'E06000004' })).toEqual({ status: 'empty' });
  });

  it('reads the fields sent', () => {
    const q = parseWhatIf({ from_setting: 'residential', from_provision: 'private', to_setting: 'fostering', to_provision: 'in_house', children: ' 1,000 ' });
    expect(q).toEqual({
      status: 'ready',
      input: { from: { setting: 'residential', provision: 'private' }, to: { setting: 'fostering', provision: 'in_house' }, children: 1000 },
    });
  });

  it('asks for the number of children, and passes words on as not a number', () => {
    const base = { from_setting: 'residential', from_provision: 'private', to_setting: 'fostering', to_provision: 'in_house' };
    expect(parseWhatIf({ ...base, children: '' })).toMatchObject({ status: 'invalid', field: 'children' });
    const words = parseWhatIf({ ...base, children: 'five' });
    expect(words.status === 'ready' && Number.isNaN(words.input.children)).toBe(true);
  });

  it('names the field of an unknown setting or provider', () => {
    expect(parseWhatIf({ from_setting: 'castle', children: '1' })).toMatchObject({ status: 'invalid', field: 'from_setting' });
    expect(parseWhatIf({ from_setting: 'residential', from_provision: 'private', to_setting: 'fostering', to_provision: 'x' })).toMatchObject({
      status: 'invalid',
      field: 'to_provision',
    });
  });

  it('labels placements and signs amounts in words', () => {
    expect(placementLabel({ setting: 'residential', provision: 'private' })).toBe("Children's homes (Private)");
    expect(formatSignedGbp(-1_234_567.4)).toBe('−£1,234,567');
    expect(formatSignedGbp(5000)).toBe('+£5,000');
    expect(formatSignedGbp(0.2)).toBe('£0');
  });
});
