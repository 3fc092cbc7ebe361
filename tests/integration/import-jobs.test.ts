/**
 * Import jobs with real child processes on a real SQLite file: a job imports its file off the
 * caller's thread and records its outcome; jobs run one at a time; a queued or running job can be
 * cancelled with nothing stored; a job whose process is killed is marked interrupted at the next
 * start with nothing stored.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '@/db/client';
import {
  claimNextJob,
  createImportJob,
  markInterruptedJobs,
  readImportJob,
  requestCancel,
  runImportJobs,
  uploadDir,
  type ImportJobRow,
} from '@/db/importJobs';
import { generateTemplate } from '@/scripts/bench/templateFile';
import { HEADER, count } from '@/tests/helpers/db';

let dir = '';
let dbFile = '';
let db: Db;
let big = '';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-jobs-'));
  dbFile = path.join(dir, 'db.sqlite');
  db = openDatabase(dbFile);
  // Large enough that a job is still reading when it is cancelled or killed (about 17 MB).
  big = path.join(dir, 'big.csv');
  await generateTemplate(big, 200_000);
}, 60_000);
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A received upload: the file copied into the uploads folder, as the upload routes leave it. */
function received(name: string, content: string | { copyOf: string }) {
  const target = path.join(uploadDir(dbFile), `${name}-${Math.random().toString(36).slice(2)}.upload`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (typeof content === 'string') fs.writeFileSync(target, content);
  else fs.copyFileSync(content.copyOf, target);
  const bytes = fs.readFileSync(target);
  return { name, path: target, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

function queue(name: string, content: string | { copyOf: string }): ImportJobRow {
  return createImportJob(db.$client, { kind: 'file', files: [received(name, content)], laCode: null, source: 'web', actor: 'test@example.org' });
}

async function until(what: () => boolean, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const state = (id: number) => readImportJob(db.$client, id)!;
const small = (n: number) => `${HEADER}\n2024-03-31,E06000001,Hartlepool,fostering,in_house,all,all,children_placed,${n}\n`;

describe('import jobs', () => {
  it('import their file in a child process, one at a time, and record the outcome', async () => {
    const a = queue('a.csv', small(50));
    const b = queue('b.csv', small(51));
    runImportJobs(dbFile);
    expect(state(a.id).state).toBe('running');
    // The second waits: only one job runs at a time.
    expect(state(b.id).state).toBe('queued');
    expect(claimNextJob(db.$client)).toBeNull();
    await until(() => state(b.id).state === 'done');
    const [ja, jb] = [state(a.id), state(b.id)];
    expect([ja.state, ja.outcome, jb.outcome]).toEqual(['done', 'stored', 'stored']);
    expect(jb.startedAt! >= ja.finishedAt!).toBe(true);
    const stored = db.$client.prepare('SELECT file_name AS f, status FROM imports WHERE id IN (?, ?) ORDER BY id').all(ja.importId, jb.importId);
    expect(stored).toEqual([
      { f: 'a.csv', status: 'stored' },
      { f: 'b.csv', status: 'stored' },
    ]);
    expect(jb.rows).toBe(1);
    // The received files are removed once their job ends.
    expect(JSON.parse(ja.files).every((f: { path: string }) => !fs.existsSync(f.path))).toBe(true);
  }, 120_000);

  it('a rejected file is a finished job whose import says why', async () => {
    const j = queue('bad.csv', `${HEADER}\n2024-03-31,E06000001,Hartlepool,fostering,in_house,all,all,children_placed,-3\n`);
    runImportJobs(dbFile);
    await until(() => !['queued', 'running'].includes(state(j.id).state));
    expect([state(j.id).state, state(j.id).outcome, state(j.id).errorCount]).toEqual(['done', 'rejected', 1]);
  }, 120_000);

  it('a queued job cancelled ends at once with nothing stored', () => {
    const imports = count(db, 'imports');
    const j = queue('never.csv', small(60));
    const file = JSON.parse(j.files)[0].path as string;
    requestCancel(db.$client, j.id, 'test@example.org');
    expect(state(j.id).state).toBe('cancelled');
    expect(state(j.id).message).toContain('before it started');
    expect(fs.existsSync(file)).toBe(false);
    expect(count(db, 'imports')).toBe(imports);
  });

  it('a running job cancelled stops with nothing stored, and the next job runs', async () => {
    const imports = count(db, 'imports');
    const sets = count(db, 'figure_sets');
    const j = queue('big.csv', { copyOf: big });
    const next = queue('after.csv', small(70));
    runImportJobs(dbFile);
    await until(() => state(j.id).phase === 'reading' && state(j.id).rows > 0);
    requestCancel(db.$client, j.id, 'test@example.org');
    await until(() => state(j.id).state !== 'running');
    expect(state(j.id).state).toBe('cancelled');
    await until(() => state(next.id).state === 'done');
    expect(count(db, 'imports')).toBe(imports + 1); // only the next job's
    expect(count(db, 'figure_sets')).toBe(sets + 1);
    const audit = db.$client.prepare(`SELECT target FROM audit_events WHERE action = 'import_cancelled' ORDER BY id DESC LIMIT 1`).get() as { target: string };
    expect(audit.target).toBe(`import job #${j.id}`);
  }, 180_000);

  it('a job whose process is killed is marked interrupted at the next start, with nothing stored', async () => {
    const imports = count(db, 'imports');
    const j = queue('killed.csv', { copyOf: big });
    expect(claimNextJob(db.$client)?.id).toBe(j.id);
    // The job's process as the server starts it, then killed outright as a machine failure would.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(process.cwd(), 'scripts', 'import-job.ts'), String(j.id)], {
      env: { ...process.env, DATABASE_URL: dbFile },
      stdio: 'ignore',
    });
    await until(() => state(j.id).rows > 0);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(state(j.id).state).toBe('running');
    expect(markInterruptedJobs(db.$client)).toBe(1);
    expect(state(j.id).state).toBe('interrupted');
    expect(state(j.id).message).toContain('Nothing of it was stored');
    expect(count(db, 'imports')).toBe(imports);
  }, 180_000);
});
