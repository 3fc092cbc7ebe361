/**
 * First-load JavaScript per route, from the production build (prints figures; not a test).
 *
 *   npx tsx scripts/bench/bundle.ts
 *
 * Serves the production build with a fresh demo database, signs in as the demo commissioner,
 * fetches each route's HTML and adds up the gzip size of every script it loads: what a browser
 * downloads before the page is interactive. Budget: no route over 250 KB; public pages, for
 * providers on any connection, under 150 KB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { cleanup, ensureBuild, freePort, makeTmpDir, startServer, stopServer } from './server';

const BUDGET_KB = 250;
const PUBLIC_BUDGET_KB = 150;

const ROUTES: { path: string; public: boolean }[] = [
  { path: '/', public: true },
  { path: '/needs', public: true },
  { path: '/needs/E06000004', public: true },
  { path: '/sign-in', public: true },
  { path: '/dashboard?la=E06000004&period=2024-03-31', public: false },
  { path: '/dashboard/director?la=E06000004&period=2024-03-31', public: false },
  { path: '/dashboard/priorities?la=E06000004', public: false },
  { path: '/dashboard/priorities/new?la=E06000004', public: false },
  { path: '/dashboard/gaps?la=E06000004&period=2024-03-31', public: false },
  { path: '/dashboard/fostering?la=E06000004', public: false },
  { path: '/dashboard/benchmarks?la=E06000004', public: false },
  { path: '/dashboard/market?la=E06000004', public: false },
  { path: '/dashboard/import', public: false },
  { path: '/dashboard/history', public: false },
  { path: '/dashboard/audit', public: false },
  { path: '/dashboard/publish?la=E06000004', public: false },
  { path: '/dashboard/children?la=E06000004&period=2024-03-31&source=ssda903', public: false },
  { path: '/dashboard/children/flows?la=E06000004&period=2024-03-31&source=ssda903', public: false },
  { path: '/dashboard/forecast?la=E06000004', public: false },
];

/** The chunks the chart drawing loads after a page is interactive (they hold recharts' own class name). */
function chartChunks(): { files: number; gzip: number } {
  const dir = path.join(process.cwd(), '.next', 'static', 'chunks');
  let files = 0;
  let gzip = 0;
  for (const f of fs.readdirSync(dir)) {
    if (!f.endsWith('.js')) continue;
    const body = fs.readFileSync(path.join(dir, f));
    if (!body.includes('recharts-surface')) continue;
    files += 1;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { files, gzip };
}

async function signIn(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: 'commissioner@demo.sufficiency.local', password: 'demo-commissioner-password' }),
  });
  if (!res.ok) throw new Error(`Signing in as the demo commissioner failed: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

const sizes = new Map<string, { raw: number; gzip: number }>();

async function scriptSize(base: string, src: string): Promise<{ raw: number; gzip: number }> {
  const hit = sizes.get(src);
  if (hit) return hit;
  const body = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
  const size = { raw: body.byteLength, gzip: gzipSync(body, { level: 9 }).byteLength };
  sizes.set(src, size);
  return size;
}

async function main(): Promise<void> {
  ensureBuild();
  const port = await freePort();
  const tmpDir = makeTmpDir('sufficiency-bench-bundle-');
  const base = `http://127.0.0.1:${port}`;
  console.log(`Starting the server on 127.0.0.1:${port} with a fresh demo database in ${tmpDir}`);
  await startServer(port, path.join(tmpDir, 'bench.db'));
  const cookie = await signIn(base);
  const rows: string[] = [];
  let over = 0;
  for (const r of ROUTES) {
    const res = await fetch(`${base}${r.path}`, { headers: r.public ? {} : { cookie }, redirect: 'manual' });
    if (res.status !== 200) throw new Error(`${r.path} answered ${res.status}`);
    const html = await res.text();
    const tags = [...html.matchAll(/<script[^>]+src="([^"]+\.js[^"]*)"[^>]*>/g)];
    // A noModule script (Next's legacy polyfills) is skipped by every browser that runs modules:
    // shown apart, not counted in the first load.
    const srcs = [...new Set(tags.filter((m) => !/\snomodule/i.test(m[0])).map((m) => m[1]!))];
    const legacy = [...new Set(tags.filter((m) => /\snomodule/i.test(m[0])).map((m) => m[1]!))];
    let raw = 0;
    let gzip = 0;
    for (const s of srcs) {
      const z = await scriptSize(base, s);
      raw += z.raw;
      gzip += z.gzip;
    }
    let legacyGzip = 0;
    for (const s of legacy) legacyGzip += (await scriptSize(base, s)).gzip;
    const budget = r.public ? PUBLIC_BUDGET_KB : BUDGET_KB;
    const ok = gzip / 1024 <= budget;
    if (!ok) over += 1;
    rows.push(
      `| \`${r.path}\` | ${r.public ? 'public' : 'internal'} | ${srcs.length} | ${(raw / 1024).toFixed(1)} | ${(gzip / 1024).toFixed(1)} | ${budget} | ${ok ? 'within' : '**over**'} | ${(legacyGzip / 1024).toFixed(1)} |`,
    );
  }
  await stopServer();
  console.log(`\n## First-load JavaScript per route\n`);
  console.log(`- Date: ${new Date().toUTCString()}`);
  console.log(`- Machine: ${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`);
  console.log(`- Scripts a route's HTML loads, each gzipped at level 9; budget ${BUDGET_KB} KB, public pages ${PUBLIC_BUDGET_KB} KB\n`);
  console.log('- Not counted: `noModule` scripts (legacy polyfills, which browsers that run modules never fetch), shown in the last column; and what a page loads after it is interactive (the chart drawing, components/charts/Chart.tsx)\n');
  console.log('| route | side | scripts | raw KB | gzip KB | budget KB | | noModule gzip KB (not counted) |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |');
  for (const r of rows) console.log(r);
  console.log(`\n${over === 0 ? 'Every route is within its budget.' : `${over} route(s) over budget.`}`);
  const charts = chartChunks();
  console.log(
    `\nLoaded after the page is interactive, on pages with a chart: the chart drawing (recharts), ${charts.files} chunk(s), ${(charts.gzip / 1024).toFixed(1)} KB gzipped.`,
  );
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  cleanup();
  process.exit(1);
});
