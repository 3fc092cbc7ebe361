import { getDb, openConnection } from '@/db/client';
import { requireApi } from '@/db/session';
import { importAnyFile } from '@/db/imports/any';
import type { ImportProgress } from '@/db/imports/template';
import { readEnv } from '@/lib/env';
import { formatMb } from '@/lib/csv/read';
import { webStreamChunks } from '@/lib/streams';

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
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (o: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(o)}\n`));
      let last = 0;
      try {
        const result = await importAnyFile(sqlite, {
          fileName,
          source: 'web',
          actor: user.email,
          chunks: webStreamChunks(body),
          totalBytes: Number.isFinite(declared) ? declared : null,
          maxBytes: env.uploadLimitBytes,
          onProgress: (p: ImportProgress) => {
            const now = Date.now();
            if (p.phase === 'reading' && now - last < 200) return;
            last = now;
            send({ type: 'progress', ...p });
          },
        });
        send({ type: 'result', importId: result.importId, status: result.status, errorCount: result.errorCount });
      } catch (e) {
        send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
      } finally {
        sqlite.close();
        controller.close();
      }
    },
  });
  return new Response(stream, {
    headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' },
  });
}
