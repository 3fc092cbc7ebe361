import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readEnv } from '../lib/env';
import { parseCouncilsCsv } from '../lib/councils';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const MIGRATIONS = path.join(process.cwd(), 'db', 'migrations');
const COUNCILS_CSV = path.join(process.cwd(), 'data', 'reference', 'councils.csv');

/** Connection settings every connection gets: WAL so readers never wait for an import. */
export function configureConnection(sqlite: Database.Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
}

/** Opens (creating if need be) a database, applies the migrations and the reference list of councils. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  configureConnection(sqlite);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  loadCouncils(db);
  return db;
}

/** A second connection to the same file: imports write through it so pages keep reading. */
export function openConnection(file: string): Database.Database {
  const sqlite = new Database(file);
  configureConnection(sqlite);
  return sqlite;
}

function loadCouncils(db: Db): void {
  const list = parseCouncilsCsv(fs.readFileSync(COUNCILS_CSV, 'utf8'));
  const insert = db.$client.prepare(
    `INSERT INTO councils (code, name, old_code, region_code, region_name)
     VALUES (@code, @name, @oldCode, @regionCode, @regionName)
     ON CONFLICT(code) DO UPDATE SET name = excluded.name, old_code = excluded.old_code,
       region_code = excluded.region_code, region_name = excluded.region_name`,
  );
  db.$client.transaction(() => {
    for (const c of list) insert.run(c);
  })();
}

const globalForDb = globalThis as unknown as { sufficiencyDb?: { path: string; db: Db } };

/** The app's database, opened once per process from DATABASE_URL. */
export function getDb(): Db {
  const file = readEnv().databasePath;
  if (!globalForDb.sufficiencyDb || globalForDb.sufficiencyDb.path !== file) {
    globalForDb.sufficiencyDb = { path: file, db: openDatabase(file) };
  }
  return globalForDb.sufficiencyDb.db;
}
