import { withDb } from '@/db/run';
import { getCurrentEtag, getCurrentPublication, getWithdrawal } from '@/db/publications';
import { CORS_HEADERS, PUBLIC_CACHE, cachedResponse, corsPreflight } from '@/lib/publicApi';

export const dynamic = 'force-dynamic';

/** GET /api/v1/public/needs/CODE: the council's published needs (the same snapshot as /needs/CODE). */
export async function GET(request: Request, { params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const valid = /^E\d{8}$/i.test(code);
  const etag = valid ? withDb(getCurrentEtag, code.toUpperCase()) : null;
  // A client that already has this version gets 304 without the snapshot being read at all.
  if (etag && request.headers.get('if-none-match')?.split(',').map((s) => s.trim()).includes(etag)) {
    return new Response(null, { status: 304, headers: { etag, 'cache-control': PUBLIC_CACHE, ...CORS_HEADERS } });
  }
  const pub = /^E\d{8}$/i.test(code) ? withDb(getCurrentPublication, code.toUpperCase()) : null;
  const gone = !pub && valid ? withDb(getWithdrawal, code.toUpperCase()) : null;
  if (gone) {
    return Response.json(
      { error: 'withdrawn', message: `${gone.name} withdrew its published needs on ${gone.withdrawnAt}.`, code: gone.code, withdrawnAt: gone.withdrawnAt },
      { status: 410, headers: { ...CORS_HEADERS, 'cache-control': 'no-store' } },
    );
  }
  if (!pub) {
    return Response.json(
      { error: 'not_published', message: `No needs are published for ${code}.` },
      { status: 404, headers: { ...CORS_HEADERS, 'cache-control': 'public, max-age=60' } },
    );
  }
  return cachedResponse(request, JSON.stringify(pub.needs), pub.etag, 'application/json; charset=utf-8');
}

export const HEAD = GET;
export const OPTIONS = corsPreflight;
