/**
 * npm start: checks the configuration, migrates the database, loads the demo councils into an
 * empty database, builds the app if there is no build or the sources are newer, and serves it.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { openDatabase } from '../db/client';
import { loadDemoIfEmpty } from '../db/imports/demo';
import { loadReferenceIfMissing } from '../db/imports/reference';
import { createDemoPriorities } from '../db/demoPriorities';
import { publishDemoNeeds } from '../db/demoPublications';
import { createDemoUsers, DEMO_USERS, isDemoMode } from '../db/users';
import { markInterruptedJobs } from '../db/importJobs';
import { envOrExit } from './cli';

const ROOT = process.cwd();
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
const SOURCES = ['app', 'components', 'lib', 'db', 'proxy.ts', 'instrumentation.ts', 'next.config.js', 'package.json'];

function newestSourceTime(entry: string): number {
  const full = path.join(ROOT, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(full)
    .reduce((newest, child) => Math.max(newest, newestSourceTime(path.join(entry, child))), stat.mtimeMs);
}

function needsBuild(): boolean {
  const buildId = path.join(ROOT, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestSourceTime(s) > built);
}

async function main(): Promise<void> {
  const env = envOrExit();
  const db = openDatabase(env.databasePath);
  console.log(`Database: ${env.databasePath}`);
  if (process.env.SUFFICIENCY_NO_DEMO !== '1') {
    const loaded = await loadDemoIfEmpty(db);
    if (loaded) {
      const templates = loaded.filter((r) => !('returns' in r));
      const rows = templates.reduce((n, r) => n + r.rows, 0);
      const returns = loaded.flatMap((r) => ('returns' in r ? (r.returns as { episodes: number }[]) : []));
      console.log(
        `The database was empty: loaded the synthetic demo data (${templates.length} template files, ${rows.toLocaleString('en-GB')} figures for Stockton-on-Tees and Southwark, 2020 to 2024; ` +
          `${returns.length} SSDA903 returns for Stockton-on-Tees, ${returns.reduce((n, r) => n + r.episodes, 0).toLocaleString('en-GB')} episodes).`,
      );
      await createDemoUsers(db);
      const priorities = createDemoPriorities(db);
      console.log(`Added ${priorities} demo priorities.`);
      console.log(`Published the needs of ${publishDemoNeeds(db)} demo councils at /needs.`);
    }
  }
  const reference = await loadReferenceIfMissing(db);
  if (reference.length > 0) {
    console.log(`Loaded the national reference data: ${reference.map((r) => r.fileName).join(', ')}.`);
  }
  if (isDemoMode(db)) {
    console.log('Demo mode: sign in at /sign-in as one of these demo users (they exist only in this demo database):');
    for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(12)} ${u.email}  password: ${u.password}`);
  }
  const interrupted = markInterruptedJobs(db.$client);
  if (interrupted > 0) console.log(`Marked ${interrupted} import job(s) interrupted: the server stopped while they ran, and nothing of them was stored.`);
  db.$client.close();

  if (needsBuild()) {
    console.log('Building the app (next build)...');
    const build = spawnSync(process.execPath, [NEXT_BIN, 'build'], { stdio: 'inherit', env: process.env });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }

  // The client address (lib/clientAddress.ts) is set on each request before Next.js reads it: the
  // hook is compiled to one CommonJS file and preloaded into the server's process.
  const preload = path.join(ROOT, '.next', 'server-preload.cjs');
  buildSync({
    entryPoints: [path.join(ROOT, 'scripts', 'server-preload.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: preload,
    logLevel: 'error',
  });

  console.log(`Starting Sufficiency at http://${env.hostname}:${env.port}`);
  // A cap on the server's JavaScript heap: without one V8 lets garbage pile up to several GB under
  // load before collecting (3 GB at national scale in docs/benchmarks.md, against 1.2 GB capped at
  // 1,024 MB with the same throughput). What the server keeps is bounded on its own (db/cache.ts).
  const server = spawn(process.execPath, [`--max-old-space-size=${env.serverHeapMb}`, '--require', preload, NEXT_BIN, 'start', '-H', env.hostname, '-p', String(env.port)], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: env.databasePath },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
  server.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
