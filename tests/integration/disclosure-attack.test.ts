import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCurrentPublication } from '@/db/publications';
import { listFigureSeries } from '@/db/queries/figures';
import { getMetric, metricValue, type Segment } from '@/lib/catalogue';
import { FigureIndex, withTotals, type Figure } from '@/lib/figures';
import { buildPublicNeeds, type PublicNeeds } from '@/lib/needs';
import { needsCsv } from '@/lib/needsCsv';
import { AGE_BAND_PARTS, NEEDS, type AgeBand, type Need, type Setting } from '@/lib/template/codes';
import { attack, type NeedsLike } from '@/tests/helpers/attacker';
import { publishedDemoDb } from '@/tests/helpers/demoNeeds';

type Series = ReadonlyArray<{ periodEnd: string; figures: readonly Figure[] }>;

const METRIC: Record<string, string> = { P: 'children_placed', D: 'demand', TC: 'commissioning_need', UN: 'unmet_need' };

/** The true value of one of the attacker's unknowns, from the council's own (unsuppressed) figures. */
function truthOf(series: Series) {
  const latest = series[series.length - 1]!;
  const indexes = new Map(series.map((s) => [s.periodEnd, FigureIndex.of(s.figures)]));
  return (name: string): number | null => {
    const [setting, letter, row] = name.split('|') as [Setting, string, string];
    let ix = indexes.get(latest.periodEnd)!;
    const seg: Segment = { setting, provision: 'all', ageBand: 'all', need: 'all' };
    if (row.startsWith('year:')) ix = indexes.get(row.slice(5))!;
    else if (row.startsWith('need:')) seg.need = row.slice(5) as Need;
    else seg.ageBand = row as AgeBand;
    if (letter === 'O' || letter === 'M') {
      const f = ix.get({ ...seg, measure: letter === 'O' ? 'placed_outside_la' : 'placed_over_20_miles' });
      return f?.value ?? null;
    }
    const metric = getMetric(METRIC[letter]!);
    if (!metric) return null;
    return metricValue(metric, ix, seg).value;
  };
}

/** What the API serves: the snapshot as JSON, read back as a client would. */
const asServed = (needs: PublicNeeds): NeedsLike => JSON.parse(JSON.stringify(needs)) as NeedsLike;


describe('an attacker with a linear programme and the published figures', () => {
  it('pins no count from 1 to 5 in the demo councils (API, with every CSV agreeing)', async () => {
    const db = await publishedDemoDb();
    const found: string[] = [];
    for (const code of ['E06000004', 'E09000028']) {
      const pub = getCurrentPublication(db, code)!;
      const pinned = attack(asServed(pub.needs), truthOf(listFigureSeries(db, code)));
      found.push(...pinned.map((p) => `${code} ${p.name}=${p.truth} (at most ${p.upper})`));
      // The CSVs are the same snapshot: every shown count in them is in the JSON too.
      for (const s of pub.needs.settings) {
        for (const t of [s.byAge, s.byNeed, s.trend]) {
          const csv = needsCsv(pub.needs, t.id)!;
          for (const r of t.rows) for (const c of t.columns) {
            const cell = r.cells[c.key];
            if (cell?.symbol === 'c') expect(csv).toMatch(new RegExp(`,${r.key},.*\\bc\\b`));
          }
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('pins nothing in random councils, including many small counts and one-cell rows', () => {
    const small = fc.integer({ min: 0, max: 7 });
    // Mostly small counts (the adversarial case), some large enough to cover them.
    const any = fc.oneof({ arbitrary: small, weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 60 }), weight: 1 });
    const ageRow = fc.record({ placed: any, unmatched: small, inHouse: fc.integer({ min: 0, max: 30 }), extra: fc.integer({ min: 0, max: 20 }) });
    const council = fc.record({
      ages: fc.array(ageRow, { minLength: AGE_BAND_PARTS.length, maxLength: AGE_BAND_PARTS.length }),
      // One-cell rows: sometimes a single age band holds every child.
      only: fc.option(fc.integer({ min: 0, max: AGE_BAND_PARTS.length - 1 })),
      outsideShare: fc.double({ min: 0, max: 1, noNaN: true }),
      farShare: fc.double({ min: 0, max: 1, noNaN: true }),
      needs: fc.array(fc.record({ placed: any, unmatched: small }), { minLength: 3, maxLength: 3 }),
      years: fc.array(fc.record({ placed: any, unmatched: small, inHouse: fc.integer({ min: 0, max: 40 }) }), { minLength: 1, maxLength: 3 }),
    });
    fc.assert(
      fc.property(council, (c) => {
        const series = randomSeries(c);
        const needs = buildPublicNeeds({
          council: { code: 'E06000001', name: 'Test', regionName: null },
          profile: { vision: '', modelOfCare: '', contact: '', events: '' },
          series,
          priorities: [],
          now: new Date('2026-12-06T00:00:00Z'),
        });
        const pinned = attack(asServed(needs), truthOf(series));
        expect(pinned).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

type RandomCouncil = {
  ages: { placed: number; unmatched: number; inHouse: number; extra: number }[];
  only: number | null;
  outsideShare: number;
  farShare: number;
  needs: { placed: number; unmatched: number }[];
  years: { placed: number; unmatched: number; inHouse: number }[];
};

/** One setting (children's homes) with figures by age, need and year; the rest left empty. */
function randomSeries(c: RandomCouncil): Series {
  const setting: Setting = 'residential';
  const fig = (measure: Figure['measure'], value: number, over: Partial<Figure> = {}): Omit<Figure, 'derived'> => ({
    setting, provision: 'all', ageBand: 'all', need: 'all', measure, value, symbol: null, ...over,
  });
  const latest: Omit<Figure, 'derived'>[] = [];
  let placedAll = 0;
  AGE_BAND_PARTS.forEach((a, i) => {
    const r = c.only === null || c.only === i ? c.ages[i]! : { placed: 0, unmatched: 0, inHouse: 0, extra: 0 };
    placedAll += r.placed;
    latest.push(
      fig('children_placed', r.placed, { ageBand: a }),
      fig('referrals_unmatched', r.unmatched, { ageBand: a }),
      fig('places', r.inHouse, { ageBand: a, provision: 'in_house' }),
      fig('places', r.extra, { ageBand: a, provision: 'commissioned' }),
    );
  });
  latest.push(
    fig('placed_outside_la', Math.floor(placedAll * c.outsideShare)),
    fig('placed_over_20_miles', Math.floor(placedAll * c.farShare)),
  );
  const needs = NEEDS.filter((n) => n !== 'all').slice(0, 3);
  needs.forEach((n, i) => {
    const r = c.needs[i]!;
    latest.push(fig('children_placed', Math.min(r.placed, placedAll), { need: n }), fig('referrals_unmatched', r.unmatched, { need: n }));
  });
  const earlier = c.years.map((y, i) => ({
    periodEnd: `${2023 - i}-03-31`,
    figures: withTotals([
      fig('children_placed', y.placed),
      fig('referrals_unmatched', y.unmatched),
      fig('places', y.inHouse, { provision: 'in_house' }),
    ]),
  }));
  return [...earlier.reverse(), { periodEnd: '2024-03-31', figures: withTotals(latest) }];
}
