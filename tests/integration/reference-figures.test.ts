/**
 * The demo data against the published figures: the overview's headlines for the two demo
 * councils must match DfE's published table for the year ending 31 March 2024.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { loadDemoIfEmpty } from '@/db/imports/demo';
import { getFigures } from '@/db/queries/figures';
import { headlines, type Headline } from '@/lib/metrics';
import { count, freshDb } from '@/tests/helpers/db';

/**
 * Published figures, year ending 31 March 2024: DfE, "Children looked after in England including
 * adoptions" 2024 (Explore Education Statistics), as tabled in /work/shared/domain/README.md
 * ("Reference figures"). Percentages are of all children looked after, rounded to whole numbers.
 * Columns: children looked after | foster | secure + children's homes | supported / semi-ind. |
 * own provision | private | >20 miles | outside LA.
 */
const PUBLISHED: Record<string, { name: string; figures: Record<string, { count: number; percent: number | null }> }> = {
  E06000004: {
    name: 'Stockton-on-Tees',
    figures: {
      total: { count: 581, percent: null },
      fostering: { count: 383, percent: 66 },
      residential: { count: 80, percent: 14 },
      supported: { count: 24, percent: 4 },
      'in-house': { count: 294, percent: 51 },
      private: { count: 155, percent: 27 },
      'over-20-miles': { count: 54, percent: 9 },
      'outside-la': { count: 222, percent: 38 },
    },
  },
  E09000028: {
    name: 'Southwark',
    figures: {
      total: { count: 397, percent: null },
      fostering: { count: 272, percent: 69 },
      residential: { count: 42, percent: 11 },
      supported: { count: 51, percent: 13 },
      'in-house': { count: 169, percent: 43 },
      private: { count: 177, percent: 45 },
      'over-20-miles': { count: 79, percent: 20 },
      'outside-la': { count: 302, percent: 76 },
    },
  },
};

const PERIOD = '2024-03-31';

let db: Db;
let loaded: Awaited<ReturnType<typeof loadDemoIfEmpty>>;

beforeAll(async () => {
  db = freshDb();
  loaded = await loadDemoIfEmpty(db);
}, 120_000);

describe('loadDemoIfEmpty', () => {
  it('loads both demo councils into an empty database', () => {
    expect(loaded).not.toBeNull();
    const templates = loaded!.filter((r) => !('returns' in r));
    expect(templates.map((r) => r.fileName).sort()).toEqual(['sufficiency_E06000004.csv', 'sufficiency_E09000028.csv']);
    // The synthetic SSDA903 returns of Stockton-on-Tees: five years, one import.
    const ssda = loaded!.filter((r) => 'returns' in r);
    expect(ssda).toHaveLength(1);
    expect(ssda[0]!.status).toBe('stored');
    expect((ssda[0] as unknown as { returns: { label: string }[] }).returns.map((r) => r.label)).toEqual(['2019-20', '2020-21', '2021-22', '2022-23', '2023-24']);
    for (const r of templates) {
      expect(r.status).toBe('stored');
      expect(r.errors).toEqual([]);
      expect(r.supplied.map((s) => s.periodEnd).sort()).toEqual([
        '2020-03-31',
        '2021-03-31',
        '2022-03-31',
        '2023-03-31',
        '2024-03-31',
      ]);
    }
    // 10 template sets, and 5 years x 2 views derived from SSDA903.
    expect(count(db, 'figure_sets')).toBe(20);
  });

  it('returns null and changes nothing when the database already has figures', async () => {
    const sets = count(db, 'figure_sets');
    const figures = count(db, 'figures');
    const imports = count(db, 'imports');
    expect(await loadDemoIfEmpty(db)).toBeNull();
    expect(count(db, 'figure_sets')).toBe(sets);
    expect(count(db, 'figures')).toBe(figures);
    expect(count(db, 'imports')).toBe(imports);
  });
});

const CASES = [
  ...Object.entries(PUBLISHED).map(([code, p]) => [code, 'template', p] as const),
  // The demo's SSDA903 returns for Stockton-on-Tees reproduce the same published mix, in both views.
  ['E06000004', 'ssda903', PUBLISHED.E06000004!] as const,
  ['E06000004', 'ssda903_return', PUBLISHED.E06000004!] as const,
];

describe.each(CASES)('headlines for %s (%s), 31 March 2024, match the published DfE table', (code, source, published) => {
  let byId: Map<string, Headline>;

  beforeAll(() => {
    const figures = getFigures(db, code, PERIOD, source);
    expect(figures, `no figures for ${code} ${PERIOD}`).not.toBeNull();
    byId = new Map(headlines(figures!).map((h) => [h.id, h]));
  });

  it('has a headline for every published column, and no other', () => {
    expect([...byId.keys()].sort()).toEqual(Object.keys(published.figures).sort());
  });

  it.each(Object.entries(published.figures))(`${published.name}: %s`, (id, expected) => {
    const h = byId.get(id);
    expect(h, `no headline ${id}`).toBeDefined();
    expect(h!.count.symbol).toBeNull();
    expect(h!.count.value).toBe(expected.count);
    if (expected.percent === null) {
      expect(h!.percent).toBeNull();
    } else {
      expect(h!.percent).not.toBeNull();
      expect(h!.percent!.symbol).toBeNull();
      expect(h!.percent!.value).not.toBeNull();
      expect(Math.round(h!.percent!.value!)).toBe(expected.percent);
    }
  });
});
