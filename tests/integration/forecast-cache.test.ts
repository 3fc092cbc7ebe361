/**
 * The forecast's cache and job on the demo database: the job process computes and stores a
 * forecast, the cache key follows the data, window, horizon and scenario, and saved plans and
 * scenarios live in the database.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { openDemoFile } from '@/tests/helpers/demoFile';
import { addPlan, addScenario, cacheKey, capacityAndCosts, getCached, listPlans, listScenarios, type ForecastRequest } from '@/db/forecast';

const ROOT = path.resolve(__dirname, '../..');
let dbFile = '';
let db: Db;
const REQ: ForecastRequest = { laCode: 'E06000004', months: 12, windowStart: null, windowEnd: null, scenarioId: null };

let remove = () => {};
beforeAll(async () => {
  ({ db, file: dbFile, remove } = await openDemoFile('forecast-cache-'));
}, 120_000);
afterAll(() => remove());

function runJob(r: ForecastRequest) {
  const out = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'forecast-job.ts'), JSON.stringify(r)], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: dbFile },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (out.error) throw out.error;
  return out;
}

describe('the forecast job and its cache', () => {
  it('the job process stores the forecast under its key, reporting progress; the history ends at the published 581', () => {
    const key = cacheKey(db.$client, REQ);
    expect(getCached(db.$client, key)).toBeNull();
    const out = runJob(REQ);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/^progress \d+ \d+$/m);
    expect(out.stdout.trim().split('\n').pop()).toMatch(/^progress (\d+) \1$/);
    const c = getCached(db.$client, key)!;
    expect(c.insufficient).toBeNull();
    expect(c.months).toBe(12);
    expect(c.history.filter((h) => h.setting === 'all' && h.monthEnd === '2024-03-31')[0]!.count).toBe(581);
    expect(c.projection.filter((p) => p.setting === 'all' && p.ageBand === 'all')).toHaveLength(12);
    expect(c.backTest?.perSetting.length).toBeGreaterThan(0);
    // Costs at the template's weekly costs: one year of the projection.
    expect(c.costs).toHaveLength(1);
    expect(Object.keys(c.weeklyCost).length).toBeGreaterThan(0);
  });

  it('the key changes with the horizon, the window and the scenario, and stays for the same request', () => {
    const k = cacheKey(db.$client, REQ);
    expect(cacheKey(db.$client, { ...REQ })).toBe(k);
    expect(cacheKey(db.$client, { ...REQ, months: 24 })).not.toBe(k);
    expect(cacheKey(db.$client, { ...REQ, windowStart: '2022-04-01' })).not.toBe(k);
    const id = addScenario(db, { laCode: 'E06000004', name: 'Step down', scenario: { moves: [{ from: 'residential', to: 'fostering', extraShare: 0.2 }] }, inflation: 0.03, createdBy: 'test' });
    expect(cacheKey(db.$client, { ...REQ, scenarioId: id })).not.toBe(k);
  });

  it('a scenario is computed beside the baseline, with the cost difference', () => {
    const sc = listScenarios(db, 'E06000004')[0]!;
    const r = { ...REQ, scenarioId: sc.id };
    expect(runJob(r).status).toBe(0);
    const c = getCached(db.$client, cacheKey(db.$client, r))!;
    expect(c.scenario?.name).toBe('Step down');
    expect(c.scenario?.comparison.months).toHaveLength(12);
    expect(c.scenario?.comparison.costs).toHaveLength(1);
  });

  it('a council with no returns gets the reason, not a chart', () => {
    const r = { ...REQ, laCode: 'E09000028' };
    expect(runJob(r).status).toBe(0);
    expect(getCached(db.$client, cacheKey(db.$client, r))!.insufficient).toMatch(/No SSDA903 returns/);
  });

  it('plans are kept by council in date order; capacity comes from the latest template', () => {
    addPlan(db, { laCode: 'E06000004', setting: 'residential', effectiveDate: '2026-09-01', change: 3, description: 'a 3-bed in-house home opens', createdBy: 'test' });
    addPlan(db, { laCode: 'E06000004', setting: 'fostering', effectiveDate: '2025-03-31', change: 20, description: '', createdBy: 'test' });
    expect(listPlans(db, 'E06000004').map((p) => p.effectiveDate)).toEqual(['2025-03-31', '2026-09-01']);
    const cap = capacityAndCosts(db, 'E06000004');
    expect(cap.periodEnd).toBe('2024-03-31');
    expect(cap.places.fostering).toBeGreaterThan(0);
  });
});
