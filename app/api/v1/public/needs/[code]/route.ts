import { getDb } from '@/db/client';
import { getCurrentPublication } from '@/db/publications';
import { CORS_HEADERS, cachedResponse, corsPreflight } from '@/lib/publicApi';

export const dynamic = 'force-dynamic';

/** GET /api/v1/public/needs/CODE: the council's published needs (the same snapshot as /needs/CODE). */
export async function GET(request: Request, { params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const pub = /^E\d{8}$/i.test(code) ? getCurrentPublication(getDb(), code.toUpperCase()) : null;
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
