import { NextResponse, type NextRequest } from 'next/server';
import { getDb } from './db/client';
import { getWithdrawal } from './db/publications';
import { isCrossSite } from './lib/csrf';
import { withdrawnPageHtml } from './lib/withdrawn';

/**
 * Runs before every request: refuses state-changing requests from other sites (CSRF) on the
 * internal side and its APIs. Sign-in and roles are checked by each page, action and route.
 */
export function proxy(request: NextRequest) {
  if (isCrossSite(request.method, request.headers, request.headers.get('host'))) {
    return NextResponse.json({ type: 'error', message: 'Cross-site request refused.' }, { status: 403 });
  }
  // A withdrawn council's page and downloads answer 410 Gone, saying when (a page cannot set its
  // own status in the App Router, so this is answered here, before rendering).
  const council = /^\/needs\/(E\d{8})(\/download)?$/i.exec(request.nextUrl.pathname);
  if (council) {
    const gone = getWithdrawal(getDb(), council[1]!.toUpperCase());
    if (gone) {
      return council[2]
        ? new NextResponse(`Withdrawn on ${gone.withdrawnAt}\n`, { status: 410, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } })
        : // 410 may be cached by default; the council may publish again at any time.
          new NextResponse(withdrawnPageHtml(gone), { status: 410, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
    }
    return NextResponse.next();
  }
  // Pages read the path to send a signed-out visitor back to it after sign-in.
  const headers = new Headers(request.headers);
  headers.set('x-request-path', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ['/dashboard/:path*', '/api/:path*', '/sign-in', '/needs/:path*'],
};
