import { createHash } from 'node:crypto';
import { withDb } from '@/db/run';
import { listPublished } from '@/db/publications';
import { cachedResponse, corsPreflight } from '@/lib/publicApi';

export const dynamic = 'force-dynamic';

/** GET /api/v1/public/needs: the councils with published needs, and where to read each. */
export async function GET(request: Request) {
  const list = withDb(listPublished).map((c) => ({
    ...c,
    url: `/api/v1/public/needs/${c.code}`,
    page: `/needs/${c.code}`,
  }));
  const body = JSON.stringify({ councils: list });
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return cachedResponse(request, body, etag, 'application/json; charset=utf-8');
}

export const HEAD = GET;
export const OPTIONS = corsPreflight;
