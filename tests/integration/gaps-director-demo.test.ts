/**
 * The gap analysis and the director's overview on the demo data. Expected numbers come from the
 * published DfE table (581 children, 383 in foster care) or are read straight from the demo file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { DEMO_DIR, loadDemoIfEmpty } from '@/db/imports/demo';
import { getFigures, listCouncilsWithFigures } from '@/db/queries/figures';
import { directorHeadlines, previousPeriod, whatIf } from '@/lib/director';
import type { Figure } from '@/lib/figures';
import { gapCsv, gapRows } from '@/lib/gaps';
import { freshDb } from '@/tests/helpers/db';

const LA = 'E06000004';
const LINES = fs.readFileSync(path.join(DEMO_DIR, `sufficiency_${LA}.csv`), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);

/** The value of one row of the demo file: period, setting, provision, age band, need, measure. */
function demoValue(period: string, setting: string, provision: string, ageBand: string, need: string, measure: string): number {
  const hit = LINES.map((l) => l.split(',')).find(
    (c) => c[0] === period && c[1] === LA && c[3] === setting && c[4] === provision && c[5] === ageBand && c[6] === need && c[7] === measure,
  );
  if (!hit) throw new Error(`no demo row ${period} ${setting} ${provision} ${ageBand} ${need} ${measure}`);
  return Number(hit[8]);
}

let db: Db;
let current: readonly Figure[];
let previous: readonly Figure[] | null;
let before: string | null;

beforeAll(async () => {
  db = freshDb();
  await loadDemoIfEmpty(db);
  current = getFigures(db, LA, '2024-03-31')!;
  const council = listCouncilsWithFigures(db).find((c) => c.code === LA)!;
  before = previousPeriod('2024-03-31', council.periods);
  previous = before ? getFigures(db, LA, before) : null;
}, 120_000);

describe("the director's overview for Stockton-on-Tees 2024", () => {
  it('compares with the year ending 31 March 2023', () => {
    expect(before).toBe('2023-03-31');
    expect(previous).not.toBeNull();
  });

  it('shows the published 581 children placed, against the demo file’s figure for 2023', () => {
    const h = directorHeadlines(current, previous).find((x) => x.id === 'children_placed')!;
    const last = demoValue('2023-03-31', 'all', 'all', 'all', 'all', 'children_placed');
    expect(h.now.value).toBe(581);
    expect(h.previous?.value).toBe(last);
    expect(h.change?.value).toBe(581 - last);
  });

  it('shows the published share in family settings: 383 of 581 rounds to 66%', () => {
    const h = directorHeadlines(current, previous).find((x) => x.id === 'pct_family_settings')!;
    expect(Math.round(h.now.value!)).toBe(66);
    expect(h.now.value).toBeCloseTo((383 / 581) * 100, 6);
  });

  it('works out a what-if from the weekly costs in the demo file', () => {
    const from = demoValue('2024-03-31', 'residential', 'private', 'all', 'all', 'weekly_cost_gbp');
    const to = demoValue('2024-03-31', 'fostering', 'in_house', 'all', 'all', 'weekly_cost_gbp');
    const r = whatIf(current, { from: { setting: 'residential', provision: 'private' }, to: { setting: 'fostering', provision: 'in_house' }, children: 5 });
    expect(r.problem).toBeNull();
    if (r.problem !== null) return;
    expect(r.annualChange).toBeCloseTo(5 * (to - from) * (365 / 7), 6);
  });
});

describe('the gap analysis for Stockton-on-Tees 2024', () => {
  it('works out the children’s homes gap from the demo file’s figures', () => {
    const demand =
      demoValue('2024-03-31', 'residential', 'all', 'all', 'all', 'children_placed') +
      demoValue('2024-03-31', 'residential', 'all', 'all', 'all', 'referrals_unmatched');
    const inHouse = demoValue('2024-03-31', 'residential', 'in_house', 'all', 'all', 'places');
    const commissioned = demoValue('2024-03-31', 'residential', 'commissioned', 'all', 'all', 'places');
    const row = gapRows(current).find((r) => r.key === 'residential|all|all')!;
    expect(row.cells.demand.value).toBe(demand);
    expect(row.cells.commissioning_need.value).toBe(Math.max(0, demand - inHouse));
    expect(row.cells.unmet_need.value).toBe(Math.max(0, demand - inHouse - commissioned));
  });

  it('puts the largest number of places to commission first', () => {
    const rows = gapRows(current);
    const needs = rows.map((r) => r.cells.commissioning_need.value).filter((v): v is number => v !== null);
    expect(rows[0]!.cells.commissioning_need.value).toBe(Math.max(...needs));
    expect(gapCsv(LA, '2024-03-31', rows).split('\n')[0]).toBe(
      'la_code,period_end,setting,age_band,need,demand,in_house_places,commissioned_places,places_vacant,commissioning_need,unmet_need',
    );
  });
});
