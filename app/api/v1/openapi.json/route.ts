import { createHash } from 'node:crypto';
import { cachedResponse, corsPreflight } from '@/lib/publicApi';
import { apiServerUrl, openApiDocument } from '@/lib/openapi';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const body = JSON.stringify(openApiDocument(apiServerUrl()), null, 2);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return cachedResponse(request, body, etag, 'application/json; charset=utf-8');
}

export const OPTIONS = corsPreflight;
