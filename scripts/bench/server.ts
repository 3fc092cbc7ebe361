/**
 * The benchmarks' server: a production build with a fresh demo database (scripts/start.ts, as
 * `npm start` does), in its own process group so one kill ends tsx, start.ts and next start.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = process.cwd();
const READY_TIMEOUT_MS = 120_000;

/** A port nobody listens on now (the OS picks it), so parallel runs and dev servers do not clash. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The server: start.ts in its own process group, so one kill ends tsx, start.ts and next start.
// ---------------------------------------------------------------------------------------------

let server: ChildProcess | null = null;
let tmpDir: string | null = null;

/** A fresh temp folder for the server's database, removed by cleanup(). */
export function makeTmpDir(prefix: string): string {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return tmpDir;
}

export function cleanup(): void {
  if (server?.pid && server.exitCode === null && server.signalCode === null) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  server = null;
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  tmpDir = null;
}

/** The orderly stop: SIGTERM to the group, SIGKILL if it has not gone within 5 s. */
export async function stopServer(): Promise<void> {
  const child = server;
  if (child?.pid && child.exitCode === null && child.signalCode === null) {
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  }
  cleanup();
}

// On errors, Ctrl-C and any exit: the sync kill, so the server never outlives the script.
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the server.`);
    cleanup();
    process.exit(130);
  });
}

export function ensureBuild(): void {
  if (fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    console.log('Using the existing production build (.next/BUILD_ID); start.ts still rebuilds if sources are newer.');
    return;
  }
  console.log('No production build (.next/BUILD_ID): running next build once...');
  const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error(`next build failed (exit ${build.status})`);
}

/** The process id of the server's group leader (tsx running start.ts), while it runs. */
export function serverPid(): number | null {
  return server?.pid && server.exitCode === null && server.signalCode === null ? server.pid : null;
}

/** `env`: further environment variables for the server (e.g. SUFFICIENCY_NO_DEMO=1). */
export async function startServer(port: number, dbPath: string, env: Record<string, string> = {}): Promise<void> {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, PORT: String(port), HOSTNAME: '127.0.0.1', DATABASE_URL: dbPath },
  });
  server = child;

  // The 120 s bound is for the server to answer; if start.ts decides to rebuild (sources newer
  // than the build) the build has no bound of ours, and the clock restarts when it serves.
  let deadline = Date.now() + READY_TIMEOUT_MS;
  let exited = null as string | null; // set by the exit listener
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream! }).on('line', (line) => {
      console.log(`  [server] ${line}`);
      if (line.startsWith('Building the app')) {
        console.log('  (start.ts is rebuilding: some sources are newer than .next/BUILD_ID)');
        deadline = Infinity;
      }
      if (line.startsWith('Starting Sufficiency')) deadline = Date.now() + READY_TIMEOUT_MS;
    });
  }
  child.on('exit', (code, signal) => (exited = `exit code ${code ?? signal}`));

  const url = `http://127.0.0.1:${port}/`;
  for (;;) {
    if (exited) throw new Error(`The server stopped before it was ready (${exited}); see its output above.`);
    if (Date.now() > deadline) throw new Error(`The server did not answer 200 at ${url} within ${READY_TIMEOUT_MS / 1000} s.`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

