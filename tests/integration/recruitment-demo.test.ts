/**
 * The recruitment view on the demo data: the pipeline read from the database agrees with the
 * demo file itself, read here by plain string parsing (not through the importer).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { loadDemoIfEmpty } from '@/db/imports/demo';
import { listFigureSeries } from '@/db/queries/figures';
import { recruitmentSeries } from '@/lib/recruitment';
import { RECRUITMENT_MEASURES } from '@/lib/template/codes';
import { freshDb } from '@/tests/helpers/db';

const STOCKTON = 'E06000004';
const FILE = path.join(process.cwd(), 'data', 'demo', `sufficiency_${STOCKTON}.csv`);

/** The value of one in-house, all-ages, all-needs figure of the demo file, by splitting lines on commas. */
function fromFile(period: string, setting: string, measure: string): number {
  const lines = readFileSync(FILE, 'utf8').split(/\r?\n/);
  const prefix = `${period},${STOCKTON},Stockton-on-Tees,${setting},in_house,all,all,${measure},`;
  const hits = lines.filter((l) => l.startsWith(prefix));
  expect(hits, `${prefix} in the demo file`).toHaveLength(1);
  return Number(hits[0]!.slice(prefix.length));
}

let db: Db;

beforeAll(async () => {
  db = freshDb();
  await loadDemoIfEmpty(db);
}, 120_000);

const series = () => listFigureSeries(db, STOCKTON, { measures: [...RECRUITMENT_MEASURES], ageBand: 'all', need: 'all' });

describe('recruitment figures of the demo, Stockton-on-Tees', () => {
  it('covers every period loaded, 2020 to 2024', () => {
    expect(recruitmentSeries(series(), 'fostering').map((r) => r.periodEnd)).toEqual([
      '2020-03-31',
      '2021-03-31',
      '2022-03-31',
      '2023-03-31',
      '2024-03-31',
    ]);
  });

  it('2024 fostering approvals and enquiries are the numbers in the demo file', () => {
    const y2024 = recruitmentSeries(series(), 'fostering').find((r) => r.periodEnd === '2024-03-31')!;
    expect(y2024.approved).toEqual({ value: fromFile('2024-03-31', 'fostering', 'households_approved'), symbol: null });
    expect(y2024.enquiries).toEqual({ value: fromFile('2024-03-31', 'fostering', 'enquiries'), symbol: null });
    expect(y2024.approved.value).toBeGreaterThan(0);
  });

  it('2024 net change in fostering equals the change in approved households from 2023 to 2024', () => {
    const y2024 = recruitmentSeries(series(), 'fostering').find((r) => r.periodEnd === '2024-03-31')!;
    const change = fromFile('2024-03-31', 'fostering', 'carer_households') - fromFile('2023-03-31', 'fostering', 'carer_households');
    expect(y2024.netChange).toEqual({ value: change, symbol: null });
  });

  it('the 2024 loss rate is deregistrations over the households on 31 March 2023', () => {
    const y2024 = recruitmentSeries(series(), 'fostering').find((r) => r.periodEnd === '2024-03-31')!;
    const expected =
      (fromFile('2024-03-31', 'fostering', 'households_deregistered') / fromFile('2023-03-31', 'fostering', 'carer_households')) * 100;
    expect(y2024.lossRate.value).toBeCloseTo(expected, 9);
  });

  it('all fostering adds kinship, and its net change also matches the change in households', () => {
    const y2024 = recruitmentSeries(series(), 'all').find((r) => r.periodEnd === '2024-03-31')!;
    const both = (period: string, measure: string) =>
      fromFile(period, 'fostering', measure) + fromFile(period, 'kinship_fostering', measure);
    expect(y2024.enquiries.value).toBe(both('2024-03-31', 'enquiries'));
    expect(y2024.households.value).toBe(both('2024-03-31', 'carer_households'));
    expect(y2024.netChange.value).toBe(both('2024-03-31', 'carer_households') - both('2023-03-31', 'carer_households'));
  });
});
