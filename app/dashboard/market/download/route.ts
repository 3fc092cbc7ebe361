import { withDb } from '@/db/run';
import { getMarket, listMarketCouncils, readNationalTimeSeries } from '@/db/queries/market';
import { requireApi } from '@/db/session';
import { MARKET_TABLES, isMarketTable, marketCsv } from '@/lib/market';
import { textProblem as problem, csvAttachment } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * GET /dashboard/market/download?la=CODE&table=ID
 * One table of the local market page as CSV, from the latest Ofsted register stored.
 */
export async function GET(request: Request) {
  const user = await requireApi(request, 'view');
  if (user instanceof Response) return user;
  const url = new URL(request.url);
  const la = (url.searchParams.get('la') ?? '').toUpperCase();
  const table = url.searchParams.get('table');
  if (!/^E\d{8}$/.test(la)) return problem(400, 'la must be an ONS council code, e.g. E06000004');
  if (!isMarketTable(table)) return problem(400, `table must be one of ${MARKET_TABLES.join(', ')}`);
  const council = withDb(listMarketCouncils).find((c) => c.code === la);
  if (!council) return problem(404, `There is no council ${la}`);
  const market = withDb(getMarket, council, { national: table === 'national' ? readNationalTimeSeries() : null });
  if (!market) return problem(404, 'Ofsted’s register of providers and places is not loaded');
  const csv = marketCsv(market, table);
  if (csv === null) return problem(404, `There is no table ${table} for ${council.name}`);
  return csvAttachment(csv, `market_${la}_${market.asAt}_${table}.csv`);
}
