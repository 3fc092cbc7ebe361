import { requireApi } from '@/db/session';
import { appUploadDir, queueImport } from '@/db/importJobs';
import { getImportJob } from '@/db/queries/importJobs';
import { withDb } from '@/db/run';
import { readEnv } from '@/lib/env';
import { formatMb } from '@/lib/csv/read';
import { crossSiteRefusal } from '@/lib/csrf';
import { UploadError, headerFileName, receiveBody } from '@/lib/upload';
import { jobAccepted, uploadProblem, declaredLength } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * POST /api/imports with the raw file as the body and its name (percent-encoded) in `x-file-name`.
 * The body is streamed to a file whole (up to UPLOAD_LIMIT_MB), then imported by a background job:
 * the answer is 202 with the job, whose URL (`Location`) tells its progress and outcome.
 */
export async function POST(request: Request) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  const user = await requireApi(request, 'import');
  if (user instanceof Response) return user;
  const env = readEnv();
  const fileName = headerFileName(request.headers.get('x-file-name'), 'upload.csv');
  const declared = declaredLength(request);
  if (declared instanceof Response) return declared;
  if (declared !== null && declared > env.uploadLimitBytes) {
    return uploadProblem(
      new UploadError(413, `${fileName} is ${formatMb(declared)}, larger than the upload limit of ${formatMb(env.uploadLimitBytes)}. Import larger files with "npm run import -- FILE" on the server.`),
    );
  }
  if (!request.body) return uploadProblem(new UploadError(400, 'The request has no file in its body.'));
  try {
    const file = await receiveBody(request.body, fileName, { dir: appUploadDir(), maxBytes: env.uploadLimitBytes, declaredBytes: declared });
    const job = await queueImport({ kind: 'file', files: [file], laCode: null, source: user.id.startsWith('apikey:') ? 'api' : 'web', actor: user.email });
    return jobAccepted(withDb(getImportJob, job.id)!);
  } catch (e) {
    if (e instanceof UploadError) return uploadProblem(e);
    throw e;
  }
}
