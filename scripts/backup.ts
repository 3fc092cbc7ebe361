/**
 * npm run backup -- [--force] FILE
 *
 * Copies the database named by DATABASE_URL into FILE with SQLite's online backup API
 * (better-sqlite3 `db.backup`): a consistent snapshot, safe to take while the app is running or
 * an import is under way (WAL: the copy reads a snapshot, writers are not blocked). The copy is
 * written beside FILE under a temporary name, turned into one self-contained file (rollback
 * journal, no -wal), checked with PRAGMA integrity_check and only then renamed to FILE.
 * Exit 0 when the copy is made and checks ok; 1 on failure, with a message; 2 on bad usage.
 * docs/operations.md
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { formatBytes } from '../lib/format';
import { envOrExit } from './cli';

const USAGE = `Usage: npm run backup -- [--force] FILE

Copies the database named by DATABASE_URL (default data/sufficiency.db) into FILE with SQLite's
online backup: a consistent copy, safe to take while the app is running or an import is under way.
FILE is one self-contained SQLite file; put it back with "npm run restore -- FILE".
  --force   replace FILE if it already exists (otherwise an existing FILE is refused)
Exit 0 when the copy is made and passes PRAGMA integrity_check, 1 on failure, 2 on bad usage.`;

/** A failure the user can act on: printed as it is, exit 1. */
class Failure extends Error {}

interface Args {
  help: boolean;
  force: boolean;
  files: string[];
  unknown: string[];
}

/** Only flags here, so `--force FILE` must not read FILE as the value of --force (as parseArgs would). */
function readArgs(argv: string[]): Args {
  const out: Args = { help: false, force: false, files: [], unknown: [] };
  for (const a of argv) {
    if (a === '--') continue;
    if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--force') out.force = true;
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

function removeWithCompanions(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

/** "[#####-----]  50%  1,234 of 2,468 pages" on stderr when it is a terminal. */
function progressReporter(label: string): { step: (p: { totalPages: number; remainingPages: number }) => number; end: () => void } {
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    step: (p) => {
      const now = Date.now();
      if (tty && p.totalPages > 0 && now - last >= 100) {
        last = now;
        const done = p.totalPages - p.remainingPages;
        const fraction = done / p.totalPages;
        const width = 24;
        const filled = Math.round(fraction * width);
        process.stderr.write(
          `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${`${Math.round(fraction * 100)}%`.padStart(4)}  ` +
            `${done.toLocaleString('en-GB')} of ${p.totalPages.toLocaleString('en-GB')} pages\x1b[K`,
        );
      }
      // About 100 steps whatever the size: few enough to be quick, each short enough to show progress.
      return Math.max(100, Math.ceil(p.totalPages / 100));
    },
    end: () => {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}

function integrityProblems(db: Database.Database): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  const messages = rows.map((r) => r.integrity_check);
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
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
  const env = envOrExit();
  const source = env.databasePath;
  if (source === ':memory:') {
    console.error('DATABASE_URL is :memory:, which is no file: there is nothing to back up.');
    return 2;
  }
  const target = path.resolve(args.files[0]!);
  if (sameFile(source, target)) {
    console.error(`FILE (${target}) is the database itself: give the backup another name.`);
    return 2;
  }
  if (!fs.existsSync(source)) throw new Failure(`There is no database at ${source} (DATABASE_URL): nothing to back up.`);
  const dir = path.dirname(target);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Failure(`The directory ${dir} does not exist: create it first.`);
  if (fs.existsSync(target)) {
    if (fs.statSync(target).isDirectory()) throw new Failure(`${target} is a directory: give a file name for the backup.`);
    if (!args.force) throw new Failure(`${target} already exists: nothing was written. Choose another name, or add --force to replace it.`);
  }

  // Written under a temporary name next to FILE, so FILE is either the old file or a complete, checked copy.
  const partial = path.join(dir, `.${path.basename(target)}.partial-${process.pid}`);
  removeWithCompanions(partial);
  try {
    const db = new Database(source, { readonly: true, fileMustExist: true });
    const progress = progressReporter('Backing up');
    let copied: { totalPages: number; remainingPages: number };
    try {
      db.pragma('busy_timeout = 10000');
      // Reading one page first turns "not a database" and the like into a clear error before any copying.
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      copied = await db.backup(partial, { progress: progress.step });
    } catch (e) {
      throw new Failure(`Could not read the database ${source}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      progress.end();
      db.close();
    }
    // better-sqlite3 reports success with 0 pages when the very first step found the database locked.
    if (copied.totalPages === 0 || !fs.existsSync(partial)) {
      throw new Failure(`The database ${source} was busy and nothing was copied: run the backup again.`);
    }

    const copy = new Database(partial, { fileMustExist: true });
    let problems: string[];
    let summary: { sets: number; current: number; figures: number } | null = null;
    try {
      // One self-contained file: a backup of a WAL database is marked WAL too, which would need -wal/-shm beside it.
      copy.pragma('journal_mode = DELETE');
      problems = integrityProblems(copy);
      const hasSets = copy.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'figure_sets'").get();
      if (hasSets && problems.length === 0) {
        summary = copy
          .prepare(
            `SELECT count(*) AS sets, coalesce(sum(is_current), 0) AS current,
               (SELECT count(*) FROM figures) AS figures FROM figure_sets`,
          )
          .get() as { sets: number; current: number; figures: number };
      }
    } finally {
      copy.close();
    }
    if (problems.length > 0) {
      throw new Failure(
        `The copy fails PRAGMA integrity_check, so it was not kept (the database itself may be damaged):\n` +
          problems.slice(0, 10).map((p) => `  ${p}`).join('\n'),
      );
    }
    if (!args.force && fs.existsSync(target)) {
      throw new Failure(`${target} appeared while the backup ran: nothing was written. Choose another name, or add --force.`);
    }
    fs.renameSync(partial, target);
    const size = fs.statSync(target).size;
    console.log(`Backed up ${source}`);
    console.log(`       to ${target}`);
    console.log(`  size: ${formatBytes(size)} (${size.toLocaleString('en-GB')} bytes)`);
    console.log('  integrity_check: ok');
    if (summary) {
      console.log(
        `  holds ${summary.sets.toLocaleString('en-GB')} figure sets (${summary.current.toLocaleString('en-GB')} current), ` +
          `${summary.figures.toLocaleString('en-GB')} figures`,
      );
    }
    console.log(`Restore it with: npm run restore -- ${target}`);
    return 0;
  } finally {
    removeWithCompanions(partial);
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Failure ? e.message : `Backup failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
