/**
 * Benchmark of the EES (Explore Education Statistics) import and of the benchmarks page's
 * computation (prints figures; not a test).
 *
 *   npx tsx scripts/bench/ees.ts [--runs 3] [--keep]
 *
 * 1. Imports the DfE characteristics file (56,925 rows) into a fresh temp database through the
 *    real path (openDatabase + importEes over fileChunks), in a fresh child process per run so
 *    each run's peak memory is its own, and loads the same file with the sqlite3 shell's
 *    `.import` into a table of the file's 14 columns as a baseline, run after run (interleaved,
 *    since the machine is shared).
 * 2. With both EES reference files imported, calls getCouncilBenchmarks (every measure, as the
 *    page does by default) and listEesCouncils for every council with EES data, timing each call,
 *    against `SELECT 1` and a plain read of the council's ees_values rows through the same
 *    connection, interleaved call by call.
 * Prints markdown tables at the end. Run from the repository root.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { openDatabase } from '../../db/client';
import { importEes } from '../../db/imports/ees';
import type { ImportProgress } from '../../db/imports/pipeline';
import { getCouncilBenchmarks, listEesCouncils, listMeasureData } from '../../db/queries/benchmarks';
import { BENCHMARK_MEASURES } from '../../lib/benchmarks';
import { fileChunks } from '../../lib/csv/read';
import { parseArgs } from '../cli';

const SQLITE3 = '/usr/bin/sqlite3';
const SAMPLE_MS = 50;
const DIR = path.join(process.cwd(), 'data', 'reference', 'ees');
const CHARACTERISTICS = 'la_cla_on_31_march_by_characteristics_2021_2025_reconstructed.csv';
const RATE = 'cla_number_and_rate_per_10k_children.csv';
const EXPECTED_ROWS = 56_925;
const EXPECTED_COUNCILS = 153;
const BASELINE_TABLE = 'ees_baseline';
const BASELINE_SHAPE = "a rowid table of the file's 14 columns (all TEXT, no key, no index), WAL, synchronous=NORMAL";

const RESULT_PREFIX = 'BENCH_RESULT ';
const mb = (bytes: number) => bytes / (1024 * 1024);
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const fmtInt = (n: number) => Math.round(n).toLocaleString('en-GB');
const fmt = (n: number, digits: number) =>
  n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (a: number, b: number) => (b > 0 ? `${fmt(a / b, a / b >= 100 ? 0 : a / b >= 1 ? 1 : 2)}x` : 'n/a');

function positive(value: string | true | undefined, name: string, dflt: number): number {
  if (value === undefined) return dflt;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, not "${String(value)}"`);
  return n;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

// ---------------------------------------------------------------------------------------------
// 1. Import: ours (in a child process of its own) and the sqlite3 shell
// ---------------------------------------------------------------------------------------------

interface OursImport {
  rows: number;
  values: number;
  seconds: number;
  phases: Record<string, number>;
  rssBeforeMb: number;
  peakRssSampledMb: number;
  maxRssMb: number;
}

/** Samples RSS every 50 ms; the timer cannot fire inside long synchronous steps, so getrusage's maxrss is reported too. */
function startRssSampler(): () => number {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, SAMPLE_MS);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss);
  };
}

async function importOnce(file: string, dbFile: string): Promise<OursImport> {
  const db = openDatabase(dbFile);
  const rssBefore = process.memoryUsage().rss;
  const stopSampler = startRssSampler();
  const phaseStart: Record<string, number> = {};
  const t0 = process.hrtime.bigint();
  const result = await importEes(db.$client, {
    fileName: path.basename(file),
    source: 'cli',
    chunks: fileChunks(file),
    onProgress: (p: ImportProgress) => {
      phaseStart[p.phase] ??= seconds(t0);
    },
  });
  const total = seconds(t0);
  const peak = stopSampler();
  if (result.status !== 'stored' || result.rows !== EXPECTED_ROWS) {
    throw new Error(
      `Expected ${EXPECTED_ROWS} rows stored, got status ${result.status} with ${result.rows} rows and ${result.errorCount} errors: ${JSON.stringify(result.errors.slice(0, 3))}`,
    );
  }
  const stored = (db.$client.prepare('SELECT count(*) AS n FROM ees_values').get() as { n: number }).n;
  if (stored !== result.values) throw new Error(`Expected ${result.values} values in ees_values, found ${stored}`);
  db.$client.close();
  // Reading runs from the start (its first report comes after 256 KB), checking and storing from their first report.
  const at = (p: string) => phaseStart[p] ?? total;
  return {
    rows: result.rows,
    values: result.values,
    seconds: total,
    phases: { reading: at('checking'), checking: at('storing') - at('checking'), storing: total - at('storing') },
    rssBeforeMb: mb(rssBefore),
    peakRssSampledMb: mb(peak),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function importInChild(file: string, dbFile: string): OursImport {
  const script = process.argv[1]!;
  const child = spawnSync(process.execPath, [...process.execArgv, script, '--child', file, '--db', dbFile], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (child.status !== 0 || !line) throw new Error(`The import child failed (exit ${child.status}):\n${child.stderr}\n${child.stdout}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as OursImport;
}

function sqlite3Version(): string | null {
  const r = spawnSync(SQLITE3, ['-version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().split(' ')[0]! : null;
}

/** The file's header: its first line, a UTF-8 byte-order mark dropped. */
function headerOf(file: string): string[] {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(64 * 1024);
  const n = fs.readSync(fd, buf, 0, buf.length, 0);
  fs.closeSync(fd);
  const first = buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0]!;
  return Papa.parse<string[]>(first).data[0] ?? [];
}

interface BaselineImport {
  rows: number;
  seconds: number;
}

/**
 * sqlite3 shell `.import --csv --skip 1` into a fresh database. `--skip 1` drops the header line,
 * byte-order mark included when the file has one, so the data rows load as they are.
 */
function baselineImport(file: string, dbFile: string, columns: readonly string[]): BaselineImport {
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
  const setup = [
    'PRAGMA journal_mode = WAL;',
    'PRAGMA synchronous = NORMAL;',
    `CREATE TABLE ${BASELINE_TABLE} (${columns.map((c) => `"${c.replace(/"/g, '""')}" TEXT`).join(', ')});`,
  ].join('\n');
  const prep = spawnSync(SQLITE3, [dbFile], { input: setup, encoding: 'utf8' });
  if (prep.status !== 0) throw new Error(`sqlite3 setup failed: ${prep.stderr}`);
  const t0 = process.hrtime.bigint();
  const load = spawnSync(SQLITE3, ['-bail', dbFile], {
    input: `PRAGMA synchronous = NORMAL;\n.import --csv --skip 1 ${file} ${BASELINE_TABLE}\n`,
    encoding: 'utf8',
  });
  const secs = seconds(t0);
  if (load.status !== 0 || load.stderr.trim()) throw new Error(`sqlite3 .import failed: ${load.stderr}`);
  const counted = spawnSync(SQLITE3, [dbFile, `SELECT count(*) FROM ${BASELINE_TABLE};`], { encoding: 'utf8' });
  const rows = Number(counted.stdout.trim());
  if (rows !== EXPECTED_ROWS) throw new Error(`sqlite3 loaded ${rows} rows, expected ${EXPECTED_ROWS}`);
  return { rows, seconds: secs };
}

interface ImportRun {
  ours: OursImport;
  baseline: BaselineImport | null;
}

function benchImport(dir: string, runs: number, withBaseline: boolean): ImportRun[] {
  const file = path.join(DIR, CHARACTERISTICS);
  const columns = headerOf(file);
  if (columns.length !== 14) throw new Error(`Expected 14 columns in ${CHARACTERISTICS}, found ${columns.length}`);
  console.log(`\n## 1. Import of ${CHARACTERISTICS} (${fmt(mb(fs.statSync(file).size), 1)} MB)\n`);
  const out: ImportRun[] = [];
  for (let i = 1; i <= runs; i++) {
    const ours = importInChild(file, path.join(dir, `ours-${i}.db`));
    const baseline = withBaseline ? baselineImport(file, path.join(dir, `baseline-${i}.db`), columns) : null;
    console.log(
      `run ${i}: ours ${fmt(ours.seconds, 3)} s (${fmtInt(ours.rows / ours.seconds)} rows/s, ${fmtInt(ours.values / ours.seconds)} values/s, ` +
        `maxrss ${fmt(ours.maxRssMb, 1)} MB)` +
        (baseline ? `; sqlite3 ${fmt(baseline.seconds, 3)} s (${fmtInt(baseline.rows / baseline.seconds)} rows/s); ratio ${ratio(ours.seconds, baseline.seconds)}` : ''),
    );
    out.push({ ours, baseline });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 2. The benchmarks page's computation for every council
// ---------------------------------------------------------------------------------------------

interface Timings {
  label: string;
  ms: number[];
  /** The sum of each pass over every council. */
  passTotals: number[];
}

interface PageResult {
  councils: number;
  measures: number;
  tables: number;
  yearRows: number;
  measureRowsRead: number;
  councilRowsRead: number;
  importSeconds: number;
  timings: Timings[];
}

function timed<T>(f: () => T): { ms: number; value: T } {
  const t0 = process.hrtime.bigint();
  const value = f();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

async function benchPage(dir: string, runs: number): Promise<PageResult> {
  console.log(`\n## 2. Benchmarks page computation over every council\n`);
  const db = openDatabase(path.join(dir, 'page.db'));
  const t0 = process.hrtime.bigint();
  for (const f of [CHARACTERISTICS, RATE]) {
    const r = await importEes(db.$client, { fileName: f, source: 'cli', chunks: fileChunks(path.join(DIR, f)) });
    if (r.status !== 'stored') throw new Error(`${f}: ${r.status}, ${JSON.stringify(r.errors.slice(0, 3))}`);
    console.log(`imported ${f}: ${fmtInt(r.rows)} rows, ${fmtInt(r.values)} values, dataset ${r.dataset}`);
  }
  const importSeconds = seconds(t0);
  const sqlite = db.$client;

  const councils = listEesCouncils(db);
  if (councils.length !== EXPECTED_COUNCILS) throw new Error(`Expected ${EXPECTED_COUNCILS} councils with EES data, found ${councils.length}`);
  const ids = BENCHMARK_MEASURES.map((m) => m.id);
  const data = listMeasureData(db);
  const measureRowsRead = [...data.values()].reduce((s, d) => s + d.values.length + d.counts.length, 0);
  console.log(
    `${councils.length} councils x ${ids.length} measures (${ids.join(', ')}); listMeasureData reads ${fmtInt(measureRowsRead)} ees_values rows per call`,
  );

  // What the baselines run: the app's query functions prepare their statements on every call, so these do too.
  const selectOne = () => sqlite.prepare('SELECT 1 AS one').get();
  const councilRows = (code: string) => sqlite.prepare('SELECT * FROM ees_values WHERE area_code = ?').all(code);

  // One warm-up pass over a council (not counted): JIT, statement parsing, the page cache.
  getCouncilBenchmarks(db, councils[0]!.code, ids);
  listMeasureData(db);
  listEesCouncils(db);
  selectOne();
  councilRows(councils[0]!.code);

  const timings: Timings[] = [
    'getCouncilBenchmarks (8 measures)',
    'listMeasureData (the reads inside getCouncilBenchmarks)',
    'listEesCouncils',
    'page computation (listEesCouncils + getCouncilBenchmarks)',
    "plain read of the council's ees_values rows",
    'SELECT 1',
  ].map((label) => ({ label, ms: [], passTotals: [] }));
  const [bench, reads, list, page, plain, one] = timings as [Timings, Timings, Timings, Timings, Timings, Timings];
  let tables = 0;
  let yearRows = 0;
  let councilRowsRead = 0;
  for (let run = 1; run <= runs; run++) {
    const start = timings.map((t) => t.ms.length);
    for (const c of councils) {
      const b = timed(() => getCouncilBenchmarks(db, c.code, ids));
      const r = timed(() => listMeasureData(db));
      const l = timed(() => listEesCouncils(db));
      const p = timed(() => councilRows(c.code));
      const s = timed(selectOne);
      if (!b.value || b.value.tables.length !== ids.length) throw new Error(`${c.code}: expected ${ids.length} tables`);
      if (l.value.length !== councils.length) throw new Error('listEesCouncils changed between calls');
      if (run === 1) {
        tables += b.value.tables.length;
        yearRows += b.value.tables.reduce((sum, t) => sum + t.table.rows.length, 0);
        councilRowsRead += p.value.length;
      }
      bench.ms.push(b.ms);
      reads.ms.push(r.ms);
      list.ms.push(l.ms);
      page.ms.push(b.ms + l.ms);
      plain.ms.push(p.ms);
      one.ms.push(s.ms);
    }
    timings.forEach((t, i) => t.passTotals.push(t.ms.slice(start[i]).reduce((s, x) => s + x, 0)));
    console.log(
      `pass ${run}: getCouncilBenchmarks ${fmtInt(bench.passTotals.at(-1)!)} ms for ${councils.length} councils; ` +
        `plain reads ${fmt(plain.passTotals.at(-1)!, 1)} ms; SELECT 1 ${fmt(one.passTotals.at(-1)!, 2)} ms`,
    );
  }
  sqlite.close();
  return {
    councils: councils.length,
    measures: ids.length,
    tables,
    yearRows,
    measureRowsRead,
    councilRowsRead,
    importSeconds,
    timings,
  };
}

// ---------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------

function importTable(runs: readonly ImportRun[]): string {
  const head = [
    'run',
    'ours: time',
    'ours: rows/s',
    'ours: values/s',
    'ours: reading / checking / storing',
    'ours: peak RSS (maxrss)',
    'sqlite3 .import: time',
    'sqlite3: rows/s',
    'ratio (ours / sqlite3)',
  ];
  const lines = [`| ${head.join(' | ')} |`, `| --- | ${head.slice(1).map(() => '---:').join(' | ')} |`];
  const row = (label: string, o: OursImport, b: BaselineImport | null, r: number | null) =>
    `| ${[
      label,
      `${fmt(o.seconds, 3)} s`,
      fmtInt(o.rows / o.seconds),
      fmtInt(o.values / o.seconds),
      `${fmt(o.phases.reading!, 2)} / ${fmt(o.phases.checking!, 2)} / ${fmt(o.phases.storing!, 2)} s`,
      `${fmt(o.maxRssMb, 1)} MB`,
      b ? `${fmt(b.seconds, 3)} s` : 'skipped',
      b ? fmtInt(b.rows / b.seconds) : '-',
      r === null ? '-' : `${fmt(r, 1)}x`,
    ].join(' | ')} |`;
  runs.forEach((r, i) => lines.push(row(String(i + 1), r.ours, r.baseline, r.baseline ? r.ours.seconds / r.baseline.seconds : null)));
  if (runs.length > 1) {
    const o = runs.map((r) => r.ours);
    const med: OursImport = {
      ...o[0]!,
      seconds: median(o.map((x) => x.seconds)),
      phases: Object.fromEntries(['reading', 'checking', 'storing'].map((p) => [p, median(o.map((x) => x.phases[p]!))])),
      maxRssMb: median(o.map((x) => x.maxRssMb)),
    };
    const bs = runs.map((r) => r.baseline).filter((b): b is BaselineImport => b !== null);
    const b = bs.length === runs.length ? { rows: bs[0]!.rows, seconds: median(bs.map((x) => x.seconds)) } : null;
    const ratios = runs.filter((r) => r.baseline).map((r) => r.ours.seconds / r.baseline!.seconds);
    lines.push(row('**median**', med, b, ratios.length === runs.length ? median(ratios) : null));
  }
  return lines.join('\n');
}

function pageTable(p: PageResult): string {
  const one = p.timings.at(-1)!;
  const plain = p.timings.at(-2)!;
  const sorted = (t: Timings) => [...t.ms].sort((a, b) => a - b);
  const oneP50 = percentile(sorted(one), 50);
  const plainP50 = percentile(sorted(plain), 50);
  const ms = (x: number) => fmt(x, x < 1 ? 3 : x < 100 ? 2 : 1);
  const lines = [
    `| call (each timed ${fmtInt(one.ms.length)} times: ${p.councils} councils x ${one.passTotals.length} passes) | p50 (ms) | p99 (ms) | max (ms) | total per pass (ms, median) | p50 / SELECT 1 p50 | p50 / plain read p50 |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const t of p.timings) {
    const s = sorted(t);
    const p50 = percentile(s, 50);
    lines.push(
      `| ${t.label} | ${ms(p50)} | ${ms(percentile(s, 99))} | ${ms(s.at(-1)!)} | ${ms(median(t.passTotals))} | ${ratio(p50, oneP50)} | ${ratio(p50, plainP50)} |`,
    );
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { options } = parseArgs(process.argv.slice(2));
  if (typeof options.child === 'string' && typeof options.db === 'string') {
    const r = await importOnce(options.child, options.db);
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(r)}\n`);
    return;
  }
  const runs = positive(options.runs, 'runs', 3);
  const keep = options.keep === true;

  const shell = sqlite3Version();
  if (!shell) console.log(`sqlite3 shell not found at ${SQLITE3}: install it with "apt-get install -y sqlite3". Skipping the import baseline.`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sufficiency-bench-ees-'));
  const cpus = os.cpus();
  const machine =
    `${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${fmt(os.totalmem() / 2 ** 30, 1)} GiB memory, ` +
    `${os.platform()} ${os.release()}; Node ${process.version}; sqlite3 shell ${shell ?? 'not installed'}`;
  const loadBefore = os.loadavg();
  console.log(`# EES import and benchmarks page benchmark\n\ntemp directory: ${dir}\nruns: ${runs}`);
  if (shell) console.log(`import baseline: sqlite3 shell .import --csv --skip 1 into ${BASELINE_SHAPE}`);

  try {
    const imports = benchImport(dir, runs, shell !== null);
    const page = await benchPage(dir, runs);
    const loadAfter = os.loadavg();

    console.log('\n## Results\n');
    console.log(`- Date: ${new Date().toUTCString()}`);
    console.log(`- Machine: ${machine}`);
    console.log(
      `- Load average (1 min) ${fmt(loadBefore[0]!, 2)} at the start, ${fmt(loadAfter[0]!, 2)} at the end: the machine is shared, read the ratios`,
    );
    const o = imports[0]!.ours;
    console.log(
      `\nImport of ${CHARACTERISTICS}: ${fmtInt(o.rows)} rows, ${fmtInt(o.values)} values (row x indicator), a fresh database per run, ` +
        `runs: ${runs}, ours and sqlite3 interleaved; RSS before the import ${fmt(o.rssBeforeMb, 1)} MB (run 1).\n`,
    );
    console.log(importTable(imports));
    console.log(
      `\nBenchmarks page with both files imported (${fmt(page.importSeconds, 2)} s): ${page.councils} councils x ${page.measures} measures, ` +
        `${fmtInt(page.tables)} tables and ${fmtInt(page.yearRows)} year rows per pass; each getCouncilBenchmarks reads ` +
        `${fmtInt(page.measureRowsRead)} ees_values rows (listMeasureData); the plain reads return ${fmtInt(page.councilRowsRead / page.councils)} ` +
        `rows per council on average; no stored comparator groups (the default group is worked out on every call); ` +
        `one warm-up call each, not counted; calls interleaved council by council.\n`,
    );
    console.log(pageTable(page));
  } finally {
    if (keep) console.log(`\nkept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
