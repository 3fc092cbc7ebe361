/**
 * Forecast jobs are capped: one runs at a time here (SUFFICIENCY_FORECAST_JOBS=1), the next waits
 * its turn with its place shown, and past the queue's length (SUFFICIENCY_FORECAST_QUEUE=1) a
 * request is told to come back, with nothing remembered. Real child processes on the demo database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import type { ForecastRequest } from '@/db/forecast';

process.env.SUFFICIENCY_FORECAST_JOBS = '1';
process.env.SUFFICIENCY_FORECAST_QUEUE = '1';

let remove = () => {};
let dbFile = '';
let db: Db;
let forecast: typeof import('@/db/forecast');

beforeAll(async () => {
  // Imported after the environment is set: the limits are read when the module loads.
  forecast = await import('@/db/forecast');
  const { openDemoFile } = await import('@/tests/helpers/demoFile');
  ({ db, file: dbFile, remove } = await openDemoFile('forecast-jobs-'));
}, 120_000);
afterAll(() => remove());

const request = (months: number): ForecastRequest => ({ laCode: 'E06000004', months, windowStart: null, windowEnd: null, scenarioId: null });

describe('forecast jobs', () => {
  it('run one at a time, the next waiting its turn, and refuse more than the queue holds', async () => {
    const [a, b, c] = [request(12), request(24), request(36)];
    const keys = [a, b, c].map((r) => forecast.cacheKey(db.$client, r));
    const first = forecast.startForecastJob(dbFile, keys[0]!, a);
    const second = forecast.startForecastJob(dbFile, keys[1]!, b);
    expect(first.waiting).toBe(0);
    expect(second.waiting).toBe(1);
    expect(forecast.jobCounts()).toEqual({ running: 1, waiting: 1 });
    // Asking again for a job that waits gives the same job, not a second one.
    expect(forecast.startForecastJob(dbFile, keys[1]!, b)).toBe(second);

    const third = forecast.startForecastJob(dbFile, keys[2]!, c);
    expect(third.error).toMatch(/computing 2 forecasts already: ask again in a minute/);
    expect(forecast.jobState(keys[2]!)).toBeNull(); // not remembered: asking later starts it

    const until = Date.now() + 100_000;
    while (!(first.finished && second.finished) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    expect([first.error, second.error]).toEqual([null, null]);
    // The second only started once the first had finished.
    expect(second.startedAt).toBeGreaterThanOrEqual(first.finishedAt!);
    expect(second.waiting).toBe(0);
    expect(forecast.getCached(db.$client, keys[0]!)?.months).toBe(12);
    expect(forecast.getCached(db.$client, keys[1]!)?.months).toBe(24);
    expect(forecast.jobCounts()).toEqual({ running: 0, waiting: 0 });
  }, 120_000);
});
