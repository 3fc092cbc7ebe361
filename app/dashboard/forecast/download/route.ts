import { withDb } from '@/db/run';
import { readForecastView } from '@/db/queries/forecastView';
import { requireApi } from '@/db/session';
import { benchmarkCsv } from '@/lib/benchmarks';
import { readEnv } from '@/lib/env';
import {
  FORECAST_TABLES,
  backTestTable,
  costTable,
  gapSettingTable,
  gapTable,
  isForecastTable,
  scenarioCostTable,
  scenarioTable,
  settingsTable,
  totalTable,
} from '@/lib/forecast/view';
import { textProblem as problem, csvAttachment } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * GET /dashboard/forecast/download?la=&months=&ws=&we=&scenario=&gap=&table=ID
 * One table of the forecast page as CSV, from the computed forecast (404 while it is computing).
 */
export async function GET(request: Request) {
  const user = await requireApi(request, 'view');
  if (user instanceof Response) return user;
  const url = new URL(request.url);
  const table = url.searchParams.get('table');
  if (!isForecastTable(table)) return problem(400, `table must be one of ${FORECAST_TABLES.join(', ')}`);
  const la = (url.searchParams.get('la') ?? '').toUpperCase();
  if (!/^E\d{8}$/.test(la)) return problem(400, 'la must be an ONS council code, e.g. E06000004');
  const q = (k: string) => url.searchParams.get(k) ?? undefined;
  const view = withDb(readForecastView, readEnv().databasePath, { la, months: q('months'), windowStart: q('ws'), windowEnd: q('we'), scenario: q('scenario'), gap: q('gap') }, false);
  const c = view.cached;
  if (!c || c.insufficient) return problem(404, c ? c.insufficient! : 'The forecast is still being computed: try again in a few seconds');
  const t =
    table === 'forecast-total' ? totalTable(c, view.capacity.places, view.plans)
    : table === 'forecast-settings' ? settingsTable(c)
    : table === 'forecast-gap' ? gapTable(c, view.capacity.places, view.plans)
    : table === 'forecast-gap-setting' ? gapSettingTable(c, view.gapSetting, view.capacity.places[view.gapSetting], view.plans)
    : table === 'forecast-backtest' ? (c.backTest ? backTestTable(c.backTest) : null)
    : table === 'forecast-cost' ? costTable(c)
    : table === 'forecast-scenario' ? scenarioTable(c)
    : scenarioCostTable(c);
  if (!t) return problem(404, `There is no table ${table} for this forecast`);
  return csvAttachment(benchmarkCsv(t), `forecast_${la}_${c.months}m_${table}.csv`);
}
