/**
 * Where to send someone after sign-in: a path of this app, never another site. Browsers read
 * `/\evil.example`, `/%09/evil.example`, `/\t/evil.example` and `//evil.example` as other hosts,
 * so any backslash, control character or whitespace, at any depth of percent-encoding, refuses
 * the target, as does anything that does not resolve to this origin; what passes is given back
 * re-serialised (path, query and fragment only).
 */
const ORIGIN = 'http://app.invalid';
const MAX_LENGTH = 2048;

export function safeRedirectPath(raw: unknown, fallback = '/dashboard'): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LENGTH) return fallback;
  // Every layer of percent-encoding must be harmless, and must decode.
  let layer = raw;
  for (let depth = 0; depth < 4; depth++) {
    if (/[\\\s\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(layer)) return fallback;
    let next: string;
    try {
      next = decodeURIComponent(layer);
    } catch {
      return fallback;
    }
    if (next === layer) break;
    layer = next;
  }
  if (!raw.startsWith('/') || raw.startsWith('//') || layer.startsWith('//')) return fallback;
  let url: URL;
  try {
    url = new URL(raw, ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== ORIGIN || url.pathname.startsWith('//')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
