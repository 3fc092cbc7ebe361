/**
 * Benchmark: does importing slow the pages down? (prints figures; not a test)
 *
 *   npx tsx scripts/bench/upload-load.ts [--duration 10] [--connections 10] [--uploads 4] [--rows 230000]
 *
 * Serves a production build with a fresh demo database, measures `/needs` with 10 connections
 * while nothing else runs (idle), then again while four 20 MB templates are uploaded at once with
 * an API key and imported by their jobs, and compares the p95 latencies measured in the same run.
 * The aim (issue: imports off the request path): p95 during the uploads within 3x of idle.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from '../cli';
import { cleanup, ensureBuild, freePort, makeTmpDir, startServer, stopServer } from './server';
import { generateTemplate } from './templateFile';

const ROUTE = '/needs';

function positive(value: string | true | undefined, name: string, dflt: number): number {
  if (value === undefined) return dflt;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, not "${String(value)}"`);
  return n;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Latencies {
  count: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** `connections` loops each fetching the route until `stop()` says so; every latency recorded. */
async function load(url: string, connections: number, stop: () => boolean): Promise<Latencies> {
  const times: number[] = [];
  let errors = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (!stop()) {
        const t = performance.now();
        try {
          const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
          await res.arrayBuffer();
          if (res.status !== 200) errors += 1;
        } catch {
          errors += 1;
        }
        times.push(performance.now() - t);
      }
    }),
  );
  times.sort((a, b) => a - b);
  return { count: times.length, errors, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), max: times[times.length - 1] ?? NaN };
}

const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(0)} ms` : 'n/a');

async function main(): Promise<void> {
  const { options } = parseArgs(process.argv.slice(2));
  const duration = positive(options.duration, 'duration', 10);
  const connections = positive(options.connections, 'connections', 10);
  const uploads = positive(options.uploads, 'uploads', 4);
  const rows = positive(options.rows, 'rows', 230_000);

  ensureBuild();
  const dir = makeTmpDir('sufficiency-upload-load-');
  const db = path.join(dir, 'bench.db');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  console.log(`# Pages while importing\n\nnode ${process.version}, ${os.cpus().length} CPUs; ${connections} connections on ${ROUTE}`);

  const key = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/api-key.ts', 'create', '--name', 'bench', '--role', 'commissioner'], {
    env: { ...process.env, DATABASE_URL: db },
    encoding: 'utf8',
  });
  if (key.status !== 0) throw new Error(`could not issue a key: ${key.stderr}`);
  const auth = { authorization: `Bearer ${key.stdout.trim()}` };

  // Different figures in each file (each a different size), so every upload is a real import.
  const files: string[] = [];
  for (let i = 0; i < uploads; i++) {
    const file = path.join(dir, `upload-${i}.csv`);
    await generateTemplate(file, rows + i * 1000);
    files.push(file);
  }
  const mb = fs.statSync(files[0]!).size / 1048576;

  await startServer(port, db);
  try {
    await load(base + ROUTE, connections, (() => {
      const end = Date.now() + 2000;
      return () => Date.now() > end;
    })()); // warm-up
    const idleEnd = Date.now() + duration * 1000;
    const idle = await load(base + ROUTE, connections, () => Date.now() > idleEnd);

    const started = performance.now();
    let finished = false;
    const jobs = (async () => {
      const accepted = await Promise.all(
        files.map(async (file) => {
          const res = await fetch(`${base}/api/imports`, {
            method: 'POST',
            headers: { ...auth, 'x-file-name': path.basename(file), 'content-type': 'text/csv' },
            body: fs.readFileSync(file),
          });
          if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
          return ((await res.json()) as { job: { url: string } }).job.url;
        }),
      );
      const received = performance.now() - started;
      const outcomes: string[] = [];
      for (const url of accepted) {
        for (;;) {
          const j = ((await (await fetch(base + url, { headers: auth })).json()) as { job: { state: string; outcome: string | null } }).job;
          if (!['queued', 'running'].includes(j.state)) {
            outcomes.push(`${j.state}/${j.outcome ?? '-'}`);
            break;
          }
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      finished = true;
      return { received, outcomes, imported: performance.now() - started };
    })();
    const busy = await load(base + ROUTE, connections, () => finished);
    const j = await jobs;

    console.log('\n## Results\n');
    console.log(`${uploads} uploads of ${mb.toFixed(1)} MB (${rows.toLocaleString('en-GB')}+ rows each) at once: all received in ${(j.received / 1000).toFixed(1)} s, all imported in ${(j.imported / 1000).toFixed(1)} s (${j.outcomes.join(', ')}).\n`);
    console.log(`| ${ROUTE} | requests | errors | p50 | p95 | p99 | max |`);
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const [label, l] of [
      ['idle', idle],
      ['during the uploads and imports', busy],
    ] as const) {
      console.log(`| ${label} | ${l.count.toLocaleString('en-GB')} | ${l.errors} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${ms(l.max)} |`);
    }
    const ratio = busy.p95 / idle.p95;
    console.log(`\np95 during / p95 idle: **${ratio.toFixed(2)}x** (aim: within 3x) - ${ratio <= 3 ? 'met' : 'not met'} in this run.`);
  } finally {
    await stopServer();
    cleanup();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  cleanup();
  process.exit(1);
});
