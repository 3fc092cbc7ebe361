import { describe, expect, it } from 'vitest';
import { getCurrentPublication } from '@/db/publications';
import { HEADER, importText, freshDb } from '@/tests/helpers/db';
import { buildPublicNeeds, costBand, type PublicNeeds } from '@/lib/needs';
import { getProfile, publishNeeds, saveProfile } from '@/db/publications';
import { listFigureSeries } from '@/db/queries/figures';
import { needsHeadline, nextUpdateDue } from '@/lib/needsSummary';
import { publishedDemoDb } from '@/tests/helpers/demoNeeds';

describe('the first screen of a council’s published needs', () => {
  it('says in plain words what each demo council needs most, from the published figures only', async () => {
    const db = await publishedDemoDb();
    const stockton = getCurrentPublication(db, 'E06000004')!.needs;
    // Worked from the published summary: fostering has the most places to commission (115; homes
    // 69, supported accommodation 20), 10-15 year olds the most of them, 39% placed outside.
    const summary = Object.fromEntries(stockton.settings.map((s) => [s.setting, s.summary.toCommission.value]));
    expect(summary).toMatchObject({ fostering: 115, residential: 69, supported_accommodation: 20 });
    expect(needsHeadline(stockton)).toEqual([
      'About 115 more foster care places, the most for 10 to 15 year olds; 39% of children in foster care live outside the council’s area.',
      'Also: about 69 children’s home places, about 20 supported accommodation places.',
    ]);
    expect(needsHeadline(getCurrentPublication(db, 'E09000028')!.needs)[0]).toBe(
      'About 47 more supported accommodation places; 71% of young people in supported accommodation live outside the council’s area.',
    );
  });

  it('never states a hidden figure, and says so plainly when nothing is to be commissioned', async () => {
    const db = await publishedDemoDb();
    const needs = getCurrentPublication(db, 'E06000004')!.needs;
    const hidden: PublicNeeds = {
      ...needs,
      settings: needs.settings.map((s) => ({ ...s, summary: { ...s.summary, toCommission: { value: null, symbol: 'c' } } })),
    };
    expect(needsHeadline(hidden)).toEqual(['Stockton-on-Tees’s figures show no placements it needs to commission beyond its own places.']);
    // Percentages hidden: the sentence stops at the places.
    const noPct: PublicNeeds = {
      ...needs,
      settings: needs.settings.map((s) => ({ ...s, summary: { ...s.summary, pctOutsideLa: { value: null, symbol: 'c' } } })),
    };
    expect(needsHeadline(noPct)[0]).toBe('About 115 more foster care places, the most for 10 to 15 year olds.');
  });

  it('carries the homes already registered in the area, by sector and size, counted from the register', async () => {
    const db = await publishedDemoDb();
    const home = (sector: string, places: number | null, status = 'Active') => ({ provisionType: "Children's home", registrationStatus: status, sector, places });
    const needs = buildPublicNeeds({
      council: { code: 'E06000004', name: 'Stockton-on-Tees', regionName: 'North East' },
      profile: { vision: '', modelOfCare: '', contact: '', events: '' },
      series: listFigureSeries(db, 'E06000004'),
      priorities: [],
      now: new Date('2026-12-06T00:00:00Z'),
      supply: {
        asAt: '2024-03-31',
        // Two private homes (4 and 1 places), one council home (2), one closed home, one fostering agency.
        settings: [home('Private', 4), home('Private', 1), home('Local Authority', 2), home('Private', 3, 'Closed'), { provisionType: 'Independent Fostering Agency', registrationStatus: 'Active', sector: 'Private', places: null }],
      },
    });
    const by = (rows: NonNullable<PublicNeeds['supply']>['bySector'], key: string) => rows.find((r) => r.key === key);
    expect(needs.supply!.asAt).toBe('2024-03-31');
    expect(by(needs.supply!.bySector, 'private')).toMatchObject({ homes: 2, places: 5 });
    expect(by(needs.supply!.bySector, 'local_authority')).toMatchObject({ homes: 1, places: 2 });
    expect(by(needs.supply!.bySector, 'all')).toMatchObject({ homes: 3, places: 7 });
    expect(by(needs.supply!.bySize, '1')).toMatchObject({ homes: 1, places: 1 });
    expect(by(needs.supply!.bySize, '2-3')).toMatchObject({ homes: 1, places: 2 });
    expect(by(needs.supply!.bySize, '4-5')).toMatchObject({ homes: 1, places: 4 });
  });

  it('publishes what the council pays by setting as bands only when the commissioner chooses to', async () => {
    const db = freshDb();
    const LA = 'E06000001,Hartlepool';
    const row = (setting: string, measure: string, n: number) => `2024-03-31,${LA},${setting},commissioned,all,all,${measure},${n}`;
    await importText(
      db,
      [HEADER, row('residential', 'children_placed', 12), row('residential', 'weekly_cost_gbp', 5321.5), row('fostering', 'children_placed', 4), row('fostering', 'weekly_cost_gbp', 912)].join('\n') + '\n',
    );
    expect(getProfile(db, 'E06000001').publishCosts).toBe(false);
    expect(publishNeeds(db, 'E06000001', null).needs.costs).toBeNull();
    saveProfile(db, 'E06000001', { vision: '', modelOfCare: '', contact: '', events: '', publishCosts: true }, null);
    expect(getProfile(db, 'E06000001').publishCosts).toBe(true);
    const costs = publishNeeds(db, 'E06000001', null).needs.costs!;
    expect(costs.find((c) => c.setting === 'residential')).toMatchObject({ band: '£5,000 to £5,999 a week', symbol: null });
    // Four children fostered: an average of four is too near one child's price.
    expect(costs.find((c) => c.setting === 'fostering')).toMatchObject({ band: null, symbol: 'c' });
    expect(costs.find((c) => c.setting === 'secure')).toMatchObject({ band: null });
  });

  it('bands weekly costs: £500 wide below £2,000, £1,000 wide to £10,000, then open', () => {
    expect(costBand(0)).toBe('£0 to £499 a week');
    expect(costBand(1999.99)).toBe('£1,500 to £1,999 a week');
    expect(costBand(2000)).toBe('£2,000 to £2,999 a week');
    expect(costBand(9999)).toBe('£9,000 to £9,999 a week');
    expect(costBand(12500)).toBe('£10,000 or more a week');
  });

  it('puts the next update a year after publishing', () => {
    expect(nextUpdateDue('2026-12-06T09:00:00.000Z')).toBe('2027-12-06');
  });
});
