import { requireApi } from '@/db/session';
import { cancelImport } from '@/db/importJobs';
import { getImportJob } from '@/db/queries/importJobs';
import { withDb } from '@/db/run';
import { crossSiteRefusal } from '@/lib/csrf';
import { parseJobId } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** POST /api/imports/jobs/ID/cancel: stops a queued or running import; nothing of it is stored. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  const user = await requireApi(request, 'import');
  if (user instanceof Response) return user;
  const id = parseJobId((await params).id);
  if (id instanceof Response) return id;
  if (!(await cancelImport(id, user.email))) return Response.json({ type: 'error', message: `There is no import job ${id}.` }, { status: 404 });
  return Response.json({ type: 'job', job: withDb(getImportJob, id) }, { headers: { 'cache-control': 'no-store' } });
}
