import { getDb, openConnection } from '@/db/client';
import { requireApi } from '@/db/session';
import { importAnyFile } from '@/db/imports/any';
import { readEnv } from '@/lib/env';
import { formatMb } from '@/lib/csv/read';
import { webStreamChunks } from '@/lib/streams';
import { ndjsonImport } from '@/lib/http';

export const dynamic = 'force-dynamic';

function json(status: number, body: unknown) {
  return Response.json(body, { status });
}

/**
 * POST /api/imports with the raw file as the body and its name in `x-file-name`.
 * The body is streamed, never buffered whole; the answer is NDJSON: progress lines while the
 * file is read and checked, then one `result` line with the import's id and status.
 */
export async function POST(request: Request) {
  const user = await requireApi(request, 'import');
  if (user instanceof Response) return user;
  const env = readEnv();
  const fileName = decodeURIComponent(request.headers.get('x-file-name') ?? '').trim() || 'upload.csv';
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > env.uploadLimitBytes) {
    return json(413, {
      type: 'error',
      message: `${fileName} is ${formatMb(declared)}, larger than the upload limit of ${formatMb(env.uploadLimitBytes)}. Import larger files with "npm run import -- FILE" on the server.`,
    });
  }
  if (!request.body) return json(400, { type: 'error', message: 'The request has no file in its body.' });

  getDb(); // applies any pending migrations before the import's own connection opens
  const sqlite = openConnection(env.databasePath);
  const body = request.body;
  return ndjsonImport(
    (progress) =>
      importAnyFile(sqlite, {
        fileName,
        source: 'web',
        actor: user.email,
        chunks: webStreamChunks(body),
        totalBytes: Number.isFinite(declared) ? declared : null,
        maxBytes: env.uploadLimitBytes,
        onProgress: progress,
      }),
    () => sqlite.close(),
  );
}
