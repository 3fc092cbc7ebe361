import type { Role } from './roles';

/** Where a user is looking: the council and the period ending (both optional). */
export interface Place {
  la?: string;
  period?: string;
}

type PlaceKey = keyof Place;

/**
 * The pages that show one council (and one period), with the parameters each reads. Menu links
 * to them carry the place, and opening one without it falls back to the user's remembered place.
 */
export const PLACE_PAGES: Readonly<Record<string, readonly PlaceKey[]>> = {
  '/dashboard': ['la', 'period'],
  '/dashboard/director': ['la', 'period'],
  '/dashboard/gaps': ['la', 'period'],
  '/dashboard/children': ['la', 'period'],
  '/dashboard/children/flows': ['la', 'period'],
  '/dashboard/children/stability': ['la', 'period'],
  '/dashboard/priorities': ['la'],
  '/dashboard/fostering': ['la'],
  '/dashboard/forecast': ['la'],
  '/dashboard/benchmarks': ['la'],
  '/dashboard/market': ['la'],
  '/dashboard/publish': ['la'],
};

// Two fixed patterns, checked without zod: the menu runs this in the browser on every page and
// zod would add its weight to every dashboard page's scripts. The pages parse their own parameters.
const LA = /^[EWSN]\d{8}$/;
const PERIOD = /^\d{4}-\d{2}-\d{2}$/;

/** The place named in a query string; anything malformed is left out (the page reports it). */
export function placeFromSearch(search: URLSearchParams): Place {
  const la = search.get('la')?.toUpperCase();
  const period = search.get('period');
  return { ...(la && LA.test(la) ? { la } : {}), ...(period && PERIOD.test(period) ? { period } : {}) };
}

/** `href` with the parts of `place` its page reads that it does not already name. */
export function withPlace(href: string, place: Place): string {
  const [path = '', query = ''] = href.split('?');
  const keys = PLACE_PAGES[path];
  if (!keys) return href;
  const params = new URLSearchParams(query);
  for (const k of keys) {
    const v = place[k];
    if (v && !params.has(k)) params.set(k, v);
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** The parameters the page at `path` reads that are missing from `search` but known in `place`. */
export function missingPlace(path: string, search: URLSearchParams, place: Place): PlaceKey[] {
  return (PLACE_PAGES[path] ?? []).filter((k) => !search.has(k) && Boolean(place[k]));
}

/** Where each role starts after signing in: the page made for its work. */
export const START_PAGES: Readonly<Record<Role, string>> = {
  commissioner: '/dashboard',
  director: '/dashboard/director',
  admin: '/dashboard/users',
};
