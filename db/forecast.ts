/**
 * The forecast's writes and jobs: saved scenarios and planned capacity changes, the cache of
 * computed forecasts (per data version, reference window, horizon and scenario), and the job that
 * computes one off the request path, in a child process (scripts/forecast-job.ts). Reads are in
 * db/queries/forecast.ts.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { loadForecastData } from './queries/forecastData';
import { cacheKey, capacityAndCosts, getScenario, type CachedForecast, type ForecastRequest, type PlannedChange, type SavedScenario } from './queries/forecast';
import { openDatabase, type Db } from './client';
import { DEFAULT_RUNS, DEFAULT_SEED, compareScenario, forecast, projectCost } from '../lib/forecast/model';

// The reads the forecast's callers (the job script, tests) also use, from where they live.
export {
  cacheKey,
  capacityAndCosts,
  dataVersion,
  getCached,
  getScenario,
  listPlans,
  listScenarios,
  type CachedForecast,
  type ForecastRequest,
  type PlannedChange,
  type SavedScenario,
} from './queries/forecast';

// ---------------------------------------------------------------------------------------------
// Scenarios and planned changes

export function addScenario(db: Db, s: Omit<SavedScenario, 'id' | 'createdAt'>): number {
  return Number(
    db.$client
      .prepare('INSERT INTO forecast_scenarios (la_code, name, scenario, inflation, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)')
      .run(s.laCode, s.name, JSON.stringify(s.scenario), s.inflation, new Date().toISOString(), s.createdBy).lastInsertRowid,
  );
}

export function deleteScenario(db: Db, laCode: string, id: number): boolean {
  return db.$client.prepare('DELETE FROM forecast_scenarios WHERE id = ? AND la_code = ?').run(id, laCode).changes > 0;
}

export function addPlan(db: Db, p: Omit<PlannedChange, 'id' | 'createdAt'>): number {
  return Number(
    db.$client
      .prepare('INSERT INTO forecast_plans (la_code, setting, effective_date, change, description, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(p.laCode, p.setting, p.effectiveDate, p.change, p.description, new Date().toISOString(), p.createdBy).lastInsertRowid,
  );
}

export function deletePlan(db: Db, laCode: string, id: number): boolean {
  return db.$client.prepare('DELETE FROM forecast_plans WHERE id = ? AND la_code = ?').run(id, laCode).changes > 0;
}

// ---------------------------------------------------------------------------------------------
// Computing

/**
 * Computes a forecast (the baseline, its back-test and costs, and the scenario if one is asked
 * for) and stores it in the cache. Runs in the job process, never on a request.
 */
export function computeForecast(db: Db, r: ForecastRequest, onProgress?: (done: number, total: number) => void): CachedForecast {
  const sqlite = db.$client;
  const key = cacheKey(sqlite, r);
  const data = loadForecastData(sqlite, r.laCode);
  const scenario = r.scenarioId ? getScenario(sqlite, r.scenarioId) : null;
  const { weeklyCost } = capacityAndCosts(db, r.laCode);
  const runs = DEFAULT_RUNS;
  const total = runs * (scenario ? 3 : 2);
  let before = 0;
  let lastPhase = '';
  const window = { start: r.windowStart ?? undefined, end: r.windowEnd ?? undefined };
  const base: CachedForecast = {
    key,
    laCode: r.laCode,
    computedAt: new Date().toISOString(),
    months: r.months,
    runs,
    seed: DEFAULT_SEED,
    observed: null,
    window: null,
    insufficient: null,
    history: [],
    projection: [],
    backTest: null,
    backTestNote: null,
    weeklyCost,
    costs: [],
    scenario: null,
  };
  let out: CachedForecast;
  if (!data) {
    out = { ...base, insufficient: 'No SSDA903 returns are loaded for this council: the forecast is built from them.' };
  } else {
    const result = forecast(data.input, {
      months: r.months,
      runs,
      seed: DEFAULT_SEED,
      window,
      backTest: true,
      onProgress: (phase, done) => {
        if (phase !== lastPhase) {
          if (lastPhase) before += runs;
          lastPhase = phase;
        }
        onProgress?.(before + done, total);
      },
    });
    out = {
      ...base,
      observed: result.observed,
      window: result.window ? { start: result.window.start, end: result.window.end, months: result.window.months } : null,
      insufficient: result.insufficient?.reason ?? null,
      history: result.history.filter((h) => h.ageBand === 'all'),
      projection: result.projection?.records ?? [],
      backTest: result.backTest,
      backTestNote: result.backTestNote,
      costs: result.projection ? projectCost(result.projection, weeklyCost, scenario?.inflation ?? 0) : [],
    };
    if (scenario && result.projection && !result.insufficient) {
      const withScenario = forecast(data.input, { months: r.months, runs, seed: DEFAULT_SEED, window, scenario: scenario.scenario, backTest: false });
      if (withScenario.projection) {
        out.scenario = {
          id: scenario.id,
          name: scenario.name,
          inflation: scenario.inflation,
          projection: withScenario.projection.records.filter((x) => x.ageBand === 'all'),
          comparison: compareScenario(result.projection, withScenario.projection, weeklyCost, scenario.inflation),
        };
      }
    }
  }
  sqlite.prepare('INSERT OR REPLACE INTO forecast_cache (key, la_code, created_at, result) VALUES (?, ?, ?, ?)').run(key, r.laCode, out.computedAt, JSON.stringify(out));
  onProgress?.(total, total);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Jobs: one child process per forecast being computed, shared by every request that asks for it

export interface JobState {
  key: string;
  startedAt: number;
  done: number;
  total: number;
  error: string | null;
  finished: boolean;
  /** When it finished (ms since the epoch), or null. */
  finishedAt: number | null;
  /** Waiting for a free slot: how many jobs are ahead of it (0 once it runs). */
  waiting: number;
}

const jobs = new Map<string, JobState>();

// Each job is a process that keeps a core busy for seconds: at most this many run at once (one
// core is left to the server), the rest wait in turn, and past MAX_WAITING a request is told to
// come back rather than queued, so a burst of different forecasts cannot swamp the server.
const MAX_RUNNING = Math.max(1, Number(process.env.SUFFICIENCY_FORECAST_JOBS ?? Math.max(1, os.availableParallelism() - 1)));
const MAX_WAITING = Math.max(0, Number(process.env.SUFFICIENCY_FORECAST_QUEUE ?? 20));
let running = 0;
const waiting: { state: JobState; start: () => void }[] = [];

function renumberWaiting(): void {
  waiting.forEach((w, i) => {
    w.state.waiting = i + 1;
  });
}

function startNextWaiting(): void {
  while (running < MAX_RUNNING && waiting.length > 0) {
    const next = waiting.shift()!;
    next.state.waiting = 0;
    next.start();
  }
  renumberWaiting();
}

/**
 * Starts computing a forecast in a child process unless it is cached, already running or waiting;
 * when MAX_RUNNING jobs run, it waits its turn. With too many waiting, the state carries an error
 * and nothing is remembered, so asking again later starts it.
 */
export function startForecastJob(databasePath: string, key: string, r: ForecastRequest): JobState {
  const known = jobs.get(key);
  if (known && (!known.finished || known.error)) return known;
  const state: JobState = { key, startedAt: Date.now(), done: 0, total: 1, error: null, finished: false, finishedAt: null, waiting: 0 };
  if (running >= MAX_RUNNING && waiting.length >= MAX_WAITING) {
    return {
      ...state,
      finished: true,
      error: `The server is computing ${running + waiting.length} forecasts already: ask again in a minute.`,
    };
  }
  jobs.set(key, state);
  const start = () => {
    running += 1;
    state.startedAt = Date.now();
    spawnJob(databasePath, state, r, () => {
      running -= 1;
      startNextWaiting();
    });
  };
  if (running < MAX_RUNNING) start();
  else {
    waiting.push({ state, start });
    renumberWaiting();
  }
  return state;
}

function spawnJob(databasePath: string, state: JobState, r: ForecastRequest, onEnd: () => void): void {
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    state.finished = true;
    state.finishedAt = Date.now();
    onEnd();
    // Finished jobs are forgotten after a while; the cache holds the result.
    setTimeout(() => {
      if (jobs.get(state.key) === state) jobs.delete(state.key);
    }, 60_000).unref();
  };
  // tsx runs the TypeScript job as the command-line tools do; a process of its own keeps the
  // simulation off the server's event loop.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(process.cwd(), 'scripts', 'forecast-job.ts'), JSON.stringify(r)], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: databasePath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffer = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^progress (\d+) (\d+)$/.exec(line.trim());
      if (m) {
        state.done = Number(m[1]);
        state.total = Number(m[2]);
      }
    }
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  child.on('close', (code) => {
    if (code !== 0) state.error = stderr.trim().split('\n').pop() || `the forecast job stopped with code ${code}`;
    end();
  });
  child.on('error', (e) => {
    state.error = e.message;
    end();
  });
}

/** How many forecast jobs run and wait now (for the tests and the operations page). */
export function jobCounts(): { running: number; waiting: number } {
  return { running, waiting: waiting.length };
}

export function jobState(key: string): JobState | null {
  return jobs.get(key) ?? null;
}

/** For the job process: compute and store, reporting progress on stdout. */
export function runForecastJob(databasePath: string, r: ForecastRequest): void {
  const db = openDatabase(databasePath);
  let last = 0;
  computeForecast(db, r, (done, total) => {
    const now = Date.now();
    if (done < total && now - last < 100) return;
    last = now;
    process.stdout.write(`progress ${done} ${total}\n`);
  });
  db.$client.close();
}
