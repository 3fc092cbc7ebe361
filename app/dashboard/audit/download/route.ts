import { withDb } from '@/db/run';
import { AUDIT_MAX_LIMIT, auditCsv, listAudit } from '@/db/queries/audit';
import { requireApi } from '@/db/session';
import { parseDateRange } from '@/lib/dateInput';
import { csvAttachment } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** GET /dashboard/audit/download?action=&actor=&from=&to= : the filtered trail as CSV. */
export async function GET(request: Request) {
  const user = await requireApi(request, 'view');
  if (user instanceof Response) return user;
  const q = new URL(request.url).searchParams;
  const dates = parseDateRange(Object.fromEntries(q));
  if (dates.errors.length > 0) return new Response(`${dates.errors.map((e) => e.text).join('\n')}\n`, { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const { rows } = withDb(listAudit, {
    action: q.get('action') || undefined,
    actor: q.get('actor') || undefined,
    from: dates.range.from,
    to: dates.range.to,
    limit: AUDIT_MAX_LIMIT,
  });
  return csvAttachment(auditCsv(rows), `sufficiency-audit.csv`);
}
