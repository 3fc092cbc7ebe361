import { withDb } from '@/db/run';
import { loadChildrenView, registerByUrn } from '@/db/queries/ssda903';
import { parseUrnKey } from '@/lib/ssda903/derive';
import { requireApi } from '@/db/session';
import { SOURCE_LABELS } from '@/lib/sources';
import { CHILDREN_TABLES, childrenTable, isChildrenTable, sourcedCsv } from '@/lib/ssda903/tables';
import { textProblem as problem, csvAttachment } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * GET /dashboard/children/download?la=CODE&period=YYYY-03-31&source=ssda903|ssda903_return&table=ID
 * One table of the SSDA903 pages as CSV, with the source of its figures on every row. Aggregates
 * only: no child-level row leaves the database.
 */
export async function GET(request: Request) {
  const user = await requireApi(request, 'view');
  if (user instanceof Response) return user;
  const url = new URL(request.url);
  const table = url.searchParams.get('table');
  if (!isChildrenTable(table)) return problem(400, `table must be one of ${CHILDREN_TABLES.join(', ')}`);
  const la = (url.searchParams.get('la') ?? '').toUpperCase();
  if (!/^E\d{8}$/.test(la)) return problem(400, 'la must be an ONS council code, e.g. E06000004');
  const view = withDb(loadChildrenView, { la, period: url.searchParams.get('period') ?? undefined, source: url.searchParams.get('source') ?? undefined });
  if (!view.council || !view.figures) return problem(404, `No SSDA903 figures are stored for ${la} for ${view.period}`);
  const urns = Object.keys(view.breakdowns?.placed_by_urn ?? {}).map((k) => parseUrnKey(k).urn);
  const t = childrenTable(table, { figures: view.figures, series: view.series, breakdowns: view.breakdowns, register: withDb(registerByUrn, urns) });
  return csvAttachment(sourcedCsv(t, SOURCE_LABELS[view.source]), `ssda903_${la}_${view.period}_${view.source}_${table}.csv`);
}
