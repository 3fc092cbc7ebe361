import type Database from 'better-sqlite3';
import { getDb, type Db } from './client';

/**
 * Runs a db/ function (a read in db/queries, a write in db/<domain>) on the app's database.
 * Pages, routes and server actions call db/ through this and never hold the database client,
 * which stays in db/ (tests pass their own database to the same functions).
 */
export function withDb<A extends unknown[], R>(fn: (db: Db, ...args: A) => R, ...args: A): R {
  return fn(getDb(), ...args);
}

/** The same, for the db/ functions that take the SQLite connection itself. */
export function withSqlite<A extends unknown[], R>(fn: (sqlite: Database.Database, ...args: A) => R, ...args: A): R {
  return fn(getDb().$client, ...args);
}
