import { and, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { ssda903Returns } from '../schema';
import { jobState, startForecastJob } from '../forecast';
import { cacheKey, capacityAndCosts, getCached, listPlans, listScenarios, type CachedForecast, type ForecastRequest, type PlannedChange, type SavedScenario } from './forecast';
import { HORIZONS } from '../../lib/forecast/view';
import { FORECAST_SETTINGS, type ForecastSetting } from '../../lib/forecast/model';
import { parseDate } from '../../lib/ssda903/codes';

export interface ForecastPageView {
  request: ForecastRequest;
  key: string;
  state: 'ready' | 'running' | 'failed';
  progress: number;
  /** While running: how many forecast jobs are ahead of this one (0 once it is computing). */
  waiting: number;
  error: string | null;
  cached: CachedForecast | null;
  plans: PlannedChange[];
  scenarios: SavedScenario[];
  capacity: ReturnType<typeof capacityAndCosts>;
  gapSetting: ForecastSetting;
  selfHref: string;
  /** What was wrong with the choice in the URL (e.g. a window date that is not a date). */
  problems: string[];
}


/**
 * What the forecast page shows for the choice in its URL: the cached forecast if it is computed,
 * else the progress of the job computing it (started here if nobody has yet).
 */
export function readForecastView(
  db: Db,
  databasePath: string,
  params: { la: string; months?: string; windowStart?: string; windowEnd?: string; scenario?: string; gap?: string },
  /** False for a download: it serves what is computed and never starts a job. */
  startJob = true,
): ForecastPageView {
  const laCode = params.la.toUpperCase();
  const months = HORIZONS.includes(Number(params.months) as (typeof HORIZONS)[number]) ? Number(params.months) : 36;
  const scenarios = listScenarios(db, laCode);
  const scenarioId = scenarios.find((s) => String(s.id) === params.scenario)?.id ?? null;
  const problems: string[] = [];
  const date = (v: string | undefined, what: string) => {
    if (!v) return null;
    const d = parseDate(v);
    if (!d) problems.push(`The ${what} of the reference window, "${v.slice(0, 40)}", is not a date: enter it as YYYY-MM-DD. The default window is used.`);
    return d;
  };
  const request: ForecastRequest = {
    laCode,
    months,
    windowStart: date(params.windowStart, 'start'),
    windowEnd: date(params.windowEnd, 'end'),
    scenarioId,
  };
  if (params.months && !HORIZONS.includes(Number(params.months) as (typeof HORIZONS)[number])) problems.push(`Months ahead must be 12, 24 or 36, not "${params.months.slice(0, 10)}": 36 is used.`);
  const key = cacheKey(db.$client, request);
  const cached = getCached(db.$client, key);
  let state: ForecastPageView['state'] = 'ready';
  let progress = 100;
  let waiting = 0;
  let error: string | null = null;
  if (!cached) {
    const job = jobState(key) ?? (startJob ? startForecastJob(databasePath, key, request) : null);
    if (!job) {
      state = 'running';
      progress = 0;
    } else if (job.error) {
      state = 'failed';
      error = job.error;
    } else {
      state = 'running';
      progress = Math.min(99, Math.floor((job.done / Math.max(1, job.total)) * 100));
      waiting = job.waiting;
    }
  }
  const query = new URLSearchParams({
    la: laCode,
    months: String(months),
    ...(request.windowStart ? { ws: request.windowStart } : {}),
    ...(request.windowEnd ? { we: request.windowEnd } : {}),
    ...(scenarioId ? { scenario: String(scenarioId) } : {}),
  });
  return {
    request,
    key,
    state,
    progress,
    waiting,
    error,
    cached,
    plans: listPlans(db, laCode),
    scenarios,
    capacity: capacityAndCosts(db, laCode),
    gapSetting: FORECAST_SETTINGS.includes(params.gap as ForecastSetting) ? (params.gap as ForecastSetting) : 'fostering',
    selfHref: `/dashboard/forecast?${query}`,
    problems,
  };
}

/**
 * The council's baseline forecast as the forecast page computes it by default, if it has been
 * computed (it never is here): undefined when the council has no current SSDA903 return.
 */
export function getCachedBaseline(db: Db, laCode: string): CachedForecast | null | undefined {
  const hasReturn = db
    .select({ id: ssda903Returns.id })
    .from(ssda903Returns)
    .where(and(eq(ssda903Returns.laCode, laCode), eq(ssda903Returns.isCurrent, true)))
    .limit(1)
    .get();
  if (!hasReturn) return undefined;
  return getCached(db.$client, cacheKey(db.$client, { laCode, months: 36, windowStart: null, windowEnd: null, scenarioId: null }));
}
