/**
 * A private copy of the working tree for benchmarks that serve the app.
 *
 * The benchmarks build the app and serve it for many minutes. In the working tree, `npm start`
 * (scripts/start.ts) rebuilds `.next` whenever a source is newer than the build, so anyone
 * editing or starting the app meanwhile would rebuild it under the running benchmark server (and
 * the benchmark's rebuild would break theirs). A snapshot, taken once at the start, has its own
 * sources, its own `.next` and node_modules as hard links (no copy, and no symlink for Turbopack
 * to refuse), so the figures are those of one version of the code, whatever happens in the tree.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Set in the environment of whatever runs inside a snapshot, so it does not take another. */
export const SNAPSHOT_ENV = 'SUFFICIENCY_BENCH_SNAPSHOT';
export const IN_SNAPSHOT = process.env[SNAPSHOT_ENV] === '1';
/** What the snapshot holds ("the working tree at commit abc1234 with 3 uncommitted changes"). */
export const CODE_ENV = 'SUFFICIENCY_BENCH_CODE';
export const codeDescription = (): string => process.env[CODE_ENV] ?? 'the working tree (no snapshot)';

const SKIP = new Set(['node_modules', '.next', '.git', 'tmp', 'test-results', 'playwright-report']);

export interface Snapshot {
  dir: string;
  /** What was copied: the commit and how many files differed from it. */
  describe: string;
  remove(): void;
}

function git(root: string, args: string[]): string | null {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Copies the working tree (without builds, databases, test output) into a temp directory. */
export function makeSnapshot(root = process.cwd()): Snapshot {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sufficiency-bench-app-'));
  for (const entry of fs.readdirSync(root)) {
    if (SKIP.has(entry) || entry.endsWith('.tsbuildinfo')) continue;
    fs.cpSync(path.join(root, entry), path.join(dir, entry), {
      recursive: true,
      // Databases (data/sufficiency.db and its WAL) are not part of the code.
      filter: (src) => !/\.db(-wal|-shm|-journal)?$/.test(src),
    });
  }
  const link = spawnSync('cp', ['-al', path.join(root, 'node_modules'), path.join(dir, 'node_modules')]);
  if (link.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`Could not hard-link node_modules into the snapshot: ${link.stderr.toString()}`);
  }
  const head = git(root, ['rev-parse', '--short', 'HEAD']);
  const changed = git(root, ['status', '--porcelain'])?.split('\n').filter(Boolean).length ?? null;
  const describe = head
    ? `the working tree at commit ${head}${changed ? ` with ${changed} uncommitted change${changed === 1 ? '' : 's'}` : ''}`
    : 'the working tree';
  return { dir, describe, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `tsx script args` inside the snapshot; resolves with its exit code. */
export function runInSnapshot(snapshot: Snapshot, script: string, args: string[], stdio: 'inherit' | 'pipe' = 'inherit') {
  const child = spawn(path.join(snapshot.dir, 'node_modules', '.bin', 'tsx'), [script, ...args], {
    cwd: snapshot.dir,
    stdio: ['ignore', stdio, stdio],
    env: { ...process.env, [SNAPSHOT_ENV]: '1', [CODE_ENV]: snapshot.describe },
  });
  const done = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  return { child, done };
}
