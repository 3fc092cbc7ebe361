import { withDb } from '@/db/run';
import { AUDIT_MAX_LIMIT, auditCsv, listAudit } from '@/db/queries/audit';
import { requireApi } from '@/db/session';
import { csvAttachment } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** GET /dashboard/audit/download?action=&actor=&from=&to= : the filtered trail as CSV. */
export async function GET(request: Request) {
  const user = await requireApi(request, 'view');
  if (user instanceof Response) return user;
  const q = new URL(request.url).searchParams;
  const { rows } = withDb(listAudit, {
    action: q.get('action') || undefined,
    actor: q.get('actor') || undefined,
    from: q.get('from') || undefined,
    to: q.get('to') || undefined,
    limit: AUDIT_MAX_LIMIT,
  });
  return csvAttachment(auditCsv(rows), `sufficiency-audit.csv`);
}
