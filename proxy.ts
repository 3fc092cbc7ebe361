import { NextResponse, type NextRequest } from 'next/server';
import { badRequest } from './lib/badRequest';
import { contentSecurityPolicy, hasStrictPolicy, newNonce, transportSecurityHeader } from './lib/csp';
import { isCrossSite } from './lib/csrf';
import { withdrawnPageHtml } from './lib/withdrawn';
import { withDb } from './db/run';
import { getWithdrawal } from './db/publications';
import { checkQuery, decodeFileNameHeader } from './lib/requestParams';

/**
 * Runs before every request: refuses state-changing requests from other sites (CSRF) and any
 * query string (or x-file-name header) the pages could not handle, with a 400 naming what was
 * wrong (lib/requestParams.ts); sets the Content Security Policy (a nonce on signed-in pages) and
 * HSTS (lib/csp.ts). Sign-in and roles are checked by each page, action and route.
 */
export function proxy(request: NextRequest) {
  if (isCrossSite(request.method, request.headers, request.headers.get('host'))) {
    return NextResponse.json({ type: 'error', message: 'Cross-site request refused.' }, { status: 403 });
  }
  const url = new URL(request.url);
  const query = checkQuery(url.search);
  const fileName = decodeFileNameHeader(request.headers.get('x-file-name'));
  const problem = !query.ok ? query.problem : !fileName.ok ? fileName.problem : null;
  if (problem) return badRequest(problem, url.pathname, request.headers.get('accept'));
  // A withdrawn council's page and downloads answer 410 Gone, saying when (a page cannot set its
  // own status in the App Router, so this is answered here, before rendering).
  const council = /^\/needs\/(E\d{8})(\/download)?$/i.exec(request.nextUrl.pathname);
  if (council) {
    const gone = withDb(getWithdrawal, council[1]!.toUpperCase());
    if (gone) {
      return council[2]
        ? new NextResponse(`Withdrawn on ${gone.withdrawnAt}\n`, { status: 410, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } })
        : // 410 may be cached by default; the council may publish again at any time.
          new NextResponse(withdrawnPageHtml(gone), { status: 410, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
    }
  }
  // Pages read the path to send a signed-out visitor back to it after sign-in.
  const headers = new Headers(request.headers);
  headers.set('x-request-path', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  // Next.js reads the nonce from the request's policy and puts it on every script it renders.
  const nonce = hasStrictPolicy(url.pathname) ? newNonce() : null;
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV !== 'production');
  if (nonce) headers.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', csp);
  const hsts = transportSecurityHeader(process.env.BETTER_AUTH_URL?.trim());
  if (hsts) response.headers.set('Strict-Transport-Security', hsts);
  return response;
}

export const config = {
  // Every page and route but the build's static files and the upload routes: Next.js keeps only
  // the first 10 MB of a body that passes through the proxy, so uploads go straight to their route,
  // which streams them to disk, checks the origin and reads its one header itself.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/imports).*)'],
};
