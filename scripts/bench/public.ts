/**
 * Load benchmark of the public side: pages, open API and a static file (prints figures; not a test).
 *
 *   npx tsx scripts/bench/public.ts [--duration 10] [--connections 10]
 *
 * Serves a production build with a fresh demo database (scripts/start.ts, as `npm start` does),
 * then runs autocannon against each public route on loopback and prints a markdown table, with
 * each route compared with a static file served by the same server. Run from the repository root.
 */
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { parseArgs } from '../cli';
import { cleanup, ensureBuild, freePort, makeTmpDir, startServer, stopServer } from './server';

const STATIC = '/downloads/sufficiency-template.csv';
const COUNCIL = 'E06000004'; // Stockton-on-Tees, one of the two published demo councils

interface Target {
  label: string;
  path: string;
  /** Sends If-None-Match with the ETag from a first GET, so 304 is the expected answer. */
  etag?: boolean;
}

const TARGETS: Target[] = [
  { label: '`/needs` (list page)', path: '/needs' },
  { label: `\`/needs/${COUNCIL}\` (council page)`, path: `/needs/${COUNCIL}` },
  { label: `\`/api/v1/public/needs/${COUNCIL}\` (JSON)`, path: `/api/v1/public/needs/${COUNCIL}` },
  { label: `\`/api/v1/public/needs/${COUNCIL}\` + If-None-Match (304)`, path: `/api/v1/public/needs/${COUNCIL}`, etag: true },
  { label: '`/api/v1/openapi.json`', path: '/api/v1/openapi.json' },
];

interface Row {
  label: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  /** Answers other than the expected ones (2xx, or 304 for the ETag case). */
  unexpected: number;
  errors: number;
  cacheControl: string;
}

function positive(value: string | true | undefined, name: string, dflt: number): number {
  if (value === undefined) return dflt;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, not "${String(value)}"`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------

async function measure(base: string, target: Target, duration: number, connections: number): Promise<Row> {
  // One GET first: checks the route answers 200, warms it, and gives the ETag and cache headers.
  const first = await fetch(base + target.path);
  await first.arrayBuffer();
  if (first.status !== 200) throw new Error(`GET ${target.path} answered ${first.status}, not 200`);
  const etag = first.headers.get('etag');
  if (target.etag && !etag) throw new Error(`GET ${target.path} sent no ETag`);
  const headers: Record<string, string> = target.etag && etag ? { 'if-none-match': etag } : {};

  process.stdout.write(`${target.label} ... `);
  const r = await autocannon({ url: base + target.path, connections, duration, headers });
  const expected = target.etag ? (r.statusCodeStats['304']?.count ?? 0) : 0;
  const row: Row = {
    label: target.label,
    reqPerSec: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    unexpected: r.non2xx - expected,
    errors: r.errors,
    cacheControl: first.headers.get('cache-control') ?? '(none)',
  };
  console.log(`${fmt(row.reqPerSec)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, unexpected ${row.unexpected}, errors ${row.errors}`);
  return row;
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function table(rows: Row[], baseline: Row): string {
  const ratio = (a: number, b: number) => (b > 0 ? `${fmt(a / b, 2)}x` : 'n/a');
  const lines = [
    '| route | req/s | p50 (ms) | p99 (ms) | non-2xx | errors | p99 / static p99 | req/s / static req/s |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.label} | ${fmt(r.reqPerSec)} | ${fmt(r.p50, r.p50 % 1 ? 1 : 0)} | ${fmt(r.p99, r.p99 % 1 ? 1 : 0)} | ${r.unexpected} | ${r.errors} | ${ratio(r.p99, baseline.p99)} | ${ratio(r.reqPerSec, baseline.reqPerSec)} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { options } = parseArgs(process.argv.slice(2));
  const duration = positive(options.duration, 'duration', 10);
  const connections = positive(options.connections, 'connections', 10);

  ensureBuild();
  const tmpDir = makeTmpDir('sufficiency-bench-public-');
  const port = await freePort();
  console.log(`Starting the server on 127.0.0.1:${port} with a fresh demo database in ${tmpDir}`);
  await startServer(port, path.join(tmpDir, 'bench.db'));
  const base = `http://127.0.0.1:${port}`;

  console.log(`\nautocannon: ${connections} connections, ${duration} s per route, loopback only`);
  const staticTarget: Target = { label: `\`${STATIC}\` (static file)`, path: STATIC };
  // The machine is shared: the static baseline runs first and last, and the mean of the two is used.
  const before = await measure(base, { ...staticTarget, label: `${staticTarget.label}, first run` }, duration, connections);
  const routes: Row[] = [];
  for (const t of TARGETS) routes.push(await measure(base, t, duration, connections));
  const after = await measure(base, { ...staticTarget, label: `${staticTarget.label}, last run` }, duration, connections);
  await stopServer();

  const baseline: Row = {
    label: `${staticTarget.label}, mean of both runs (baseline)`,
    reqPerSec: (before.reqPerSec + after.reqPerSec) / 2,
    p50: (before.p50 + after.p50) / 2,
    p99: (before.p99 + after.p99) / 2,
    unexpected: before.unexpected + after.unexpected,
    errors: before.errors + after.errors,
    cacheControl: before.cacheControl,
  };

  console.log(`\n## Results\n`);
  console.log(`- Date: ${new Date().toUTCString()}`);
  console.log(`- Machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), ${fmt(os.totalmem() / 2 ** 30, 1)} GiB memory, ${os.platform()} ${os.release()}`);
  console.log(`- Node ${process.version}; autocannon and the server share the machine`);
  console.log(`- ${connections} connections, ${duration} s per route; ratios are against the mean of the two static runs\n`);
  console.log(table([before, after, baseline, ...routes], baseline));
  console.log('\nCache-Control sent by each route:');
  for (const r of [before, ...routes]) console.log(`- ${r.label}: ${r.cacheControl}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  cleanup();
  process.exit(1);
});
