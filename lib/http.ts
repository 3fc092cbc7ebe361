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

/** A refused upload as JSON: what was wrong, with its status. */
export function uploadProblem(e: { status: number; message: string }): Response {
  return Response.json({ type: 'error', message: e.message }, { status: e.status });
}

/** 202 Accepted with the import job and where to follow it. */
export function jobAccepted(job: { url: string }): Response {
  return Response.json({ type: 'job', job }, { status: 202, headers: { location: job.url, 'cache-control': 'no-store' } });
}

/** The body length a request declares, null if it declares none, or a 400 answer if it is not a number. */
export function declaredLength(request: Request): number | null | Response {
  const raw = request.headers.get('content-length');
  if (raw === null) return null;
  if (!/^\d{1,15}$/.test(raw.trim())) return uploadProblem({ status: 400, message: 'Content-Length must be a whole number of bytes.' });
  return Number(raw);
}

/** An import job's number from its URL, or a 400 answer. */
export function parseJobId(raw: string): number | Response {
  if (!/^[1-9]\d{0,12}$/.test(raw)) return uploadProblem({ status: 400, message: 'An import job is named by its number, e.g. /api/imports/jobs/12.' });
  return Number(raw);
}
