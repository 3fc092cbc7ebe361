import { createHash } from 'node:crypto';
import { cachedResponse, corsPreflight } from '@/lib/publicApi';
import { openApiDocument } from '@/lib/openapi';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const body = JSON.stringify(openApiDocument(new URL(request.url).origin), null, 2);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return cachedResponse(request, body, etag, 'application/json; charset=utf-8');
}

export const OPTIONS = corsPreflight;
