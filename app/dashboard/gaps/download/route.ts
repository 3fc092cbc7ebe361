import { withDb } from '@/db/run';
import { getCouncil, getFigures } from '@/db/queries/figures';
import { requireApi } from '@/db/session';
import { filterGapRows, gapCsv, gapRows, parseGapQuery, sortGapRows } from '@/lib/gaps';
import { parseTemplateDate } from '@/lib/template/row';
import { textProblem as problem, csvAttachment } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * GET /dashboard/gaps/download?la=CODE&period=YYYY-MM-DD[&setting=&age=&need=&sort=&dir=]
 * The gap table as the page shows it (filtered and sorted) as CSV; symbols as their letters.
 */
export async function GET(request: Request) {
  const user = await requireApi(request, 'view');
  if (user instanceof Response) return user;
  const url = new URL(request.url);
  const params = Object.fromEntries(url.searchParams.entries());
  const la = (params.la ?? '').toUpperCase();
  const period = parseTemplateDate(params.period ?? '');
  if (!/^E\d{8}$/.test(la)) return problem(400, 'la must be an ONS council code, e.g. E06000004');
  if (!period) return problem(400, 'period must be a date, e.g. 2024-03-31');
  const query = parseGapQuery(params);
  if (query.problems.length > 0) return problem(400, query.problems.join('\n'));
  const council = withDb(getCouncil, la);
  const figures = council ? withDb(getFigures, la, period) : null;
  if (!council || !figures) return problem(404, `No figures are stored for ${la} for the period ending ${period}`);

  const rows = sortGapRows(filterGapRows(gapRows(figures), query.filter), query.sort);
  return csvAttachment(gapCsv(la, period, rows), `sufficiency_${la}_${period}_gaps.csv`);
}
