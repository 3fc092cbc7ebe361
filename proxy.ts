import { NextResponse, type NextRequest } from 'next/server';
import { badRequest } from './lib/badRequest';
import { isCrossSite } from './lib/csrf';
import { checkQuery, decodeFileNameHeader } from './lib/requestParams';

/**
 * Runs before every request: refuses state-changing requests from other sites (CSRF) on the
 * internal side and its APIs, and any query string (or x-file-name header) the pages could not
 * handle, with a 400 naming what was wrong (lib/requestParams.ts). Sign-in and roles are checked
 * by each page, action and route.
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
  // Pages read the path to send a signed-out visitor back to it after sign-in.
  const headers = new Headers(request.headers);
  headers.set('x-request-path', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Every page and route; not the build's static files.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
