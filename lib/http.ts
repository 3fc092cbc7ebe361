/** Small responses the route handlers share. */

/** A plain-text error answer: what was wrong, in words, with its status. */
export function textProblem(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** A CSV download: never cached, since it holds a signed-in user's figures. */
export function csvAttachment(csv: string, fileName: string): Response {
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'no-store',
    },
  });
}

/** What an import reports as it goes, and at the end. */
export interface ImportOutcome {
  importId: number;
  status: string;
  errorCount: number;
}

/**
 * An import's answer as NDJSON: the progress lines `run` sends (reading progress at most every
 * 200 ms), then one `result` line, or an `error` line if it throws; `cleanup` runs either way.
 */
export function ndjsonImport(run: (progress: (p: { phase: string }) => void) => Promise<ImportOutcome>, cleanup: () => void): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (o: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(o)}\n`));
      let last = 0;
      try {
        const result = await run((p) => {
          const now = Date.now();
          if (p.phase === 'reading' && now - last < 200) return;
          last = now;
          send({ type: 'progress', ...p });
        });
        send({ type: 'result', importId: result.importId, status: result.status, errorCount: result.errorCount });
      } catch (e) {
        send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
      } finally {
        cleanup();
        controller.close();
      }
    },
  });
  return new Response(stream, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' } });
}
