/**
 * Resilience of the database under the real command-line scripts, run as child processes against
 * SQLite files in a temp directory (docs/operations.md):
 * - an import killed (SIGKILL) at a random moment leaves the database sound, with the new file
 *   stored entirely or not at all;
 * - two imports at once both succeed (one waits for the write lock) or one is refused as busy;
 * - `scripts/backup.ts` and `scripts/restore.ts` (npm run backup / npm run restore).
 * Nothing here asserts on timing: the full import is timed only to choose when to kill.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { parseCouncilsCsv, type CouncilRef } from '@/lib/councils';
import {
  AGE_BANDS,
  FOSTERING_SETTINGS,
  MEASURES,
  NEEDS,
  PROVISIONS,
  RECRUITMENT_MEASURES,
  SETTINGS,
  TEMPLATE_COLUMNS,
} from '@/lib/template/codes';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const DEMO = path.join(ROOT, 'data', 'demo');
const STOCKTON_FILE = path.join(DEMO, 'sufficiency_E06000004.csv');
const SOUTHWARK_FILE = path.join(DEMO, 'sufficiency_E09000028.csv');
const DEMO_COUNCILS = new Set(['E06000004', 'E09000028']);

const BIG_ROWS = 150_000;
const OTHER_ROWS = 100_000;
const KILLS = 6;
/** The seed of the kill delays: change it to explore other moments; a failure prints the delays. */
const SEED = 20261123;

let tmp = '';
let bigFile = '';
let otherFile = '';

// ---------------------------------------------------------------------------------------------
// Running the scripts
// ---------------------------------------------------------------------------------------------

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** The largest size seen of the database's -wal file while the script ran (when watched). */
  maxWalBytes: number;
}

interface RunOptions {
  /** Run as `node --import tsx` in one process (see below). */
  direct?: boolean;
  /** SIGKILL after this many milliseconds. */
  killAfterMs?: number;
  /** Watch the size of the database's -wal file every few milliseconds... */
  watchWal?: boolean;
  /** ...and SIGKILL as soon as it reaches this many bytes. */
  killAtWalBytes?: number;
}

function cliEnv(dbFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: dbFile };
  delete env.PORT;
  delete env.HOSTNAME;
  delete env.UPLOAD_LIMIT_MB;
  return env;
}

function walSize(dbFile: string): number {
  try {
    return fs.statSync(`${dbFile}-wal`).size;
  } catch {
    return 0;
  }
}

/**
 * Runs `scripts/<script>.ts args...` with DATABASE_URL = dbFile. `direct` runs it as
 * `node --import tsx` in one process rather than through the tsx wrapper, which runs the script
 * in a child process of its own: a SIGKILL to the wrapper would leave that child importing.
 */
function run(script: 'import' | 'backup' | 'restore', args: string[], dbFile: string, opts: RunOptions = {}): Promise<Run> {
  const scriptPath = path.join('scripts', `${script}.ts`);
  const [cmd, argv] = opts.direct
    ? [process.execPath, ['--import', 'tsx', scriptPath, ...args]]
    : [TSX, [scriptPath, ...args]];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, argv, { cwd: ROOT, env: cliEnv(dbFile), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let maxWalBytes = 0;
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const killer = opts.killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs);
    const watcher =
      opts.watchWal || opts.killAtWalBytes !== undefined
        ? setInterval(() => {
            maxWalBytes = Math.max(maxWalBytes, walSize(dbFile));
            if (opts.killAtWalBytes !== undefined && maxWalBytes >= opts.killAtWalBytes) child.kill('SIGKILL');
          }, 2)
        : null;
    const timeout = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('error', reject);
    // 'close': the process has exited (and been reaped, so its locks are gone) and its output is read.
    child.on('close', (status, signal) => {
      if (killer) clearTimeout(killer);
      if (watcher) clearInterval(watcher);
      clearTimeout(timeout);
      resolve({ status, signal, stdout, stderr, ms: performance.now() - t0, maxWalBytes });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Generating valid template files (as scripts/bench/import-template.ts does; it exports nothing)
// ---------------------------------------------------------------------------------------------

function councils(): CouncilRef[] {
  const list = parseCouncilsCsv(fs.readFileSync(path.join(ROOT, 'data', 'reference', 'councils.csv'), 'utf8'));
  // The demo files cover these two councils: the generated files never touch their figure sets.
  return list.filter((c) => c.code && !DEMO_COUNCILS.has(c.code));
}

function quarterEnds(from: number, to: number): string[] {
  const out: string[] = [];
  for (let y = from; y <= to; y++) for (const md of ['03-31', '06-30', '09-30', '12-31']) out.push(`${y}-${md}`);
  return out;
}

function innerKeys(): string[][] {
  const recruitment = new Set<string>(RECRUITMENT_MEASURES);
  const fostering = new Set<string>(FOSTERING_SETTINGS);
  const keys: string[][] = [];
  for (const setting of SETTINGS)
    for (const provision of PROVISIONS)
      for (const ageBand of AGE_BANDS)
        for (const need of NEEDS)
          for (const measure of MEASURES) {
            if (recruitment.has(measure) && !fostering.has(setting)) continue;
            keys.push([setting, provision, ageBand, need, measure]);
          }
  return keys;
}

/** Parents 100 or more, sub-measures under 50 (so the sub-measure rules hold), one in 97 suppressed. */
function valueFor(measure: string, n: number): string {
  if (n % 97 === 0) return 'c';
  if (['places', 'referrals', 'children_placed'].includes(measure)) return String(100 + (n % 400));
  if (['places_vacant', 'referrals_unmatched', 'placed_outside_la', 'placed_over_20_miles'].includes(measure)) {
    return String(n % 50);
  }
  if (measure === 'weekly_cost_gbp') return (700 + (n % 300000) / 100).toFixed(2);
  return String(n % 60);
}

/** A valid template of `rows` rows spread evenly over (council, period) sets, keys distinct within a set. */
function writeTemplate(file: string, rows: number, periods: string[]): void {
  const cs = councils();
  const keys = innerKeys();
  const perGroup = Math.ceil(rows / (cs.length * periods.length));
  const fd = fs.openSync(file, 'w');
  try {
    let buf: string[] = [TEMPLATE_COLUMNS.join(',')];
    for (let i = 0; i < rows; i++) {
      const g = Math.floor(i / perGroup);
      const council = cs[g % cs.length]!;
      const period = periods[Math.floor(g / cs.length)]!;
      const [setting, provision, ageBand, need, measure] = keys[(g * 7919 + (i % perGroup)) % keys.length]!;
      const name = /[",]/.test(council.name) ? `"${council.name.replace(/"/g, '""')}"` : council.name;
      buf.push(`${period},${council.code},${name},${setting},${provision},${ageBand},${need},${measure},${valueFor(measure!, i)}`);
      if (buf.length >= 10_000) {
        fs.writeSync(fd, `${buf.join('\n')}\n`);
        buf = [];
      }
    }
    if (buf.length > 0) fs.writeSync(fd, `${buf.join('\n')}\n`);
  } finally {
    fs.closeSync(fd);
  }
}

/** mulberry32: a small seeded PRNG, so the kill delays are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Looking at a database
// ---------------------------------------------------------------------------------------------

/** A plain connection (no migrations, no writes of ours): what a crash left is what we see. */
function withDb<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    return fn(db);
  } finally {
    db.close();
  }
}

const integrity = (db: Database.Database) => db.pragma('integrity_check', { simple: true });

function hashRows(rows: Iterable<unknown[]>): { rows: number; sha256: string } {
  const h = createHash('sha256');
  let n = 0;
  for (const r of rows) {
    h.update(r.map((v) => (v === null ? '\u0000' : String(v))).join('\u001f'));
    h.update('\n');
    n += 1;
  }
  return { rows: n, sha256: h.digest('hex') };
}

interface FigureSetRow {
  id: number;
  la_code: string;
  period_end: string;
  version: number;
  import_id: number;
  row_count: number;
  is_current: number;
  replaces_set_id: number | null;
  created_at: string;
}

interface Before {
  sets: FigureSetRow[];
  figures: { rows: number; sha256: string };
}

function figureSets(db: Database.Database): FigureSetRow[] {
  return db.prepare('SELECT * FROM figure_sets ORDER BY id').all() as FigureSetRow[];
}

/** Every figure, in a fixed order, as a checksum. */
function allFigures(db: Database.Database): { rows: number; sha256: string } {
  return hashRows(
    db
      .prepare(
        `SELECT set_id, measure, setting, provision, age_band, need, value, symbol FROM figures
         ORDER BY set_id, measure, setting, provision, age_band, need`,
      )
      .raw()
      .iterate() as Iterable<unknown[]>,
  );
}

/** What a file's stored import put in the database, independent of ids: its sets and figures. */
function importedContent(db: Database.Database, fileName: string) {
  const sets = db
    .prepare(
      `SELECT count(*) AS n FROM figure_sets s JOIN imports i ON i.id = s.import_id
       WHERE i.file_name = ? AND i.status = 'stored'`,
    )
    .get(fileName) as { n: number };
  const figures = hashRows(
    db
      .prepare(
        `SELECT s.la_code, s.period_end, s.version, s.is_current, s.row_count,
                f.measure, f.setting, f.provision, f.age_band, f.need, f.value, f.symbol
         FROM figures f JOIN figure_sets s ON s.id = f.set_id JOIN imports i ON i.id = s.import_id
         WHERE i.file_name = ? AND i.status = 'stored'
         ORDER BY s.la_code, s.period_end, s.version, f.measure, f.setting, f.provision, f.age_band, f.need`,
      )
      .raw()
      .iterate(fileName) as Iterable<unknown[]>,
  );
  return { sets: sets.n, figures };
}

function storedImports(db: Database.Database, fileName: string): number {
  return (
    db.prepare("SELECT count(*) AS n FROM imports WHERE file_name = ? AND status = 'stored'").get(fileName) as {
      n: number;
    }
  ).n;
}

/** The figures with their current versions, as the app shows them. */
function currentFigures(file: string) {
  return withDb(file, (db) =>
    db
      .prepare(
        `SELECT s.la_code, s.period_end, s.version, f.measure, f.setting, f.provision, f.age_band, f.need, f.value, f.symbol
         FROM figures f JOIN figure_sets s ON s.id = f.set_id WHERE s.is_current = 1
         ORDER BY s.la_code, s.period_end, f.measure, f.setting, f.provision, f.age_band, f.need`,
      )
      .all(),
  );
}

function removeDb(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sufficiency-resilience-'));
  bigFile = path.join(tmp, 'big.csv');
  otherFile = path.join(tmp, 'other.csv');
  writeTemplate(bigFile, BIG_ROWS, quarterEnds(2015, 2019));
  writeTemplate(otherFile, OTHER_ROWS, quarterEnds(2010, 2014));
}, 60_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Crash safety
// ---------------------------------------------------------------------------------------------

describe('an import killed at any moment', () => {
  it(`leaves the database sound, with the file stored entirely or not at all (${KILLS} random SIGKILLs and 2 chosen)`, async () => {
    const bigName = path.basename(bigFile);

    // One full import into a database of its own: how long it takes, how far its WAL grows, what it stores.
    const refDb = path.join(tmp, 'reference.db');
    const full = await run('import', [bigFile], refDb, { direct: true, watchWal: true });
    expect(full.status, full.stderr).toBe(0);
    const expected = withDb(refDb, (db) => importedContent(db, bigName));
    expect(expected.figures.rows).toBe(BIG_ROWS);
    expect(expected.sets).toBeGreaterThan(1000);

    // The database to protect: a small file's figures already in it.
    const dbFile = path.join(tmp, 'crash.db');
    const small = await run('import', [STOCKTON_FILE], dbFile);
    expect(small.status, small.stderr).toBe(0);
    const before: Before = withDb(dbFile, (db) => ({ sets: figureSets(db), figures: allFigures(db) }));
    expect(before.sets.length).toBe(5);
    expect(before.figures.rows).toBeGreaterThan(1000);
    // A clean copy, to start again from when a run got to the end before its kill.
    expect(fs.existsSync(`${dbFile}-wal`)).toBe(false);
    const pristine = path.join(tmp, 'crash-pristine.db');
    fs.copyFileSync(dbFile, pristine);

    /** Checks the database a run left; says whether the big file is in it ('all') or not ('none'). */
    const inspect = (): 'none' | 'all' =>
      withDb(dbFile, (db) => {
        expect(integrity(db)).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        const sets = figureSets(db);
        const oldIds = new Set(before.sets.map((s) => s.id));
        // The figure sets that were there are exactly as they were, and so are all their figures.
        expect(sets.filter((s) => oldIds.has(s.id))).toEqual(before.sets);
        const total = (db.prepare('SELECT count(*) AS n FROM figures').get() as { n: number }).n;
        const added = sets.filter((s) => !oldIds.has(s.id));
        if (added.length === 0) {
          expect(allFigures(db)).toEqual(before.figures);
          expect(storedImports(db, bigName)).toBe(0);
          return 'none';
        }
        // Something was added: it must be the whole file, as the uninterrupted import stored it.
        expect(storedImports(db, bigName)).toBe(1);
        expect(importedContent(db, bigName)).toEqual(expected);
        expect(added).toHaveLength(expected.sets);
        expect(total).toBe(before.figures.rows + BIG_ROWS);
        const kept = hashRows(
          db
            .prepare(
              `SELECT set_id, measure, setting, provision, age_band, need, value, symbol FROM figures
               WHERE set_id IN (${[...oldIds].join(',')})
               ORDER BY set_id, measure, setting, provision, age_band, need`,
            )
            .raw()
            .iterate() as Iterable<unknown[]>,
        );
        expect(kept).toEqual(before.figures);
        return 'all';
      });

    /** One import of the big file, killed as `kill` says; checks what it left and starts again from before if needed. */
    const log: string[] = [];
    const attempt = async (what: string, kill: Pick<RunOptions, 'killAfterMs' | 'killAtWalBytes'>) => {
      const r = await run('import', [bigFile], dbFile, { direct: true, ...kill });
      const killed = r.signal === 'SIGKILL';
      if (!killed) expect(r.status, `${what}: the import neither finished nor was killed:\n${r.stderr}`).toBe(0);
      // Before anyone opens it: how much the killed import had written into the WAL.
      const walLeft = walSize(dbFile);
      let outcome: 'none' | 'all';
      try {
        outcome = inspect();
      } catch (e) {
        throw new Error(
          `After ${what} (seed ${SEED}; a full import takes ${Math.round(full.ms)} ms; ` +
            `${killed ? `killed after ${Math.round(r.ms)} ms` : 'it finished first'}, ${walLeft} bytes left in the WAL):\n` +
            `${e instanceof Error ? e.message : String(e)}\nEarlier runs: ${log.join('; ')}`,
        );
      }
      if (!killed) expect(outcome, what).toBe('all');
      const when = !killed
        ? 'finished before the kill'
        : outcome === 'all'
          ? 'killed after the commit'
          : walLeft > full.maxWalBytes / 10
            ? `killed inside the storing transaction (${(walLeft / 2 ** 20).toFixed(1)} MB uncommitted in the WAL)`
            : 'killed before storing';
      log.push(`${what}: ${when}, ${outcome === 'all' ? 'whole file stored' : 'nothing stored'}`);
      if (outcome === 'all') {
        // Back to the state before, so the next kill again races a real import.
        removeDb(dbFile);
        fs.copyFileSync(pristine, dbFile);
      }
    };

    // Random moments, one in each sixth of the import's duration (stratified, so the end is covered too).
    const random = prng(SEED);
    for (let i = 0; i < KILLS; i++) {
      const delay = Math.round(50 + ((i + random()) / KILLS) * Math.max(0, full.ms - 50));
      await attempt(`SIGKILL after ${delay} ms`, { killAfterMs: delay });
    }
    // Two chosen moments: while the storing transaction is writing (its pages spill into the WAL
    // before the commit), and once the WAL is nearly as large as a whole import makes it (just
    // before or just after the commit record, or during the checkpoint on close): either outcome is right.
    await attempt('SIGKILL mid-transaction', { killAtWalBytes: Math.round(full.maxWalBytes / 2) });
    await attempt('SIGKILL around the commit', { killAtWalBytes: Math.round(full.maxWalBytes * 0.98) });
    console.log(`resilience: a full import took ${Math.round(full.ms)} ms; ${log.join('; ')}`);

    // And an import left to finish stores the whole file.
    const last = await run('import', [bigFile], dbFile);
    expect(last.status, last.stderr).toBe(0);
    expect(last.stdout).toContain(`${bigName}: stored (150,000 rows`);
    expect(inspect()).toBe('all');
  }, 240_000);
});

// ---------------------------------------------------------------------------------------------
// Two imports at once
// ---------------------------------------------------------------------------------------------

describe('two imports at once', () => {
  it('both succeed (one waits for the write lock) or one is refused as busy; the database holds exactly the successes', async () => {
    const dbFile = path.join(tmp, 'concurrent.db');
    // The database exists already, as the app's does.
    openDatabase(dbFile).$client.close();
    const files = [bigFile, otherFile];
    const rows = [BIG_ROWS, OTHER_ROWS];
    const runs = await Promise.all(files.map((f) => run('import', [f], dbFile)));
    runs.forEach((r, i) => {
      const name = path.basename(files[i]!);
      if (r.status === 0) expect(r.stdout).toContain(`${name}: stored (`);
      else expect(`${r.stdout}${r.stderr}`, `exit ${r.status}`).toMatch(/database is (locked|busy)/i);
    });
    expect(runs.some((r) => r.status === 0)).toBe(true);
    console.log(
      `resilience: two imports at once: ${runs.map((r, i) => `${path.basename(files[i]!)} exit ${r.status} after ${Math.round(r.ms)} ms`).join(', ')}`,
    );
    withDb(dbFile, (db) => {
      expect(integrity(db)).toBe('ok');
      files.forEach((f, i) => {
        const content = importedContent(db, path.basename(f));
        expect(content.figures.rows, path.basename(f)).toBe(runs[i]!.status === 0 ? rows[i] : 0);
      });
      const total = (db.prepare('SELECT count(*) AS n FROM figures').get() as { n: number }).n;
      expect(total).toBe(runs.reduce((sum, r, i) => sum + (r.status === 0 ? rows[i]! : 0), 0));
    });
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// Backup and restore
// ---------------------------------------------------------------------------------------------

describe('backup and restore', () => {
  it('a backup taken while the app is open restores the figures as they were; refusals are clear', async () => {
    const dir = path.join(tmp, 'app');
    fs.mkdirSync(dir);
    const dbFile = path.join(dir, 'sufficiency.db');
    const backupFile = path.join(tmp, 'backup.db');

    const demo = await run('import', [STOCKTON_FILE, SOUTHWARK_FILE], dbFile);
    expect(demo.status, demo.stderr).toBe(0);
    const before = currentFigures(dbFile);
    expect(before.length).toBeGreaterThan(3000);

    let afterChange: unknown[] = [];
    // The app has the database open (with a read done, as a page would) while the backup runs.
    const app = new Database(dbFile);
    app.pragma('journal_mode = WAL');
    app.prepare('SELECT count(*) FROM figures').get();
    try {
      const b = await run('backup', [backupFile], dbFile);
      expect(b.stderr).toBe('');
      expect(b.status).toBe(0);
      expect(b.stdout).toMatch(/size: [\d.]+ (KB|MB) \([\d,]+ bytes\)/);
      expect(b.stdout).toContain('integrity_check: ok');
      expect(b.stdout).toContain('10 figure sets (10 current)');
      expect(fs.existsSync(`${backupFile}-wal`)).toBe(false);
      withDb(backupFile, (db) => expect(integrity(db)).toBe('ok'));

      // An existing FILE is refused without --force (and left as it was), replaced with it.
      const bytes = fs.readFileSync(backupFile);
      const again = await run('backup', [backupFile], dbFile);
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('already exists');
      expect(again.stderr).toContain('--force');
      expect(fs.readFileSync(backupFile).equals(bytes)).toBe(true);
      const forced = await run('backup', ['--force', backupFile], dbFile);
      expect(forced.status, forced.stderr).toBe(0);
      expect(forced.stdout).toContain('integrity_check: ok');

      // A change after the backup: a new version of Stockton's 2024 figures.
      const original = '2024-03-31,E06000004,Stockton-on-Tees,fostering,in_house,all,all,children_placed,214\n';
      const text = fs.readFileSync(STOCKTON_FILE, 'utf8');
      expect(text).toContain(original);
      const changed = path.join(tmp, 'stockton-changed.csv');
      fs.writeFileSync(changed, text.replace(original, original.replace(',214\n', ',215\n')));
      const change = await run('import', [changed], dbFile);
      expect(change.status, change.stderr).toBe(0);
      expect(change.stdout).toMatch(/E06000004 2024-03-31: [\d,]+ figures, version 2, replacing version 1/);
      afterChange = currentFigures(dbFile);
      expect(afterChange).not.toEqual(before);

      // While the app has it open, restore refuses: the database is busy.
      const busy = await run('restore', [backupFile], dbFile);
      expect(busy.status).toBe(1);
      expect(busy.stderr).toMatch(/busy/);
      expect(busy.stderr).toMatch(/Stop the app/);
      expect(currentFigures(dbFile)).toEqual(afterChange);
    } finally {
      app.close();
    }

    // Refused: a file that is no database, and a database that is not Sufficiency's.
    const notDb = path.join(tmp, 'not-a-database.db');
    fs.writeFileSync(notDb, 'period_end,la_code\n2024-03-31,E06000004\n');
    const r1 = await run('restore', [notDb], dbFile);
    expect(r1.status).toBe(1);
    expect(r1.stderr).toContain('is not a SQLite database');
    const otherDb = path.join(tmp, 'other-app.db');
    const other = new Database(otherDb);
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
    other.close();
    const r2 = await run('restore', [otherDb], dbFile);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toContain('has no figure_sets table');
    const missing = await run('restore', [path.join(tmp, 'no-such-backup.db')], dbFile);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no-such-backup.db');
    expect(fs.readdirSync(dir).filter((f) => f.includes('before-restore'))).toEqual([]);

    // Restored: the figures with their current versions are those before the change.
    const restore = await run('restore', [backupFile], dbFile);
    expect(restore.stderr).toBe('');
    expect(restore.status).toBe(0);
    const safety = fs.readdirSync(dir).filter((f) => /^sufficiency\.before-restore-\d{8}T\d{6}Z(-\d+)?\.db$/.test(f));
    expect(safety).toHaveLength(1);
    const safetyFile = path.join(dir, safety[0]!);
    expect(restore.stdout).toContain(safetyFile);
    expect(currentFigures(dbFile)).toEqual(before);
    withDb(dbFile, (db) => {
      expect(integrity(db)).toBe('ok');
      expect(db.prepare("SELECT count(*) AS n FROM figure_sets WHERE version = 2").get()).toEqual({ n: 0 });
    });
    // The safety copy is the database as it was just before: with the change.
    expect(currentFigures(safetyFile)).toEqual(afterChange);
    // The app opens the restored database as usual (migrations, WAL).
    const reopened = openDatabase(dbFile);
    try {
      expect(reopened.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      reopened.$client.close();
    }
  }, 120_000);
});
