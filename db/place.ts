import type { Db } from './client';
import type { Place } from '../lib/place';
import { whenFreeDb } from './whenFree';

/** The user's remembered council and period (empty when they have never chosen one). */
export function getPlace(db: Db, userId: string): Place {
  const row = db.$client.prepare('SELECT la_code AS la, period FROM user_places WHERE user_id = ?').get(userId) as
    | { la: string | null; period: string | null }
    | undefined;
  return { ...(row?.la ? { la: row.la } : {}), ...(row?.period ? { period: row.period } : {}) };
}

/** Remembers the parts of `place` given, keeping the rest; a no-op when nothing changes. */
export function savePlace(db: Db, userId: string, place: Place, now = new Date()): Place {
  const before = getPlace(db, userId);
  const after = { ...before, ...place };
  if (after.la === before.la && after.period === before.period) return before;
  db.$client
    .prepare(
      `INSERT INTO user_places (user_id, la_code, period, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(user_id) DO UPDATE SET la_code = excluded.la_code, period = excluded.period, updated_at = excluded.updated_at`,
    )
    .run(userId, after.la ?? null, after.period ?? null, now.toISOString());
  return after;
}

/**
 * For the dashboard's layout: the place to show, worked out at once, and written down without
 * making the page wait when an import holds the database's write lock (db/whenFree.ts).
 */
export function rememberPlace(db: Db, userId: string, place: Place): Place {
  const before = getPlace(db, userId);
  const after = { ...before, ...place };
  if (after.la === before.la && after.period === before.period) return before;
  whenFreeDb((w) => savePlace(w, userId, place)).catch((e: unknown) => console.error('Could not remember the council and period:', e));
  return after;
}
