/**
 * Small writes made while serving a request (an import job's row, an API key's use in the audit
 * trail) must not stall the server while an import holds SQLite's write lock for its final
 * transaction: better-sqlite3 waits synchronously, which would block every request. These writes
 * go through a connection of their own that never waits; when the database is busy they are
 * retried a little later, and the event loop keeps serving in between.
 */
import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { openConnection, type Db } from './client';
import * as schema from './schema';
import { readEnv } from '../lib/env';

const globalForWrites = globalThis as unknown as { sufficiencyFreeWriter?: { path: string; sqlite: Database.Database; db: Db } };

/** The process's connection for writes that must not wait (busy_timeout 0). */
export function freeWriter(databasePath = readEnv().databasePath): Database.Database {
  const known = globalForWrites.sufficiencyFreeWriter;
  if (known && known.path === databasePath && known.sqlite.open) return known.sqlite;
  const sqlite = openConnection(databasePath);
  sqlite.pragma('busy_timeout = 0');
  globalForWrites.sufficiencyFreeWriter = { path: databasePath, sqlite, db: drizzle(sqlite, { schema }) as Db };
  return sqlite;
}

/** The same for db/ functions that take the drizzle database. */
export function whenFreeDb<T>(write: (db: Db) => T): Promise<T> {
  const sqlite = freeWriter();
  const db = globalForWrites.sufficiencyFreeWriter!.db;
  return whenFree(() => write(db), undefined, sqlite);
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  return code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED';
}

/** Runs `write` on the non-waiting connection, retrying while the database is busy (up to `maxMs`). */
export async function whenFree<T>(write: (sqlite: Database.Database) => T, maxMs = 15 * 60_000, sqlite: Database.Database = freeWriter()): Promise<T> {
  const until = Date.now() + maxMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return sqlite.transaction(() => write(sqlite)).immediate();
    } catch (e) {
      if (!isBusy(e) || Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, Math.min(25 * (attempt + 1), 250)));
    }
  }
}
