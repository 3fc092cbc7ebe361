import { requireApi } from '@/db/session';
import { appUploadDir, queueImport } from '@/db/importJobs';
import { getImportJob } from '@/db/queries/importJobs';
import { withDb } from '@/db/run';
import { readEnv } from '@/lib/env';
import { formatMb } from '@/lib/csv/read';
import { crossSiteRefusal } from '@/lib/csrf';
import { UploadError, receiveForm } from '@/lib/upload';
import { jobAccepted, uploadProblem, declaredLength } from '@/lib/http';
import fs from 'node:fs';

export const dynamic = 'force-dynamic';

const LA = /^E\d{8}$/;

/**
 * POST /api/imports/ssda903 as multipart/form-data: `la` (the council's ONS code) and one or more
 * `files` (the header, episodes and UASC CSVs of one or several years, or the XML form). The form
 * is streamed to disk file by file and imported by a background job, as /api/imports.
 */
export async function POST(request: Request) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  const user = await requireApi(request, 'import');
  if (user instanceof Response) return user;
  const env = readEnv();
  const declared = declaredLength(request);
  if (declared instanceof Response) return declared;
  if (declared !== null && declared > env.uploadLimitBytes) {
    return uploadProblem(
      new UploadError(
        413,
        `The files are ${formatMb(declared)} together, larger than the upload limit of ${formatMb(env.uploadLimitBytes)}. Import them with "npm run import -- --la CODE FILE..." on the server.`,
      ),
    );
  }
  const type = request.headers.get('content-type') ?? '';
  if (!request.body || !type.toLowerCase().startsWith('multipart/form-data')) {
    return uploadProblem(new UploadError(400, 'The request is not a form with files (multipart/form-data with `la` and `files`).'));
  }
  try {
    const form = await receiveForm(request.body, type, 'files', { dir: appUploadDir(), maxBytes: env.uploadLimitBytes, declaredBytes: declared });
    const la = (form.fields.la ?? '').trim().toUpperCase();
    const problem =
      form.files.length === 0
        ? 'Select the files of the return to import.'
        : !LA.test(la)
          ? 'Choose the council the return belongs to: the form field `la` must be its ONS code, e.g. E06000004.'
          : null;
    if (problem) {
      for (const f of form.files) fs.rmSync(f.path, { force: true });
      return uploadProblem(new UploadError(400, problem));
    }
    const job = await queueImport({ kind: 'ssda903', files: form.files, laCode: la, source: user.id.startsWith('apikey:') ? 'api' : 'web', actor: user.email });
    return jobAccepted(withDb(getImportJob, job.id)!);
  } catch (e) {
    if (e instanceof UploadError) return uploadProblem(e);
    throw e;
  }
}
