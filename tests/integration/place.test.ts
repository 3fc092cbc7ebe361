import { describe, expect, it } from 'vitest';
import { getPlace, savePlace } from '@/db/place';
import { createUser } from '@/db/users';
import { missingPlace, placeFromSearch, START_PAGES, withPlace } from '@/lib/place';
import { freshDb } from '@/tests/helpers/db';

describe('the place a user is looking at', () => {
  it('reads a council and period from a query string, leaving out malformed values', () => {
    expect(placeFromSearch(new URLSearchParams('la=e06000004&period=2023-03-31&x=1'))).toEqual({ la: 'E06000004', period: '2023-03-31' });
    expect(placeFromSearch(new URLSearchParams('la=Stockton&period=31/03/2023'))).toEqual({});
  });

  it('adds to a menu link only what its page reads and the link does not already say', () => {
    const place = { la: 'E06000004', period: '2023-03-31' };
    expect(withPlace('/dashboard/gaps', place)).toBe('/dashboard/gaps?la=E06000004&period=2023-03-31');
    expect(withPlace('/dashboard/fostering', place)).toBe('/dashboard/fostering?la=E06000004');
    expect(withPlace('/dashboard/import', place)).toBe('/dashboard/import');
    expect(withPlace('/dashboard/gaps?la=E09000028', place)).toBe('/dashboard/gaps?la=E09000028&period=2023-03-31');
    expect(withPlace('/dashboard/gaps', {})).toBe('/dashboard/gaps');
    expect(missingPlace('/dashboard/director', new URLSearchParams('la=E09000028'), place)).toEqual(['period']);
    expect(missingPlace('/dashboard/audit', new URLSearchParams(''), place)).toEqual([]);
  });

  it('sends each role to its own start page', () => {
    expect(START_PAGES.director).toBe('/dashboard/director');
    expect(START_PAGES.commissioner).toBe('/dashboard');
  });

  it('remembers each user’s council and period in the database, part by part', async () => {
    const db = freshDb();
    const a = await createUser(db, { email: 'a@example.org', role: 'commissioner', password: 'a-long-password-1' }, null);
    const b = await createUser(db, { email: 'b@example.org', role: 'director', password: 'a-long-password-2' }, null);
    expect(getPlace(db, a.id)).toEqual({});
    savePlace(db, a.id, { la: 'E06000004', period: '2023-03-31' });
    savePlace(db, a.id, { la: 'E09000028' });
    savePlace(db, b.id, { la: 'E06000004' });
    expect(getPlace(db, a.id)).toEqual({ la: 'E09000028', period: '2023-03-31' });
    expect(getPlace(db, b.id)).toEqual({ la: 'E06000004' });
  });
});
