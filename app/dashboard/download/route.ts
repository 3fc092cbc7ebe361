import { withDb } from '@/db/run';
import { getCouncil, getFigures, listFigureSeries } from '@/db/queries/figures';
import { requireApi } from '@/db/session';
import { OVERVIEW_VIEWS, TREND_SLICE, overviewTables, tableRecords, type OverviewView } from '@/lib/overview';
import { periodExport, templateCsv } from '@/lib/template/export';
import { parseTemplateDate } from '@/lib/template/row';
import { SOURCE_LABELS, parseSource } from '@/lib/sources';
import { textProblem as problem, csvAttachment } from '@/lib/http';
import { tableCsv } from '@/lib/tables';
import { memoOn } from '@/lib/memo';

export const dynamic = 'force-dynamic';

/**
 * GET /dashboard/download?la=CODE&period=YYYY-MM-DD[&view=placement-mix|...][&source=ssda903|ssda903_return]
 * The figures behind a chart (or, with no view, every figure of the period) as a template CSV;
 * figures derived from SSDA903 carry a `source` column saying which view they come from.
 */
export async function GET(request: Request) {
  const user = await requireApi(request, 'view');
  if (user instanceof Response) return user;
  const url = new URL(request.url);
  const la = (url.searchParams.get('la') ?? '').toUpperCase();
  const period = parseTemplateDate(url.searchParams.get('period') ?? '');
  const view = url.searchParams.get('view');
  // format=table: the chart's table as on screen (same labels and columns), not the template format.
  const format = url.searchParams.get('format');
  if (format !== null && format !== 'table') return problem(400, 'format must be table, or left out for the template format');
  if (format === 'table' && view === null) return problem(400, 'format=table needs a view (the chart whose table it is)');
  const sourceParam = url.searchParams.get('source');
  const source = sourceParam === null ? 'template' : parseSource(sourceParam);
  if (!source) return problem(400, 'source must be one of template, ssda903, ssda903_return');
  if (!/^E\d{8}$/.test(la)) return problem(400, 'la must be an ONS council code, e.g. E06000004');
  if (!period) return problem(400, 'period must be a date, e.g. 2024-03-31');
  if (view !== null && !OVERVIEW_VIEWS.includes(view as OverviewView)) {
    return problem(400, `view must be one of ${OVERVIEW_VIEWS.join(', ')}`);
  }
  const council = withDb(getCouncil, la);
  const figures = council ? withDb(getFigures, la, period, source) : null;
  if (!council || !figures) return problem(404, `No figures are stored for ${la} for the period ending ${period}`);

  const label = source === 'template' ? undefined : SOURCE_LABELS[source];
  const name = `sufficiency_${la}_${period}${source === 'template' ? '' : `_${source}`}${view ? `_${view}` : ''}.csv`;
  if (view === null) {
    // Every figure of a national-scale period is some 2 MB of CSV: written once per stored set.
    const csv = memoOn([figures], `csv:${la}:${period}:${source}`, () => periodExport(council, period, figures, source));
    return csvAttachment(csv, name);
  }
  const series = withDb(listFigureSeries, la, { ...TREND_SLICE, source });
  const table = overviewTables(figures, series)[view as OverviewView];
  if (format === 'table') return csvAttachment(tableCsv(table), name.replace(/\.csv$/, '_table.csv'));
  const records = tableRecords(council, table, view === 'placement-trend' ? series : [{ periodEnd: period, figures }]);
  return csvAttachment(templateCsv(records, label), name);
}
