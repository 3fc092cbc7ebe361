/**
 * npm run restore -- FILE
 *
 * Replaces the database named by DATABASE_URL with FILE (a copy made by `npm run backup`).
 * FILE is checked first: a SQLite database that passes PRAGMA integrity_check and has
 * Sufficiency's figure_sets table. The app should be stopped: restore refuses while another
 * process has the database open. The current database is first copied next to itself as
 * `<name>.before-restore-<timestamp>.db`; then FILE is copied over it with SQLite's online backup
 * API (source = FILE, destination = the database), which writes through SQLite's own pager and
 * locks, so the database's write-ahead log stays consistent (a plain file copy over a WAL
 * database can leave a stale -wal that SQLite would replay on top of it).
 * Exit 0 when restored; 1 on failure, with a message; 2 on bad usage. docs/operations.md
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { envOrExit } from './cli';

const USAGE = `Usage: npm run restore -- FILE

Replaces the database named by DATABASE_URL (default data/sufficiency.db) with FILE, a copy made
by "npm run backup". Stop the app first and let any import finish: restore refuses while another
process has the database open. FILE must be a SQLite database that passes PRAGMA integrity_check
and has Sufficiency's figure_sets table. The current database is kept beside it as
<name>.before-restore-<timestamp>.db (the restore says where).
Exit 0 when restored, 1 on failure (with a message), 2 on bad usage.`;

/** A failure the user can act on: printed as it is, exit 1. */
class Failure extends Error {}

interface Summary {
  sets: number;
  current: number;
  figures: number;
}

function readArgs(argv: string[]): { help: boolean; files: string[]; unknown: string[] } {
  const out = { help: false, files: [] as string[], unknown: [] as string[] };
  for (const a of argv) {
    if (a === '--') continue;
    if (a === '--help' || a === '-h') out.help = true;
    else if (a.startsWith('-')) out.unknown.push(a);
    else out.files.push(a);
  }
  return out;
}

function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function progressReporter(label: string): { step: (p: { totalPages: number; remainingPages: number }) => number; end: () => void } {
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    step: (p) => {
      const now = Date.now();
      if (tty && p.totalPages > 0 && now - last >= 100) {
        last = now;
        const fraction = (p.totalPages - p.remainingPages) / p.totalPages;
        const filled = Math.round(fraction * 24);
        process.stderr.write(
          `\r${label} [${'#'.repeat(filled)}${'-'.repeat(24 - filled)}] ${`${Math.round(fraction * 100)}%`.padStart(4)}\x1b[K`,
        );
      }
      return Math.max(100, Math.ceil(p.totalPages / 100));
    },
    end: () => {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}

function integrityProblems(db: Database.Database): string[] {
  const messages = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
}

function summarise(db: Database.Database): Summary {
  return db
    .prepare(
      `SELECT count(*) AS sets, coalesce(sum(is_current), 0) AS current, (SELECT count(*) FROM figures) AS figures
       FROM figure_sets`,
    )
    .get() as Summary;
}

const describe = (s: Summary) =>
  `${s.sets.toLocaleString('en-GB')} figure sets (${s.current.toLocaleString('en-GB')} current), ${s.figures.toLocaleString('en-GB')} figures`;

/** Opens FILE read-only and checks it is a sound database of this app; the caller closes it. */
function openBackup(file: string): { db: Database.Database; summary: Summary } {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new Failure(`${file} cannot be opened as a SQLite database: ${message(e)}. Nothing was changed.`);
  }
  try {
    let problems: string[];
    try {
      problems = integrityProblems(db);
    } catch (e) {
      throw new Failure(`${file} is not a SQLite database (${message(e)}). Nothing was changed.`);
    }
    if (problems.length > 0) {
      throw new Failure(
        `${file} fails PRAGMA integrity_check, so it was not restored. Nothing was changed:\n` +
          problems.slice(0, 10).map((p) => `  ${p}`).join('\n'),
      );
    }
    const hasSets = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'figure_sets'").get();
    if (!hasSets) {
      throw new Failure(
        `${file} is a SQLite database but not one of Sufficiency's: it has no figure_sets table. Nothing was changed.`,
      );
    }
    return { db, summary: summarise(db) };
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * Refuses when another process has the database open. In WAL mode every open connection keeps a
 * shared lock on the database file, so taking an exclusive lock succeeds only when no one else
 * (the app, an import, a backup) has it open. The lock is released before the restore starts.
 */
function assertNotInUse(target: string): void {
  const db = new Database(target, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 2000');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new Failure(
        `The database ${target} is busy: another process has it open (the app, an import or a backup). ` +
          'Stop the app and wait for any import to finish, then run the restore again. Nothing was changed.',
      );
    }
    throw new Failure(
      `Could not open the current database ${target}: ${message(e)}. Nothing was changed. ` +
        'If it is damaged beyond opening, move it aside (with any -wal and -shm files beside it) and run the restore again.',
    );
  } finally {
    db.close();
  }
}

function stamp(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}

function safetyPath(target: string): string {
  const { dir, name } = path.parse(target);
  const base = path.join(dir, `${name}.before-restore-${stamp()}`);
  let candidate = `${base}.db`;
  for (let i = 2; fs.existsSync(candidate); i++) candidate = `${base}-${i}.db`;
  return candidate;
}

/** Copies the current database beside it with the online backup API (its -wal included). */
async function keepSafetyCopy(target: string): Promise<string> {
  const safety = safetyPath(target);
  const current = new Database(target, { fileMustExist: true });
  const progress = progressReporter('Keeping the current database');
  try {
    current.pragma('busy_timeout = 10000');
    const done = await current.backup(safety, { progress: progress.step });
    if (done.totalPages === 0) throw new Error('the database was busy and nothing was copied');
  } catch (e) {
    for (const f of [safety, `${safety}-wal`, `${safety}-shm`]) fs.rmSync(f, { force: true });
    throw new Failure(`Could not keep a copy of the current database ${target}: ${message(e)}. Nothing was changed.`);
  } finally {
    progress.end();
    current.close();
  }
  const copy = new Database(safety);
  try {
    copy.pragma('journal_mode = DELETE'); // one self-contained file
  } finally {
    copy.close();
  }
  return safety;
}

async function main(): Promise<number> {
  const args = readArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.unknown.length > 0 || args.files.length !== 1) {
    if (args.unknown.length > 0) console.error(`Unknown option: ${args.unknown.join(', ')}`);
    else if (args.files.length > 1) console.error(`One FILE only, got ${args.files.length}: ${args.files.join(', ')}`);
    console.error(USAGE);
    return 2;
  }
  const file = path.resolve(args.files[0]!);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    console.error(`No such file: ${file}`);
    return 2;
  }
  const env = envOrExit();
  const target = env.databasePath;
  if (target === ':memory:') {
    console.error('DATABASE_URL is :memory:, which is no file: there is nothing to restore into.');
    return 2;
  }
  if (sameFile(file, target)) {
    console.error(`FILE (${file}) is the database itself (DATABASE_URL): give the backup to restore.`);
    return 2;
  }

  const backup = openBackup(file);
  try {
    let safety: string | null = null;
    if (fs.existsSync(target)) {
      assertNotInUse(target);
      safety = await keepSafetyCopy(target);
    } else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
    }

    // Source = the backup, destination = the database: SQLite writes the pages through the
    // destination's own pager (into its WAL when it is in WAL mode) in one transaction.
    const progress = progressReporter('Restoring');
    try {
      const done = await backup.db.backup(target, { progress: progress.step });
      if (done.totalPages === 0) throw new Error('the database was busy and nothing was copied');
    } catch (e) {
      throw new Failure(
        `The restore failed: ${message(e)}.` +
          (safety ? ` The database as it was before is kept at ${safety}.` : '') +
          ' Is the app or an import running? Stop it and run the restore again.',
      );
    } finally {
      progress.end();
    }

    const restored = new Database(target, { fileMustExist: true });
    let problems: string[];
    let summary: Summary;
    try {
      restored.pragma('busy_timeout = 10000');
      problems = integrityProblems(restored);
      summary = summarise(restored);
    } finally {
      restored.close();
    }
    const same = JSON.stringify(summary) === JSON.stringify(backup.summary);
    if (problems.length > 0 || !same) {
      throw new Failure(
        `The restored database does not match ${file}` +
          (problems.length > 0 ? ` (integrity_check: ${problems.slice(0, 3).join('; ')})` : ` (${describe(summary)})`) +
          '.' +
          (safety ? ` The database as it was before is kept at ${safety}: run "npm run restore -- ${safety}" to put it back.` : ''),
      );
    }
    console.log(`Restored ${file}`);
    console.log(`    into ${target}`);
    console.log(`  ${describe(summary)}; integrity_check: ok`);
    if (safety) console.log(`The database as it was before the restore is kept at ${safety}`);
    else console.log('There was no database there before, so no copy of it was kept.');
    console.log('Start the app again with: npm start');
    return 0;
  } finally {
    backup.db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Failure ? e.message : `Restore failed: ${message(e)}`);
    process.exit(1);
  },
);
