import { withDb } from '@/db/run';
import { getPriority } from '@/db/priorities';
import { listFigureSeries } from '@/db/queries/figures';
import { requireApi } from '@/db/session';
import { toCsv } from '@/lib/csv/write';
import { evaluatePriority, isoDay } from '@/lib/priorities';
import { priorityHistoryTable } from '@/lib/priorityTable';
import { csvAttachment } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** GET /dashboard/priorities/ID/download: the priority's history as CSV: the rows of the table beside its chart, up to the target date. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await requireApi(request, 'view');
  if (user instanceof Response) return user;
  const { id } = await params;
  const p = /^\d+$/.test(id) ? withDb(getPriority, Number(id)) : undefined;
  if (!p) return new Response('No such priority\n', { status: 404 });
  const table = priorityHistoryTable(p, evaluatePriority(p, withDb(listFigureSeries, p.laCode), isoDay(new Date())));
  const csv = toCsv(
    ['la_code', 'priority', 'metric', 'period_end', 'value', 'expected', 'target'],
    table.rows.map((r) => [
      p.laCode,
      p.title,
      p.metric,
      r.key,
      r.cells.value?.symbol ?? r.cells.value?.value ?? '',
      r.cells.expected?.value ?? '',
      r.cells.target?.value ?? '',
    ]),
  );
  return csvAttachment(csv, `priority-${p.id}.csv`);
}
