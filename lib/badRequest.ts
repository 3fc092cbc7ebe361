/**
 * The 400 answer proxy.ts gives a request it refuses before any page runs: JSON for the APIs,
 * a small accessible page for a browser, plain text for anything else (downloads, scripts).
 */
import { safeRedirectPath } from './safeRedirect';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function badRequest(problem: string, pathname: string, accept: string | null): Response {
  const message = `This address cannot be used: ${problem}.`;
  if (pathname.startsWith('/api/')) return Response.json({ type: 'error', message }, { status: 400 });
  if (!accept?.includes('text/html')) {
    return new Response(`${message}\n`, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  // The link back must not become an open redirect itself (e.g. a path of `//evil.example`).
  const back = safeRedirectPath(pathname, '/');
  const html = `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bad request – Sufficiency</title></head>
<body style="font-family: Arial, sans-serif; margin: 2rem; max-width: 40rem; color: #0b0c0c">
<main><h1>There is a problem with this address</h1><p>${escapeHtml(message)}</p>
<p><a href="${escapeHtml(back)}" style="color: #1d70b8">Go to ${escapeHtml(back)} without its parameters</a>, or <a href="/" style="color: #1d70b8">start again</a>.</p></main>
</body></html>`;
  return new Response(html, { status: 400, headers: { 'content-type': 'text/html; charset=utf-8' } });
}
