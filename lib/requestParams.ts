import { z } from 'zod';

/**
 * The one parser for query strings (and the x-file-name header). proxy.ts runs it before every
 * page and route handler, so none of them sees a query it cannot handle: a repeated key, a key or
 * value that names an Object.prototype member (`__proto__`, `constructor`, ...), percent-encoding
 * that does not decode, a number out of range, or something too long answer 400 with a message
 * naming what was wrong. Pages read what is left with `queryParams` (a null-prototype object).
 */

/** Object.prototype's own names: a lookup keyed by one of them finds a function or the prototype itself. */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** Parameters that hold a whole number (a count, an offset, a version, a year) somewhere in the app, and the range any of them accepts when given a number. */
const NUMERIC = new Set(['offset', 'limit', 'from', 'to', 'year', 'wait', 'id', 'version', 'page']);
const MAX_NUMBER = 1_000_000_000;

const LIMITS = { params: 50, keyLength: 64, valueLength: 2048, queryLength: 8192 } as const;

/** Decodes one component of a query (`+` is a space), or null when its percent-encoding is broken. */
function decodeComponent(s: string): string | null {
  try {
    const d = decodeURIComponent(s.replace(/\+/g, ' '));
    // A lone surrogate cannot be stored or shown as text.
    return /\p{Cs}/u.test(d) ? null : d;
  } catch {
    return null;
  }
}

const Entry = z.tuple([z.string(), z.string()]).superRefine(([key, value], ctx) => {
  const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
  if (key.length === 0) return issue('a parameter has no name');
  if (key.length > LIMITS.keyLength) return issue(`a parameter name is longer than ${LIMITS.keyLength} characters`);
  if (PROTOTYPE_NAMES.has(key)) return issue(`"${key}" is not a parameter this site uses`);
  if (value.length > LIMITS.valueLength) return issue(`"${key}" is longer than ${LIMITS.valueLength} characters`);
  if (PROTOTYPE_NAMES.has(value)) return issue(`"${key}" cannot be "${value}"`);
  if (/\p{Cc}/u.test(value)) return issue(`"${key}" holds a control character`);
  // Only a value that reads as a number is held to the range: `from` is also a date on the audit page.
  if (NUMERIC.has(key) && value.trim() !== '' && (!Number.isNaN(Number(value)) || /^\s*[+-]?nan\s*$/i.test(value))) {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n > MAX_NUMBER) {
      return issue(`"${key}" must be a whole number from 0 to ${MAX_NUMBER.toLocaleString('en-GB')} (got "${value.slice(0, 40)}")`);
    }
  }
});

const Entries = z
  .array(Entry)
  .max(LIMITS.params, `more than ${LIMITS.params} parameters`)
  .superRefine((entries, ctx) => {
    const seen = new Set<string>();
    for (const [key] of entries) {
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', message: `"${key}" is given more than once: give it once` });
        return;
      }
      seen.add(key);
    }
  });

export type QueryCheck = { ok: true; params: Record<string, string> } | { ok: false; problem: string };

/** Checks a raw query string (`?a=1&b=2` or `a=1&b=2`), as it arrived, before anything decodes it. */
export function checkQuery(search: string): QueryCheck {
  const raw = search.startsWith('?') ? search.slice(1) : search;
  if (raw.length === 0) return { ok: true, params: Object.create(null) };
  if (raw.length > LIMITS.queryLength) return { ok: false, problem: `the address's query is longer than ${LIMITS.queryLength} characters` };
  const entries: [string, string][] = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decodeComponent(eq < 0 ? part : part.slice(0, eq));
    const value = decodeComponent(eq < 0 ? '' : part.slice(eq + 1));
    if (key === null || value === null) {
      return { ok: false, problem: `"${part.slice(0, 60)}" is not correctly percent-encoded` };
    }
    entries.push([key, value]);
  }
  const parsed = Entries.safeParse(entries);
  if (!parsed.success) return { ok: false, problem: parsed.error.issues[0]!.message };
  const params: Record<string, string> = Object.create(null);
  for (const [k, v] of parsed.data) params[k] = v;
  return { ok: true, params };
}

/**
 * A page's or route's own parameters through its zod schema, after checkQuery: the parsed value,
 * or the problem to show in a 400.
 */
export function parseQuery<S extends z.ZodType>(
  search: string | URLSearchParams,
  schema: S,
): { ok: true; data: z.output<S> } | { ok: false; problem: string } {
  const checked = checkQuery(typeof search === 'string' ? search : search.toString());
  if (!checked.ok) return checked;
  const parsed = schema.safeParse(checked.params);
  if (parsed.success) return { ok: true, data: parsed.data };
  const i = parsed.error.issues[0]!;
  return { ok: false, problem: `${i.path.length ? `"${i.path.join('.')}": ` : ''}${i.message}` };
}

/**
 * The file name an upload declares in its x-file-name header (sent percent-encoded by the import
 * page): decoded, or the problem. Refuses broken encoding, control characters and names over
 * 255 characters. No header, or a blank one: `fallback`.
 */
export function decodeFileNameHeader(
  value: string | null,
  fallback = 'upload.csv',
): { ok: true; name: string } | { ok: false; problem: string } {
  if (value === null || value.trim() === '') return { ok: true, name: fallback };
  const decoded = decodeComponent(value.replace(/\+/g, '%2B'));
  if (decoded === null) return { ok: false, problem: 'the x-file-name header is not correctly percent-encoded' };
  const name = decoded.trim();
  if (name === '') return { ok: true, name: fallback };
  if (/\p{Cc}/u.test(name)) return { ok: false, problem: 'the file name holds a control character' };
  if (name.length > 255) return { ok: false, problem: 'the file name is longer than 255 characters' };
  return { ok: true, name };
}
