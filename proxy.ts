import { NextResponse, type NextRequest } from 'next/server';
import { isCrossSite } from './lib/csrf';

/**
 * Runs before every request: refuses state-changing requests from other sites (CSRF) on the
 * internal side and its APIs. Sign-in and roles are checked by each page, action and route.
 */
export function proxy(request: NextRequest) {
  if (isCrossSite(request.method, request.headers, request.headers.get('host'))) {
    return NextResponse.json({ type: 'error', message: 'Cross-site request refused.' }, { status: 403 });
  }
  // Pages read the path to send a signed-out visitor back to it after sign-in.
  const headers = new Headers(request.headers);
  headers.set('x-request-path', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Not the import routes: Next.js keeps only the first 10 MB of a body that passes through the
  // proxy, so uploads go straight to their route, which streams them to disk and checks the origin itself.
  matcher: ['/dashboard/:path*', '/api/((?!imports(?:/|$)).*)', '/sign-in'],
};
