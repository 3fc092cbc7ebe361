/**
 * Import jobs: an upload is received whole into a file, recorded as a queued job and imported by
 * a child process (scripts/import-job.ts), one job at a time, so the server's request thread never
 * parses or stores a file. The job's state, progress and outcome live in `import_jobs`, so any
 * page, browser or process reads them. A job whose process died with the server is marked
 * interrupted at the next start; its import was one transaction, so nothing of it is stored.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { ImportJobRow } from './schema';
import { recordAudit } from './audit';
import { getDb, openConnection } from './client';
import { readEnv } from '../lib/env';
import { whenFree } from './whenFree';
import type { ReceivedFile } from '../lib/upload';

export type { ImportJobRow };

export interface JobFile {
  name: string;
  path: string;
  bytes: number;
  sha256: string;
}

export interface NewImportJob {
  kind: 'file' | 'ssda903';
  files: ReceivedFile[];
  laCode: string | null;
  source: 'web' | 'api';
  actor: string | null;
}

/** Where uploads wait for their job: a folder beside the database. */
export function uploadDir(databasePath: string): string {
  const base = databasePath === ':memory:' ? process.cwd() : path.dirname(databasePath);
  return path.join(base, 'uploads');
}

export function jobFiles(job: Pick<ImportJobRow, 'files'>): JobFile[] {
  return JSON.parse(job.files) as JobFile[];
}

/** Every column under its camelCase name, as ImportJobRow has it. */
const COLUMNS = `id, kind, state, files, la_code AS laCode, source, actor, phase, bytes, total_bytes AS totalBytes, rows,
  import_id AS importId, outcome, error_count AS errorCount, message, cancel_requested AS cancelRequested, pid,
  created_at AS createdAt, started_at AS startedAt, finished_at AS finishedAt`;

function now(): string {
  return new Date().toISOString();
}

function removeFiles(job: Pick<ImportJobRow, 'files'>): void {
  for (const f of jobFiles(job)) fs.rmSync(f.path, { force: true });
}

export function createImportJob(sqlite: Database.Database, j: NewImportJob): ImportJobRow {
  const totalBytes = j.files.reduce((n, f) => n + f.bytes, 0);
  return sqlite
    .prepare(
      `INSERT INTO import_jobs (kind, state, files, la_code, source, actor, phase, bytes, total_bytes, rows, created_at)
       VALUES (?, 'queued', ?, ?, ?, ?, 'queued', 0, ?, 0, ?) RETURNING ${COLUMNS}`,
    )
    .get(j.kind, JSON.stringify(j.files), j.laCode, j.source, j.actor, totalBytes, now()) as ImportJobRow;
}

export function readImportJob(sqlite: Database.Database, id: number): ImportJobRow | null {
  return (sqlite.prepare(`SELECT ${COLUMNS} FROM import_jobs WHERE id = ?`).get(id) as ImportJobRow | undefined) ?? null;
}

/** Takes the oldest queued job if none is running (SQLite's single writer makes this atomic). */
export function claimNextJob(sqlite: Database.Database): ImportJobRow | null {
  return (
    (sqlite
      .prepare(
        `UPDATE import_jobs SET state = 'running', phase = 'starting', started_at = ?
         WHERE id = (SELECT id FROM import_jobs WHERE state = 'queued' ORDER BY id LIMIT 1)
           AND NOT EXISTS (SELECT 1 FROM import_jobs WHERE state = 'running')
         RETURNING ${COLUMNS}`,
      )
      .get(now()) as ImportJobRow | undefined) ?? null
  );
}

/** Ends a job that is still running or queued with a final state and a message. */
export function finishJob(
  sqlite: Database.Database,
  id: number,
  end: { state: 'done' | 'failed' | 'cancelled' | 'interrupted'; message?: string | null; importId?: number | null; outcome?: string | null; errorCount?: number | null },
): void {
  const job = readImportJob(sqlite, id);
  if (!job || !['queued', 'running'].includes(job.state)) return;
  sqlite
    .prepare(
      `UPDATE import_jobs SET state = ?, message = ?, import_id = COALESCE(?, import_id), outcome = COALESCE(?, outcome),
         error_count = COALESCE(?, error_count), phase = ?, finished_at = ?, pid = NULL
       WHERE id = ? AND state IN ('queued', 'running')`,
    )
    .run(end.state, end.message ?? null, end.importId ?? null, end.outcome ?? null, end.errorCount ?? null, end.state, now(), id);
  removeFiles(job);
}

/**
 * The import a job's process stored just before it died (it commits, then records the outcome):
 * found by the job's files' hash among the imports made since the job started.
 */
function importOfJob(sqlite: Database.Database, job: ImportJobRow): { id: number; status: string; error_count: number } | null {
  if (!job.startedAt) return null;
  const shas = jobFiles(job).map((f) => f.sha256);
  const combined = createHash('sha256').update(shas.join(',')).digest('hex');
  const candidates = job.kind === 'file' ? [shas[0] ?? '', combined] : [combined];
  return (
    (sqlite
      .prepare(`SELECT id, status, error_count FROM imports WHERE created_at >= ? AND sha256 IN (${candidates.map(() => '?').join(',')}) ORDER BY id DESC LIMIT 1`)
      .get(job.startedAt, ...candidates) as { id: number; status: string; error_count: number } | undefined) ?? null
  );
}

/** After a job's process ended without recording its outcome: done if its import landed, else `state`. */
function settleJob(sqlite: Database.Database, job: ImportJobRow, state: 'failed' | 'cancelled' | 'interrupted', message: string): void {
  const landed = importOfJob(sqlite, job);
  if (landed) {
    finishJob(sqlite, job.id, { state: 'done', importId: landed.id, outcome: landed.status, errorCount: landed.error_count, message: null });
  } else {
    finishJob(sqlite, job.id, { state, message });
  }
}

function isImportJobProcess(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('import-job');
  } catch {
    return false;
  }
}

/** Waits (at most 5 s) for a killed process to be gone, so that what it committed is settled. */
function waitForExit(pid: number): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 100 && fs.existsSync(`/proc/${pid}`) && isImportJobProcess(pid); i++) Atomics.wait(pause, 0, 0, 50);
}

/**
 * At start: a job left running belongs to a server that stopped or was killed. Its process (if it
 * outlived the server) is stopped first, then the job is marked interrupted, unless its import
 * had already committed. Returns how many jobs were marked.
 */
export function markInterruptedJobs(sqlite: Database.Database): number {
  const running = sqlite.prepare(`SELECT ${COLUMNS} FROM import_jobs WHERE state = 'running'`).all() as ImportJobRow[];
  for (const job of running) {
    if (job.pid && isImportJobProcess(job.pid)) {
      try {
        process.kill(job.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      waitForExit(job.pid);
    }
    settleJob(sqlite, job, 'interrupted', 'The server stopped while this file was being imported. Nothing of it was stored: import it again.');
  }
  return running.length;
}

/** Stops a running job's process (nothing of its import is stored: its transaction never commits). */
function stopJobProcess(job: ImportJobRow): void {
  const r = runner();
  if (r.jobId === job.id && r.child) {
    r.cancelling = job.id;
    r.child.kill('SIGTERM');
  } else if (job.pid && isImportJobProcess(job.pid)) process.kill(job.pid, 'SIGTERM');
}

/** Asks a job to stop: a queued one ends at once, a running one when its process is stopped. */
export function requestCancel(sqlite: Database.Database, id: number, actor: string): ImportJobRow | null {
  const job = readImportJob(sqlite, id);
  if (!job) return null;
  if (job.state === 'queued') {
    finishJob(sqlite, id, { state: 'cancelled', message: `Cancelled by ${actor} before it started. Nothing was stored.` });
  } else if (job.state === 'running') {
    sqlite.prepare('UPDATE import_jobs SET cancel_requested = 1 WHERE id = ?').run(id);
    stopJobProcess(job);
  }
  recordAudit(sqlite, { actor, action: 'import_cancelled', target: `import job #${id}`, details: { state: job.state } });
  return readImportJob(sqlite, id);
}

/**
 * For the upload routes: records the received files as a queued job and starts the runner. The
 * row is written when the database is free, so an import storing its figures never blocks the server.
 */
export async function queueImport(j: NewImportJob): Promise<ImportJobRow> {
  const job = await whenFree((sqlite) => createImportJob(sqlite, j));
  runImportJobs(readEnv().databasePath);
  return job;
}

/** For the page and the API: cancels a job on behalf of a user (without waiting on a running import's lock). */
export async function cancelImport(id: number, actor: string): Promise<ImportJobRow | null> {
  const job = readImportJob(getDb().$client, id);
  if (!job) return null;
  // A running job's process is stopped first: it is what holds the lock the cancel waits for.
  if (job.state === 'running') stopJobProcess(job);
  return whenFree((sqlite) => requestCancel(sqlite, id, actor));
}

/** At the server's start: settles jobs its predecessor left running and starts the queued ones. */
export function resumeImportJobs(): void {
  runImportJobs(readEnv().databasePath);
}

/** Where the upload routes put files: beside the app's database. */
export function appUploadDir(): string {
  return uploadDir(readEnv().databasePath);
}

// ---------------------------------------------------------------------------------------------
// The runner, in the server process: one job's child process at a time.
// ---------------------------------------------------------------------------------------------

interface Runner {
  databasePath: string | null;
  child: ChildProcess | null;
  jobId: number | null;
  /** The job being cancelled, known before its row can say so. */
  cancelling: number | null;
  recovered: boolean;
}

const globalForJobs = globalThis as unknown as { sufficiencyImportRunner?: Runner };

function runner(): Runner {
  globalForJobs.sufficiencyImportRunner ??= { databasePath: null, child: null, jobId: null, cancelling: null, recovered: false };
  return globalForJobs.sufficiencyImportRunner;
}

/** Starts the next queued job unless one runs. Safe to call often (after each upload, at start). */
export function runImportJobs(databasePath: string): void {
  const r = runner();
  if (r.child) return;
  const sqlite = openConnection(databasePath);
  try {
    if (!r.recovered || r.databasePath !== databasePath) {
      // The first call in this process: any job marked running was left by an earlier one.
      markInterruptedJobs(sqlite);
      r.recovered = true;
      r.databasePath = databasePath;
    }
    const job = claimNextJob(sqlite);
    if (job) spawnJob(databasePath, job);
  } finally {
    sqlite.close();
  }
}

function spawnJob(databasePath: string, job: ImportJobRow): void {
  const r = runner();
  // tsx runs the TypeScript job as the command-line tools do; the IPC channel lets the job
  // notice when the server dies and stop before it can store anything.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(process.cwd(), 'scripts', 'import-job.ts'), String(job.id)], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: databasePath },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  r.child = child;
  r.jobId = job.id;
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  let ended = false;
  const end = (code: number | null, signal: NodeJS.Signals | null) => {
    if (ended) return;
    ended = true;
    r.child = null;
    r.jobId = null;
    const cancelled = r.cancelling === job.id;
    r.cancelling = null;
    const sqlite = openConnection(databasePath);
    try {
      const now = readImportJob(sqlite, job.id);
      if (now && now.state === 'running') {
        if (now.cancelRequested || cancelled) settleJob(sqlite, now, 'cancelled', 'Cancelled while importing. Nothing was stored.');
        else settleJob(sqlite, now, 'failed', `The import stopped unexpectedly (${signal ?? `code ${code}`}): ${stderr.trim().split('\n').pop() ?? ''}`.trim());
      }
    } finally {
      sqlite.close();
    }
    runImportJobs(databasePath);
  };
  child.on('exit', end);
  child.on('error', (e) => {
    stderr += e.message;
    end(null, null);
  });
}

// ---------------------------------------------------------------------------------------------
// The job's own process (scripts/import-job.ts)
// ---------------------------------------------------------------------------------------------

interface JobProgress {
  phase: string;
  bytes: number;
  totalBytes: number | null;
  rows: number;
}

/**
 * Imports a claimed job's files and records the outcome. Progress goes through a second
 * connection that never waits for a lock: while the import holds the write lock, a progress
 * line is skipped rather than stalling the import. A cancel request is seen at the next
 * progress line and ends the process at once, before its transaction commits.
 */
export async function runImportJob(databasePath: string, id: number): Promise<void> {
  // Loaded here, not at the top: the server imports this module for the runner only.
  const { importAnyFile } = await import('./imports/any');
  const { importSsda903 } = await import('./imports/ssda903');
  const sqlite = openConnection(databasePath);
  const side = openConnection(databasePath);
  side.pragma('busy_timeout = 0');
  const job = readImportJob(sqlite, id);
  if (!job || job.state !== 'running') throw new Error(`Import job ${id} is not running.`);
  sqlite.prepare('UPDATE import_jobs SET pid = ?, phase = ? WHERE id = ?').run(process.pid, 'reading', id);
  const update = side.prepare('UPDATE import_jobs SET phase = ?, bytes = ?, rows = ? WHERE id = ?');
  const cancelled = side.prepare('SELECT cancel_requested AS c FROM import_jobs WHERE id = ?').pluck();
  let last = 0;
  const onProgress = (p: JobProgress) => {
    const t = Date.now();
    if (t - last < 250 && p.phase === 'reading') return;
    last = t;
    try {
      if (cancelled.get(id)) process.exit(3);
      update.run(p.phase, p.bytes, p.rows, id);
    } catch {
      // The database is busy with this import's own transaction: the next line will do.
    }
  };
  const files = jobFiles(job);
  const common = { source: job.source, actor: job.actor, onProgress };
  try {
    const result =
      job.kind === 'ssda903'
        ? await importSsda903(sqlite, {
            ...common,
            laCode: job.laCode,
            files: files.map((f) => ({ fileName: f.name, chunks: fs.createReadStream(f.path), totalBytes: f.bytes })),
          })
        : await importAnyFile(sqlite, {
            ...common,
            fileName: files[0]!.name,
            chunks: fs.createReadStream(files[0]!.path),
            totalBytes: files[0]!.bytes,
            laCode: job.laCode,
          });
    finishJob(sqlite, id, { state: 'done', importId: result.importId, outcome: result.status, errorCount: result.errorCount });
  } catch (e) {
    finishJob(sqlite, id, { state: 'failed', message: e instanceof Error ? e.message : String(e) });
  } finally {
    side.close();
    sqlite.close();
  }
}
