import { requireApi } from '@/db/session';
import { getImportJob } from '@/db/queries/importJobs';
import { withDb } from '@/db/run';
import { parseJobId } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** GET /api/imports/jobs/ID: an import job's state, progress and outcome (with its report's address once imported). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await requireApi(request, 'view');
  if (user instanceof Response) return user;
  const id = parseJobId((await params).id);
  if (id instanceof Response) return id;
  const job = withDb(getImportJob, id);
  if (!job) return Response.json({ type: 'error', message: `There is no import job ${id}.` }, { status: 404 });
  return Response.json({ type: 'job', job }, { headers: { 'cache-control': 'no-store' } });
}
