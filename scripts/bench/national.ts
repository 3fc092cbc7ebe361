/**
 * Every dashboard and public route under load on a national-scale database (prints figures; not a test).
 *
 *   npx tsx scripts/bench/national.ts [--duration 10] [--connections 10] [--episodes 1000000]
 *                                     [--jobs 2] [--councils N] [--keep] [--db FILE] [--routes REGEX]
 *                                     [--no-snapshot]
 *
 * 0. Copies the working tree into a temp directory (scripts/bench/snapshot.ts) and runs all that
 *    follows there, so edits and rebuilds in the tree meanwhile change nothing (--no-snapshot: in
 *    place).
 *
 * 1. Builds a national database in a temp directory through the real import paths:
 *    - scripts/generate-national.ts writes the template files of all 153 councils x 10 periods
 *      (31 March 2015-2024, every valid key: about 41 million figures), and at the same time
 *      scripts/generate-ssda903.ts writes a national-scale SSDA903 return (--episodes, default
 *      1,000,000);
 *    - openDatabase (migrations, councils), then importTemplate over fileChunks for each file,
 *      as `npm run import` does, in --jobs child processes (default 2) each with its own
 *      connection; then importSsda903 of the return for Birmingham (E08000025) in a child process;
 *    - the national reference data (DfE EES, Ofsted, RO3) with loadReferenceIfMissing, as
 *      scripts/start.ts loads it; a commissioner and an admin (createUser), three priorities
 *      (createPriority) and the council's published needs (saveProfile + publishNeeds) for
 *      Birmingham, plus the two demo councils' needs so /needs lists several;
 *    and prints the time of each step and the database's size.
 *    --db FILE reuses a database built before (with --keep) and skips all this.
 * 2. Serves the production build on it (scripts/start.ts via server.ts, SUFFICIENCY_NO_DEMO=1),
 *    signs in through better-auth's /api/auth/sign-in/email and keeps the cookies.
 * 3. Runs autocannon (--connections, default 10; --duration seconds, default 10; loopback) on a
 *    static file, then every dashboard route of README.md's routes table with the query strings
 *    a user of Birmingham for 31 March 2024 would send, every download route, every public
 *    route, then the static file again; the mean of the two static runs is the baseline.
 *    Each route gets one GET first (its status and time, cold).
 * 4. Samples VmRSS (/proc/PID/status) of every process of the server every 100 ms during the load
 *    and prints the peak of the Next.js server process, overall and per route, and its VmHWM.
 * 5. Times the query functions behind the slow routes on the same database, with their query plans
 *    (scripts/bench/national-queries.ts; --no-queries skips it).
 *
 * Prints markdown tables. Run from the repository root. Needs about 10 GB of free disk in the temp
 * directory while it builds (3.3 GB of CSV, deleted after import; the database is about 5 GB).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import autocannon from 'autocannon';
import { cliActor } from '../../db/audit';
import { openDatabase, type Db } from '../../db/client';
import { loadReferenceIfMissing } from '../../db/imports/reference';
import { importSsda903 } from '../../db/imports/ssda903';
import { importTemplate } from '../../db/imports/template';
import { createPriority } from '../../db/priorities';
import { publishNeeds, saveProfile } from '../../db/publications';
import { getFigures } from '../../db/queries/figures';
import { createUser } from '../../db/users';
import { getMetric, metricValue } from '../../lib/catalogue';
import { fileChunks } from '../../lib/csv/read';
import { validatePriority } from '../../lib/priorities';
import { parseArgs } from '../cli';
import { cleanup, ensureBuild, freePort, serverPid, startServer, stopServer } from './server';
import { IN_SNAPSHOT, codeDescription, makeSnapshot, runInSnapshot } from './snapshot';

const ROOT = process.cwd();
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const LA = 'E08000025'; // Birmingham: the largest council, with template figures and the SSDA903 return
const PERIOD = '2024-03-31';
const STATIC = '/downloads/sufficiency-template.csv';
const ALSO_PUBLISHED = ['E06000004', 'E09000028'];
const USERS = {
  commissioner: { email: 'bench-commissioner@bench.sufficiency.local', password: 'bench-commissioner-password', role: 'commissioner' },
  admin: { email: 'bench-admin@bench.sufficiency.local', password: 'bench-admin-password', role: 'admin' },
} as const;
const SAMPLE_MS = 100;
const RESULT = 'RESULT ';

const mb = (bytes: number) => bytes / 2 ** 20;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const secs = (t0: number) => (performance.now() - t0) / 1000;

function positive(value: string | true | undefined, name: string, dflt: number): number {
  if (value === undefined) return dflt;
  const n = Number(String(value).replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, not "${String(value)}"`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Child processes: the imports run in their own processes (their own connection and memory).
// ---------------------------------------------------------------------------------------------

interface TemplateFileResult {
  file: string;
  status: string;
  rows: number;
  seconds: number;
  errors: string[];
}

interface WorkerDone {
  done: true;
  maxRssMb: number;
}

interface SsdaResult {
  status: string;
  episodes: number;
  children: number;
  importSeconds: number;
  deriveSeconds: number;
  maxRssMb: number;
  importId: number;
  errors: string[];
}

async function templateWorker(dbFile: string, listFile: string): Promise<void> {
  const db = openDatabase(dbFile);
  const files = fs.readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
  for (const file of files) {
    const t0 = performance.now();
    const r = await importTemplate(db.$client, {
      fileName: path.basename(file),
      source: 'cli',
      actor: cliActor(),
      chunks: fileChunks(file),
      totalBytes: fs.statSync(file).size,
    });
    const out: TemplateFileResult = {
      file,
      status: r.status,
      rows: r.rows,
      seconds: secs(t0),
      errors: r.errors.slice(0, 3).map((e) => `row ${e.row} ${e.column ?? ''}: ${e.message}`),
    };
    fs.rmSync(file); // the CSVs take 3.3 GB: each goes once it is in
    process.stdout.write(`${RESULT}${JSON.stringify(out)}\n`);
  }
  db.$client.close();
  const done: WorkerDone = { done: true, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${RESULT}${JSON.stringify(done)}\n`);
}

async function ssdaWorker(dbFile: string, dir: string, la: string): Promise<void> {
  const db = openDatabase(dbFile);
  const tables = ['header', 'episodes', 'uasc'];
  const t0 = performance.now();
  let deriveStart = 0;
  const r = await importSsda903(db.$client, {
    laCode: la,
    files: tables.map((t) => {
      const file = path.join(dir, `${t}.csv`);
      return { fileName: `${t}.csv`, chunks: fileChunks(file), totalBytes: fs.statSync(file).size };
    }),
    source: 'cli',
    actor: cliActor(),
    onProgress: (p) => {
      if (p.phase === 'deriving' && deriveStart === 0) deriveStart = performance.now();
    },
  });
  const t1 = performance.now();
  const out: SsdaResult = {
    status: r.status,
    episodes: r.returns.reduce((n, x) => n + x.episodes, 0),
    children: r.returns.reduce((n, x) => n + x.children, 0),
    importSeconds: ((deriveStart || t1) - t0) / 1000,
    deriveSeconds: deriveStart ? (t1 - deriveStart) / 1000 : 0,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    importId: r.importId,
    errors: r.errors.slice(0, 5).map((e) => `${e.file} row ${e.row}: ${e.message}`),
  };
  db.$client.close();
  process.stdout.write(`${RESULT}${JSON.stringify(out)}\n`);
}

/** Runs a child (tsx), echoing its stderr, handing each RESULT line to onResult; rejects on a non-zero exit. */
function runChild(args: string[], onResult: (json: unknown) => void, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith(RESULT)) onResult(JSON.parse(line.slice(RESULT.length)));
      else if (line.trim()) console.error(`  [${label}] ${line}`);
    });
    readline.createInterface({ input: child.stderr }).on('line', (line) => {
      if (line.trim() && !line.includes('npm warn')) console.error(`  [${label}] ${line}`);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${label} failed (${code ?? signal})`))));
  });
}

// ---------------------------------------------------------------------------------------------
// Building the national database
// ---------------------------------------------------------------------------------------------

interface BuildStep {
  step: string;
  seconds: number;
  detail: string;
}

async function buildNational(dir: string, dbFile: string, opts: { episodes: number; jobs: number; councils: number | null }): Promise<BuildStep[]> {
  const steps: BuildStep[] = [];
  const tBuild = performance.now();
  const templates = path.join(dir, 'templates');
  const ssdaDir = path.join(dir, 'ssda903');

  // 1. Both generators at once (each is single-threaded).
  let councilCodes: string[] = [];
  if (opts.councils !== null) {
    const text = fs.readFileSync(path.join(ROOT, 'data', 'reference', 'councils.csv'), 'utf8');
    const codes = [...text.matchAll(/^(E\d{8}),/gm)].map((m) => m[1]!);
    councilCodes = [LA, ...codes.filter((c) => c !== LA)].slice(0, opts.councils);
  }
  console.error(`Generating the template files${opts.councils ? ` (${opts.councils} councils)` : ''} and a return of about ${fmt(opts.episodes)} episodes ...`);
  const tGen = performance.now();
  let genTemplates = 0;
  let genSsda = 0;
  await Promise.all([
    runChild(
      ['scripts/generate-national.ts', '--out', templates, ...(councilCodes.length ? ['--councils', councilCodes.join(',')] : [])],
      () => undefined,
      'generate-national',
    ).then(() => (genTemplates = secs(tGen))),
    runChild(['scripts/generate-ssda903.ts', '--episodes', String(opts.episodes), '--out', ssdaDir], () => undefined, 'generate-ssda903').then(
      () => (genSsda = secs(tGen)),
    ),
  ]);
  const files = fs.readdirSync(templates).filter((f) => f.endsWith('.csv')).sort().map((f) => path.join(templates, f));
  const csvBytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  const ssdaBytes = ['header', 'episodes', 'uasc'].reduce((n, t) => n + fs.statSync(path.join(ssdaDir, `${t}.csv`)).size, 0);
  steps.push({ step: 'generate the template files (generate-national.ts)', seconds: genTemplates, detail: `${fmt(files.length)} files, ${fmt(mb(csvBytes))} MB` });
  steps.push({ step: `generate the SSDA903 return (generate-ssda903.ts, alongside)`, seconds: genSsda, detail: `${fmt(mb(ssdaBytes), 1)} MB of CSV` });

  // 2. The database, migrated, councils loaded.
  openDatabase(dbFile).$client.close();

  // 3. Template files, in --jobs workers, biggest first so the workers finish together.
  console.error(`Importing ${files.length} template files in ${opts.jobs} processes ...`);
  const tTpl = performance.now();
  const lists: string[][] = Array.from({ length: opts.jobs }, () => []);
  const bySize = [...files].sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
  bySize.forEach((f, i) => lists[i % opts.jobs]!.push(f));
  let imported = 0;
  let rows = 0;
  let workerRss = 0;
  const failures: string[] = [];
  await Promise.all(
    lists.map((list, w) => {
      const listFile = path.join(dir, `worker-${w}.txt`);
      fs.writeFileSync(listFile, list.join('\n'));
      return runChild(
        ['scripts/bench/national.ts', '--worker', 'template', '--db', dbFile, '--list', listFile],
        (json) => {
          const r = json as TemplateFileResult | WorkerDone;
          if ('done' in r) {
            workerRss = Math.max(workerRss, r.maxRssMb);
            return;
          }
          imported += 1;
          rows += r.rows;
          if (r.status !== 'stored') failures.push(`${path.basename(r.file)}: ${r.status} ${r.errors.join('; ')}`);
          if (imported % 10 === 0 || imported === files.length) {
            console.error(`  ${imported}/${files.length} files, ${fmt(rows)} rows, ${fmt(secs(tTpl))} s (last ${path.basename(r.file)} ${r.seconds.toFixed(1)} s)`);
          }
        },
        `import ${w + 1}`,
      );
    }),
  );
  if (failures.length > 0) throw new Error(`Template imports failed:\n${failures.slice(0, 10).join('\n')}`);
  const tplSeconds = secs(tTpl);
  steps.push({
    step: `import the template files (importTemplate, ${opts.jobs} processes)`,
    seconds: tplSeconds,
    detail: `${fmt(rows)} figures, ${fmt(rows / tplSeconds)} rows/s, peak RSS per process ${fmt(workerRss)} MB`,
  });

  // 4. The SSDA903 return.
  console.error(`Importing the SSDA903 return for ${LA} ...`);
  const tSsda = performance.now();
  let ssda: SsdaResult | null = null;
  await runChild(['scripts/bench/national.ts', '--worker', 'ssda903', '--db', dbFile, '--dir', ssdaDir, '--la', LA], (j) => (ssda = j as SsdaResult), 'ssda903');
  const s = ssda as SsdaResult | null;
  if (!s || s.status !== 'stored') throw new Error(`The SSDA903 import was ${s?.status ?? 'not run'}: ${s?.errors.join('; ') ?? ''}`);
  fs.rmSync(ssdaDir, { recursive: true, force: true });
  steps.push({
    step: `import the SSDA903 return for ${LA} (importSsda903)`,
    seconds: secs(tSsda),
    detail: `${fmt(s.episodes)} episodes, ${fmt(s.children)} children; read/check/store ${s.importSeconds.toFixed(1)} s, derive ${s.deriveSeconds.toFixed(1)} s; peak RSS ${fmt(s.maxRssMb)} MB`,
  });

  const db = openDatabase(dbFile);
  // 5. Reference data, as scripts/start.ts loads it.
  let t = performance.now();
  const ref = await loadReferenceIfMissing(db);
  steps.push({ step: 'load the reference data (loadReferenceIfMissing: EES, Ofsted, RO3)', seconds: secs(t), detail: `${ref.length} files` });

  // 6. Users, priorities, published needs.
  t = performance.now();
  for (const u of Object.values(USERS)) await createUser(db, { email: u.email, password: u.password, role: u.role, name: `Bench ${u.role}` }, cliActor());
  const priorities = addPriorities(db);
  steps.push({ step: 'create 2 users and the priorities', seconds: secs(t), detail: `${priorities} priorities for ${LA}` });
  t = performance.now();
  const publish = [LA, ...ALSO_PUBLISHED.filter((c) => councilCodes.length === 0 || councilCodes.includes(c))];
  for (const code of publish) {
    saveProfile(
      db,
      code,
      {
        vision: 'Every child in our care lives in a loving family, close to home, school and friends (benchmark text).',
        modelOfCare: 'We want to work with providers who offer **2-3 bed homes** and **supported accommodation for 16 and 17 year olds**.',
        contact: 'Commissioning team (benchmark): [commissioning@example.gov.uk](mailto:commissioning@example.gov.uk).',
        events: '2027-01-20 | Provider network | Council House (benchmark)',
      },
      cliActor(),
    );
    publishNeeds(db, code, cliActor());
  }
  steps.push({ step: `publish the needs of ${publish.length} council${publish.length === 1 ? '' : 's'} (publishNeeds)`, seconds: secs(t), detail: publish.join(', ') });

  // 7. Checkpoint, so the file size is the database's.
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
  const size = fs.statSync(dbFile).size;
  steps.push({ step: '**total build**', seconds: secs(tBuild), detail: `database ${fmt(mb(size))} MB (${fmt(size / 1e9, 2)} GB)` });
  return steps;
}

/** Three priorities for the benchmark council, baselines from its figures (as the demo's are made). */
function addPriorities(db: Db): number {
  const specs = [
    { title: 'More in-house foster places', metric: 'places', segment: { setting: 'fostering', provision: 'in_house' }, baselineDate: '2022-03-31', targetDate: '2027-03-31', direction: 'increase', factor: 1.15 },
    { title: 'Fewer children placed more than 20 miles from home', metric: 'pct_over_20_miles', segment: {}, baselineDate: '2023-03-31', targetDate: '2027-03-31', direction: 'decrease', factor: 0.8 },
    { title: 'Family settings first', metric: 'pct_family_settings', segment: {}, baselineDate: '2021-03-31', targetDate: '2026-03-31', direction: 'increase', factor: 1.05 },
  ];
  let n = 0;
  for (const p of specs) {
    const figures = getFigures(db, LA, p.baselineDate);
    const metric = getMetric(p.metric);
    if (!figures || !metric) continue;
    const segment = { setting: 'all', provision: 'all', ageBand: 'all', need: 'all', ...p.segment };
    const baseline = metricValue(metric, figures, segment as never);
    if (baseline.value === null) continue;
    const baselineValue = Math.round(baseline.value * 10) / 10;
    const checked = validatePriority({
      title: p.title,
      metric: p.metric,
      ...segment,
      baselineValue: String(baselineValue),
      baselineDate: p.baselineDate,
      targetValue: String(Math.round(baselineValue * p.factor * 10) / 10),
      targetDate: p.targetDate,
      direction: p.direction,
      owner: 'Commissioning Manager',
      narrative: 'A benchmark priority.',
      published: true,
    });
    if (!checked.ok) throw new Error(`Priority "${p.title}" is invalid: ${JSON.stringify(checked.errors)}`);
    createPriority(db, LA, checked.value, cliActor());
    n += 1;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// The server's memory: VmRSS of each of its processes every 100 ms
// ---------------------------------------------------------------------------------------------

function parentOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** CPU time used so far (clock ticks, user + system) by a process, or null once it is gone. */
function cpuTicks(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return null;
  }
}

/**
 * Waits until the server's processes use under 10% of a core over half a second: autocannon
 * drops the requests still in flight when its time is up, but the server goes on rendering them,
 * and that work must not land on the next route's figures. Returns the seconds waited.
 */
async function waitIdle(root: number, maxSeconds = 600): Promise<number> {
  const t0 = performance.now();
  const ticks = () => descendants(root).reduce((n, pid) => n + (cpuTicks(pid) ?? 0), 0);
  let last = ticks();
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const now = ticks();
    // 100 ticks a second on Linux: 5 ticks in 500 ms is 10% of a core.
    if (now - last < 5 || secs(t0) > maxSeconds) return secs(t0);
    last = now;
  }
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const ppid = parentOf(pid);
    if (ppid === null) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function commandOf(pid: number): string {
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return argv.map((a) => (a.startsWith(ROOT) ? path.relative(ROOT, a) : a)).join(' ').slice(0, 80);
  } catch {
    return '?';
  }
}

class RssSampler {
  private pids: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private refresh = 0;
  /** Peak VmRSS per process (kB). */
  readonly peak = new Map<number, number>();
  /** Peak of the largest process and of all processes together within the current phase (kB). */
  phaseMax = 0;
  phaseSum = 0;
  samples = 0;

  constructor(private readonly root: number) {}

  start(): void {
    this.pids = descendants(this.root);
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
  }

  private sample(): void {
    if (++this.refresh % 20 === 0) this.pids = descendants(this.root);
    let max = 0;
    let sum = 0;
    for (const pid of this.pids) {
      const kb = statusKb(pid, 'VmRSS');
      if (kb === null) continue;
      this.peak.set(pid, Math.max(this.peak.get(pid) ?? 0, kb));
      max = Math.max(max, kb);
      sum += kb;
    }
    this.samples += 1;
    this.phaseMax = Math.max(this.phaseMax, max);
    this.phaseSum = Math.max(this.phaseSum, sum);
  }

  resetPhase(): void {
    this.sample();
    this.phaseMax = 0;
    this.phaseSum = 0;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The process with the highest peak: Next.js's server. */
  main(): { pid: number; peakKb: number; hwmKb: number | null; command: string } | null {
    let best: [number, number] | null = null;
    for (const [pid, kb] of this.peak) if (!best || kb > best[1]) best = [pid, kb];
    if (!best) return null;
    return { pid: best[0], peakKb: best[1], hwmKb: statusKb(best[0], 'VmHWM'), command: commandOf(best[0]) };
  }
}

// ---------------------------------------------------------------------------------------------
// Routes and the load
// ---------------------------------------------------------------------------------------------

interface Target {
  path: string;
  side: 'static' | 'dashboard' | 'download' | 'public';
  /** Which user's cookie (dashboard routes). */
  as?: keyof typeof USERS;
  /** Sends If-None-Match with the ETag of a first GET: 304 is the expected answer. */
  etag?: boolean;
  note?: string;
}

function targets(ids: { priority: number; ssdaImport: number; templateImport: number }): Target[] {
  const lp = `la=${LA}&period=${PERIOD}`;
  const ssda = `${lp}&source=ssda903`;
  const d = (p: string, note?: string, as: keyof typeof USERS = 'commissioner'): Target => ({ path: p, side: 'dashboard', as, note });
  const dl = (p: string, note?: string): Target => ({ path: p, side: 'download', as: 'commissioner', note });
  const pub = (p: string, note?: string, etag = false): Target => ({ path: p, side: 'public', note, etag });
  return [
    d(`/dashboard?${lp}`, 'overview, template figures'),
    d(`/dashboard?${ssda}`, 'overview, from the SSDA903 return'),
    d(`/dashboard/director?${lp}`, 'director'),
    d(`/dashboard/priorities?la=${LA}`, 'priorities'),
    d(`/dashboard/priorities/${ids.priority}`, 'one priority'),
    d(`/dashboard/gaps?${lp}`, 'gap analysis'),
    d(`/dashboard/fostering?la=${LA}`, 'fostering'),
    d(`/dashboard/children?${ssda}`, 'children (SSDA903)'),
    d(`/dashboard/children/flows?${ssda}`, 'flows'),
    d(`/dashboard/children/stability?${ssda}`, 'stability'),
    d(`/dashboard/benchmarks?la=${LA}`, 'benchmarks, all measures'),
    d(`/dashboard/market?la=${LA}`, 'local market'),
    d(`/dashboard/import`, 'import'),
    d(`/dashboard/imports/${ids.templateImport}`, 'a template import report'),
    d(`/dashboard/imports/${ids.ssdaImport}`, 'the SSDA903 import report'),
    d(`/dashboard/history`, 'history'),
    d(`/dashboard/audit`, 'audit trail'),
    d(`/dashboard/publish?la=${LA}`, 'publish'),
    d(`/dashboard/forecast?la=${LA}`, 'forecast'),
    d(`/dashboard/users`, 'users (admin)', 'admin'),
    dl(`/dashboard/download?${lp}`, 'every figure of the period'),
    dl(`/dashboard/download?${lp}&view=placement-mix`, 'one chart'),
    dl(`/dashboard/children/download?${ssda}&table=setting-provision`, 'SSDA903 table'),
    dl(`/dashboard/gaps/download?${lp}`, 'gap table'),
    dl(`/dashboard/fostering/download?la=${LA}`, 'recruitment, every period'),
    dl(`/dashboard/benchmarks/download?la=${LA}&measure=foster`, 'one benchmark'),
    dl(`/dashboard/benchmarks/spend?la=${LA}`, 'spend'),
    dl(`/dashboard/market/download?la=${LA}&table=sector-council`, 'market table'),
    dl(`/dashboard/audit/download`, 'audit CSV'),
    dl(`/dashboard/priorities/${ids.priority}/download`, 'priority history'),
    pub('/', 'home'),
    pub('/sign-in', 'sign-in page'),
    pub('/needs', 'published councils'),
    pub(`/needs/${LA}`, 'council page'),
    pub(`/needs/${LA}/download?table=summary`, 'published table'),
    pub('/api/v1/public/needs', 'JSON list'),
    pub(`/api/v1/public/needs/${LA}`, 'JSON'),
    pub(`/api/v1/public/needs/${LA}`, 'JSON, If-None-Match (304)', true),
    pub('/api/v1/openapi.json', 'OpenAPI'),
  ];
}

interface Row {
  target: Target;
  firstStatus: number;
  firstMs: number;
  bytes: number;
  requests: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  unexpected: number;
  errors: number;
  timeouts: number;
  rssPeakMb: number;
  /** The run's length (ms): what a route with no answer within it took at least. */
  durationMs: number;
  /** How long the server stayed busy after the run (the requests in flight when it ended). */
  drainSeconds: number;
}

/** Signs in as better-auth's form does; waits out its per-address rate limit (429) if need be. */
async function signIn(base: string, user: (typeof USERS)[keyof typeof USERS]): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${base}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base, connection: 'close' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    if (res.status === 429 && attempt < 10) {
      await res.arrayBuffer();
      const wait = Number(res.headers.get('x-retry-after') ?? '10');
      console.error(`Sign-in rate-limited (429): waiting ${wait} s`);
      await new Promise((r) => setTimeout(r, (Number.isFinite(wait) ? wait + 1 : 11) * 1000));
      continue;
    }
    if (!res.ok) throw new Error(`Signing in as ${user.email} failed: ${res.status} ${await res.text()}`);
    return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  }
}

/**
 * One GET on a connection of its own (no keep-alive): a pooled connection the busy server has
 * just timed out would fail with ECONNRESET.
 */
function getOnce(url: string, headers: Record<string, string>): Promise<{ status: number; etag: string | null; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.byteLength));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: (res.headers.etag as string | undefined) ?? null, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function measure(base: string, t: Target, cookies: Record<string, string>, sampler: RssSampler, duration: number, connections: number, pid: number): Promise<Row> {
  const headers: Record<string, string> = t.as ? { cookie: cookies[t.as]! } : {};
  const t0 = performance.now();
  const first = await getOnce(base + t.path, headers);
  const firstMs = performance.now() - t0;
  if (t.etag && first.etag) headers['if-none-match'] = first.etag;
  process.stderr.write(`${t.path} (first GET ${first.status} in ${fmt(firstMs)} ms) ... `);
  sampler.resetPhase();
  // autocannon.d.ts declares only part of autocannon's API: `timeout` (seconds, default 10) and
  // `requests.total` exist too.
  const opts: autocannon.Options & { timeout: number } = { url: base + t.path, connections, duration, headers, timeout: 60 };
  const r = (await autocannon(opts)) as autocannon.Result & { requests: autocannon.Stats & { total: number } };
  // The server goes on with the requests autocannon dropped at the end of its run: wait for it,
  // so that work is counted here (memory) and not in the next route's figures.
  const drainSeconds = await waitIdle(pid);
  const expected304 = t.etag ? (r.statusCodeStats['304']?.count ?? 0) : 0;
  const row: Row = {
    target: t,
    firstStatus: first.status,
    firstMs,
    bytes: first.bytes,
    requests: r.requests.total,
    reqPerSec: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    unexpected: r.non2xx - expected304,
    errors: r.errors,
    timeouts: r.timeouts,
    rssPeakMb: sampler.phaseMax / 1024,
    durationMs: duration * 1000,
    drainSeconds,
  };
  console.error(`${fmt(row.reqPerSec, 1)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, non-2xx ${row.unexpected}, errors ${row.errors}, RSS peak ${fmt(row.rssPeakMb)} MB, busy ${fmt(drainSeconds, 1)} s after the run`);
  return row;
}

/**
 * The smallest signed-in page (the users list: the session, the layout and one short query): what
 * any server-rendered dashboard page costs before it reads a figure. A route's p99 over this one's
 * is what its own data and markup add.
 */
const FLOOR = '/dashboard/users';

function routesTable(rows: Row[], baseline: { p99: number; reqPerSec: number }): string {
  const ratio = (a: number, b: number) => (b > 0 ? `${fmt(a / b, 1)}x` : 'n/a');
  const ms = (n: number) => fmt(n, n % 1 ? 1 : 0);
  const floor = rows.find((r) => r.target.path === FLOOR && r.requests > 0);
  const lines = [
    `| route | what | first GET (idle server) | req/s | p50 (ms) | p99 (ms) | p99 / static p99 | aim (dashboard p99 within 5x) | p99 / \`${FLOOR}\` p99 | non-2xx | errors | requests answered | server busy after the run (s) | server peak RSS (MB) |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    // No answer within the run: every request took longer than the run itself.
    const none = r.requests === 0;
    const x = none ? Infinity : baseline.p99 > 0 ? r.p99 / baseline.p99 : 0;
    const dash = r.target.side === 'dashboard' || r.target.side === 'download';
    const aim = !dash ? '' : x <= 5 ? 'met' : none ? '**missed (no answer within the run)**' : `**missed (${fmt(x, 0)}x)**`;
    const size = r.bytes < 1024 ? `${r.bytes} B` : `${fmt(r.bytes / 1024, 0)} KB`;
    const first = `${r.firstStatus}, ${fmt(r.firstMs)} ms, ${size}`;
    const p50 = none ? `> ${fmt(r.durationMs)}` : ms(r.p50);
    const p99 = none ? `> ${fmt(r.durationMs)}` : ms(r.p99);
    const times = none ? `> ${ratio(r.durationMs, baseline.p99)}` : ratio(r.p99, baseline.p99);
    const overFloor = !dash || !floor ? '' : none ? `> ${ratio(r.durationMs, floor.p99)}` : ratio(r.p99, floor.p99);
    lines.push(
      `| \`${r.target.path}\` | ${r.target.note ?? r.target.side} | ${first} | ${fmt(r.reqPerSec, r.reqPerSec < 10 ? 1 : 0)} | ${p50} | ${p99} | ${times} | ${aim} | ${overFloor} | ${r.unexpected} | ${r.errors}${r.timeouts ? ` (${r.timeouts} timeouts)` : ''} | ${fmt(r.requests)} | ${fmt(r.drainSeconds, 1)} | ${fmt(r.rssPeakMb)} |`,
    );
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { options } = parseArgs(process.argv.slice(2));
  if (options.worker === 'template') return templateWorker(String(options.db), String(options.list));
  if (options.worker === 'ssda903') return ssdaWorker(String(options.db), String(options.dir), String(options.la));
  if (!IN_SNAPSHOT && options['no-snapshot'] !== true) {
    // The whole run (imports, build, server) in a private copy of the tree: see snapshot.ts.
    const snapshot = makeSnapshot();
    process.on('exit', () => snapshot.remove());
    console.error(`Running in a snapshot of ${snapshot.describe}: ${snapshot.dir}`);
    const argv = process.argv.slice(2).map((a, i, all) => (all[i - 1] === '--db' ? path.resolve(a) : a.startsWith('--db=') ? `--db=${path.resolve(a.slice(5))}` : a));
    const code = await runInSnapshot(snapshot, 'scripts/bench/national.ts', argv).done;
    process.exit(code);
  }

  const duration = positive(options.duration, 'duration', 10);
  const connections = positive(options.connections, 'connections', 10);
  const episodes = positive(options.episodes, 'episodes', 1_000_000);
  const jobs = positive(options.jobs, 'jobs', 2);
  const councils = options.councils === undefined ? null : positive(options.councils, 'councils', 153);
  const keep = options.keep === true;
  const routeFilter = typeof options.routes === 'string' ? new RegExp(options.routes) : null;
  const loadStart = os.loadavg();
  const started = new Date();

  let dir: string | null = null;
  let dbFile: string;
  let build: BuildStep[] = [];
  if (typeof options.db === 'string') {
    dbFile = path.resolve(options.db);
    if (!fs.existsSync(dbFile)) throw new Error(`--db ${dbFile} does not exist`);
    console.error(`Reusing the national database ${dbFile} (not rebuilt)`);
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sufficiency-bench-national-'));
    dbFile = path.join(dir, 'national.db');
    const removeDir = () => {
      if (dir && !keep) fs.rmSync(dir, { recursive: true, force: true });
    };
    process.on('exit', removeDir);
    console.error(`Building the national database in ${dir}`);
    build = await buildNational(dir, dbFile, { episodes, jobs, councils });
  }
  const loadAfterBuild = os.loadavg();

  // Ids the routes need.
  const db = openDatabase(dbFile);
  const one = <T>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args) as T | undefined;
  const ids = {
    priority: one<{ id: number }>('SELECT id FROM priorities WHERE la_code = ? ORDER BY id LIMIT 1', LA)?.id ?? 1,
    ssdaImport: one<{ id: number }>("SELECT id FROM imports WHERE kind LIKE 'ssda903%' ORDER BY id DESC LIMIT 1")?.id ?? 1,
    templateImport: one<{ id: number }>("SELECT id FROM imports WHERE kind = 'sufficiency_template' AND file_name LIKE ? ORDER BY id DESC LIMIT 1", `%${LA}%`)?.id ?? 1,
  };
  const counts = {
    figures: one<{ n: number }>('SELECT count(*) AS n FROM figures')?.n ?? 0,
    sets: one<{ n: number }>('SELECT count(*) AS n FROM figure_sets')?.n ?? 0,
    episodes: one<{ n: number }>('SELECT count(*) AS n FROM ssda903_episodes')?.n ?? 0,
  };
  db.$client.close();
  const dbBytes = fs.statSync(dbFile).size;

  ensureBuild();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  console.error(`Starting the server on 127.0.0.1:${port}`);
  await startServer(port, dbFile, { SUFFICIENCY_NO_DEMO: '1' });
  const cookies: Record<string, string> = {
    commissioner: await signIn(base, USERS.commissioner),
    admin: await signIn(base, USERS.admin),
  };
  const pid = serverPid();
  if (!pid) throw new Error('The server is not running');
  const sampler = new RssSampler(pid);
  sampler.start();
  await waitIdle(pid);
  const idle = new Map(sampler.peak);

  console.error(`\nautocannon: ${connections} connections, ${duration} s per route, loopback`);
  const all = targets(ids).filter((t) => !routeFilter || routeFilter.test(t.path));
  const staticTarget: Target = { path: STATIC, side: 'static', note: 'static file' };
  const loadBeforeLoad = os.loadavg();
  const before = await measure(base, { ...staticTarget, note: 'static file, first run' }, cookies, sampler, duration, connections, pid);
  const rows: Row[] = [];
  for (const t of all) rows.push(await measure(base, t, cookies, sampler, duration, connections, pid));
  const after = await measure(base, { ...staticTarget, note: 'static file, last run' }, cookies, sampler, duration, connections, pid);
  sampler.stop();
  const server = sampler.main();
  await stopServer();
  const loadEnd = os.loadavg();

  const baseline = { p99: (before.p99 + after.p99) / 2, reqPerSec: (before.reqPerSec + after.reqPerSec) / 2 };
  const dash = rows.filter((r) => r.target.side === 'dashboard' || r.target.side === 'download');
  const missed = dash.filter((r) => r.requests === 0 || r.p99 > 5 * baseline.p99);

  const cpus = os.cpus();
  console.log('\n## National-scale benchmark (scripts/bench/national.ts)\n');
  console.log(`- Date: ${started.toUTCString()}`);
  console.log(`- Machine: ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${fmt(os.totalmem() / 2 ** 30, 1)} GiB memory, ${os.platform()} ${os.release()}; Node ${process.version}`);
  console.log(
    `- Load average (1 min): ${fmt(loadStart[0]!, 2)} at the start, ${fmt(loadAfterBuild[0]!, 2)} after the build, ${fmt(loadBeforeLoad[0]!, 2)} before the load, ${fmt(loadEnd[0]!, 2)} at the end`,
  );
  console.log(`- Command: \`${['npx tsx scripts/bench/national.ts', ...process.argv.slice(2)].join(' ')}\`; code: ${codeDescription()}`);
  console.log(
    `- Database: ${fmt(counts.figures)} figures in ${fmt(counts.sets)} figure sets, ${fmt(counts.episodes)} SSDA903 episodes; ${fmt(mb(dbBytes))} MB`,
  );
  console.log(`- Load: autocannon, ${connections} connections, ${duration} s per route, loopback, on the same machine as the server; council ${LA} (Birmingham), period ${PERIOD}`);
  if (build.length > 0) {
    console.log('\nBuilding the national database:\n');
    console.log('| step | time (s) | detail |\n| --- | ---: | --- |');
    for (const b of build) console.log(`| ${b.step} | ${fmt(b.seconds, 1)} | ${b.detail} |`);
  }
  console.log(`\nRoutes (static baseline: mean of the first and last static runs, p99 ${fmt(baseline.p99, 1)} ms, ${fmt(baseline.reqPerSec)} req/s):\n`);
  console.log(routesTable([before, after, ...rows], baseline));
  console.log('\nServer memory under the load (VmRSS sampled every 100 ms):\n');
  console.log('| process | idle after start (MB) | peak during the load (MB) | VmHWM at the end (MB) | samples |\n| --- | ---: | ---: | ---: | ---: |');
  if (server) {
    console.log(
      `| \`${server.command}\` (pid ${server.pid}) | ${idle.has(server.pid) ? fmt(idle.get(server.pid)! / 1024) : 'n/a'} | ${fmt(server.peakKb / 1024)} | ${server.hwmKb !== null ? fmt(server.hwmKb / 1024) : 'n/a'} | ${fmt(sampler.samples)} |`,
    );
  }
  const floor = rows.find((r) => r.target.path === FLOOR && r.requests > 0);
  if (floor) {
    const heavy = dash.filter((r) => r !== floor && (r.requests === 0 || r.p99 > 2 * floor.p99));
    console.log(
      `\nThe smallest signed-in page (\`${FLOOR}\`) has p99 ${fmt(floor.p99)} ms, ${fmt(floor.p99 / baseline.p99, 1)}x the static file's: the cost of any server-rendered page with a session, before its own data. ${heavy.length === 0 ? 'Every other dashboard and download route is within 2x of it.' : `${dash.length - 1 - heavy.length} of ${dash.length - 1} other dashboard and download routes are within 2x of it; over 2x: ${heavy.map((r) => `\`${r.target.path}\` ${r.requests === 0 ? 'no answer' : `${fmt(r.p99 / floor.p99, 1)}x`}`).join(', ')}.`}`,
    );
  }
  console.log(
    `\n${missed.length === 0 ? 'Every dashboard and download route is within 5x of the static p99.' : `${missed.length} of ${dash.length} dashboard and download routes miss the aim (p99 within 5x of the static file's): ${missed.map((r) => `\`${r.target.path}\` ${r.requests === 0 ? `no answer within ${duration} s` : `${fmt(r.p99 / baseline.p99, 0)}x`}`).join(', ')}.`}`,
  );
  // Where the time goes: the query functions behind the slow routes, timed on the same database.
  if (options['no-queries'] !== true) {
    console.error('\nTiming the queries behind the slow routes (national-queries.ts) ...');
    // Its tables go to our stdout, after ours.
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(TSX, ['scripts/bench/national-queries.ts', '--db', dbFile, '--la', LA, '--period', PERIOD], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
      child.on('error', () => resolve(null));
      child.on('exit', (c) => resolve(c));
    });
    if (code !== 0) console.error(`national-queries.ts failed (exit ${code ?? 'error'})`);
  }
  if (dir && keep) console.error(`\nKept ${dir} (rerun the load alone with --db ${dbFile})`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  if (e instanceof Error && e.cause) console.error('cause:', e.cause);
  cleanup();
  process.exit(1);
});
