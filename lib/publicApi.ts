/** Headers for the open API and public downloads: cacheable, readable from any site, never writable. */
export const PUBLIC_CACHE = 'public, max-age=60, stale-while-revalidate=300';

export const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, OPTIONS',
  'access-control-allow-headers': 'if-none-match',
  'access-control-expose-headers': 'etag',
  'access-control-max-age': '86400',
};

/** 304 when the client already has this version (If-None-Match), else the body with its ETag. */
export function cachedResponse(request: Request, body: string, etag: string, contentType: string, extra: Record<string, string> = {}): Response {
  const headers = { etag, 'cache-control': PUBLIC_CACHE, ...CORS_HEADERS, ...extra };
  const match = request.headers.get('if-none-match');
  if (match && match.split(',').map((s) => s.trim()).includes(etag)) return new Response(null, { status: 304, headers });
  return new Response(request.method === 'HEAD' ? null : body, { headers: { ...headers, 'content-type': contentType } });
}

export function corsPreflight(): Response {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}
