import { getDb, openConnection } from '@/db/client';
import { requireApi } from '@/db/session';
import { importSsda903 } from '@/db/imports/ssda903';
import { readEnv } from '@/lib/env';
import { formatMb } from '@/lib/csv/read';
import { webStreamChunks } from '@/lib/streams';
import { ndjsonImport } from '@/lib/http';

export const dynamic = 'force-dynamic';

function json(status: number, body: unknown) {
  return Response.json(body, { status });
}

/**
 * POST /api/imports/ssda903 as multipart/form-data: `la` (the council's ONS code) and one or more
 * `files` (the header, episodes and UASC CSVs of one or several years, or the XML form). The
 * answer is NDJSON like /api/imports: progress lines, then one `result` line. The form is read
 * whole (within the upload limit, checked first); larger returns go through the command line.
 */
export async function POST(request: Request) {
  const user = await requireApi(request, 'import');
  if (user instanceof Response) return user;
  const env = readEnv();
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > env.uploadLimitBytes) {
    return json(413, {
      type: 'error',
      message: `The files are ${formatMb(declared)} together, larger than the upload limit of ${formatMb(env.uploadLimitBytes)}. Import them with "npm run import -- --la CODE FILE..." on the server.`,
    });
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return json(400, { type: 'error', message: 'The request is not a form with files.' });
  }
  const la = String(form.get('la') ?? '').trim();
  const files = form.getAll('files').filter((f): f is File => typeof f !== 'string' && f.size > 0);
  if (files.length === 0) return json(400, { type: 'error', message: 'Select the files of the return to import.' });

  getDb(); // applies any pending migrations before the import's own connection opens
  const sqlite = openConnection(env.databasePath);
  return ndjsonImport(
    (progress) =>
      importSsda903(sqlite, {
        laCode: la || null,
        files: files.map((f) => ({ fileName: f.name, chunks: webStreamChunks(f.stream()), totalBytes: f.size })),
        source: 'web',
        actor: user.email,
        maxBytes: env.uploadLimitBytes,
        onProgress: progress,
      }),
    () => sqlite.close(),
  );
}
