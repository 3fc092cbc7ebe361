import { createHash, randomBytes } from 'node:crypto';

/**
 * The Content Security Policy and HSTS, set on every response by proxy.ts (decision:
 * docs/decisions/0001-csp.md).
 *
 * Signed-in pages (/dashboard, /sign-in) render per user and per request, so they never go in a
 * shared page cache: there scripts run only with this request's nonce ('strict-dynamic' lets
 * Next.js's own loader add its chunks), with no 'unsafe-inline'. Public pages keep
 * 'unsafe-inline' for scripts so they stay cacheable: a nonce would have to change on every
 * response, and Next.js's inline payload script differs per page and per data, so no hash fits.
 */

/** The root layout's one inline script (app/layout.tsx), allowed by its hash. */
export const JS_ENABLED_SCRIPT = "document.body.className += ' js-enabled';";
const JS_ENABLED_HASH = `'sha256-${createHash('sha256').update(JS_ENABLED_SCRIPT).digest('base64')}'`;

/** Paths given the nonce policy: every page there is per-user and rendered per request. */
export function hasStrictPolicy(pathname: string): boolean {
  return /^\/(dashboard|sign-in)(\/|$)/.test(pathname);
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** With a nonce, the strict policy; without, the public pages' cacheable one. */
export function contentSecurityPolicy(nonce: string | null, dev = false): string {
  const scripts = nonce ? `'nonce-${nonce}' 'strict-dynamic' ${JS_ENABLED_HASH}` : "'self' 'unsafe-inline'";
  return [
    "default-src 'self'",
    // The development server also evaluates code on the fly.
    `script-src ${scripts}${dev ? " 'unsafe-eval'" : ''}`,
    // recharts and React set style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** HSTS, when the app's public address (BETTER_AUTH_URL) is https: browsers then refuse plain http for a year. */
export function transportSecurityHeader(baseUrl: string | null | undefined): string | null {
  return baseUrl?.startsWith('https://') ? 'max-age=31536000; includeSubDomains' : null;
}
