/**
 * Cross-site request forgery check for state-changing requests: a browser always sends Origin
 * (or at least Sec-Fetch-Site) with a POST, so one from another site is refused. Requests with
 * neither come from non-browser clients, which cannot ride on a user's cookies.
 */
export function isCrossSite(method: string, headers: Headers, host: string | null): boolean {
  if (['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())) return false;
  const origin = headers.get('origin');
  if (origin) {
    if (origin === 'null') return true;
    try {
      return new URL(origin).host !== host;
    } catch {
      return true;
    }
  }
  const site = headers.get('sec-fetch-site');
  return site === 'cross-site' || site === 'same-site';
}

/** For routes the proxy does not see (streamed uploads): the 403 answer to a cross-site post, or null. */
export function crossSiteRefusal(request: Request): Response | null {
  if (!isCrossSite(request.method, request.headers, request.headers.get('host'))) return null;
  return Response.json({ type: 'error', message: 'Cross-site request refused.' }, { status: 403 });
}
