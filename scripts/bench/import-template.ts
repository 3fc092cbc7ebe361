/**
 * Benchmark of the sufficiency template import (not a test).
 *
 *   npx tsx scripts/bench/import-template.ts [--rows 1000000] [--small 100000] [--keep]
 *   npm run bench
 *
 * For a small and a large size it generates a valid template file, imports it through the
 * real path (openDatabase + importTemplate over fileChunks) in a fresh child process, so the
 * memory figures of each size are its own, and loads the same file with the sqlite3 shell's
 * `.import` as a baseline. Prints a markdown table at the end. Run from the repository root.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/client';
import type { ImportProgress } from '../../db/imports/pipeline';
import { importTemplate } from '../../db/imports/template';
import { fileChunks } from '../../lib/csv/read';
import { generateTemplate } from './templateFile';

const SQLITE3 = '/usr/bin/sqlite3';
const SAMPLE_MS = 50;
const BASELINE_TABLE = 'figures_baseline';
const BASELINE_SHAPE =
  'a rowid table of the 9 CSV columns (value as TEXT) with PRIMARY KEY (la_code, period_end, measure, setting, provision, age_band, need), WAL, synchronous=NORMAL';

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

interface Args {
  rows: number;
  small: number;
  keep: boolean;
  child: { file: string; rows: number } | null;
}

function parseArgs(argv: string[]): Args {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const num = (name: string, dflt: number): number => {
    const v = value(name);
    if (v === undefined) return dflt;
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, not "${v}"`);
    return n;
  };
  const rows = num('--rows', 1_000_000);
  const childFile = value('--child');
  return {
    rows,
    small: Math.min(num('--small', 100_000), rows),
    keep: argv.includes('--keep'),
    child: childFile ? { file: childFile, rows } : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Our import (runs in a child process of its own)
// ---------------------------------------------------------------------------------------------

interface OursResult {
  rows: number;
  seconds: number;
  rssBeforeMb: number;
  peakRssSampledMb: number;
  maxRssMb: number;
  heapUsedAfterMb: number;
  phases: Record<string, number>;
}

const mb = (bytes: number) => bytes / (1024 * 1024);

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

async function runOurs(file: string, expectedRows: number): Promise<OursResult> {
  const dbFile = `${file}.db`;
  const db = openDatabase(dbFile);
  const rssBefore = process.memoryUsage().rss;
  const stopSampler = startRssSampler();
  const phaseStart: Record<string, number> = {};
  const t0 = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - t0) / 1e9;
  const result = await importTemplate(db.$client, {
    fileName: path.basename(file),
    source: 'cli',
    chunks: fileChunks(file),
    onProgress: (p: ImportProgress) => {
      if (phaseStart[p.phase] === undefined) phaseStart[p.phase] = elapsed();
    },
  });
  const seconds = elapsed();
  const peak = stopSampler();
  if (result.status !== 'stored' || result.rows !== expectedRows) {
    throw new Error(
      `Expected ${expectedRows} rows stored, got status ${result.status} with ${result.rows} rows and ${result.errorCount} errors: ${JSON.stringify(result.errors.slice(0, 3))}`,
    );
  }
  const stored = (db.$client.prepare('SELECT count(*) AS n FROM figures').get() as { n: number }).n;
  if (stored !== expectedRows) throw new Error(`Expected ${expectedRows} figures in the database, found ${stored}`);
  db.$client.close();
  return {
    rows: result.rows,
    seconds,
    rssBeforeMb: mb(rssBefore),
    peakRssSampledMb: mb(peak),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    heapUsedAfterMb: mb(process.memoryUsage().heapUsed),
    phases: phaseDurations(phaseStart, seconds),
  };
}

/** Seconds spent in each phase: reading (parse + validate + stage), checking (across rows), storing. */
function phaseDurations(start: Record<string, number>, total: number): Record<string, number> {
  const order = ['reading', 'checking', 'storing', 'done'];
  const seen = order.filter((p) => start[p] !== undefined);
  const out: Record<string, number> = {};
  // Before the first progress report the file is already being read.
  const first = seen[0];
  if (first && first !== 'reading') out.reading = start[first]!;
  seen.forEach((p, i) => {
    if (p === 'done') return;
    const from = p === 'reading' ? 0 : start[p]!;
    const to = i + 1 < seen.length ? start[seen[i + 1]!]! : total;
    out[p] = to - from;
  });
  return out;
}

const RESULT_PREFIX = 'BENCH_RESULT ';

async function childMain(file: string, rows: number): Promise<void> {
  const r = await runOurs(file, rows);
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(r)}\n`);
}

/** Runs our import in a fresh Node process (same tsx loader), so peak memory is per size. */
function runOursInChild(file: string, rows: number): OursResult {
  const script = process.argv[1]!;
  const child = spawnSync(process.execPath, [...process.execArgv, script, '--child', file, '--rows', String(rows)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (child.status !== 0 || !line) {
    throw new Error(`The import child failed (exit ${child.status}):\n${child.stderr}\n${child.stdout}`);
  }
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as OursResult;
}

// ---------------------------------------------------------------------------------------------
// Baseline: the sqlite3 shell's .import
// ---------------------------------------------------------------------------------------------

interface BaselineResult {
  rows: number;
  seconds: number;
}

function sqlite3Available(): boolean {
  return spawnSync(SQLITE3, ['-version'], { encoding: 'utf8' }).status === 0;
}

function runBaseline(file: string): BaselineResult {
  const dbFile = `${file}.baseline.db`;
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
  const setup = [
    'PRAGMA journal_mode = WAL;',
    'PRAGMA synchronous = NORMAL;',
    `CREATE TABLE ${BASELINE_TABLE} (period_end TEXT NOT NULL, la_code TEXT NOT NULL, la_name TEXT,`,
    '  setting TEXT NOT NULL, provision TEXT NOT NULL, age_band TEXT NOT NULL, need TEXT NOT NULL,',
    '  measure TEXT NOT NULL, value TEXT,',
    '  PRIMARY KEY (la_code, period_end, measure, setting, provision, age_band, need));',
  ].join('\n');
  const prep = spawnSync(SQLITE3, [dbFile], { input: setup, encoding: 'utf8' });
  if (prep.status !== 0) throw new Error(`sqlite3 setup failed: ${prep.stderr}`);

  const t0 = process.hrtime.bigint();
  const load = spawnSync(SQLITE3, ['-bail', dbFile], {
    input: `PRAGMA synchronous = NORMAL;\n.import --csv --skip 1 ${file} ${BASELINE_TABLE}\n`,
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (load.status !== 0 || load.stderr.trim()) throw new Error(`sqlite3 .import failed: ${load.stderr}`);

  const counted = spawnSync(SQLITE3, [dbFile, `SELECT count(*) FROM ${BASELINE_TABLE};`], { encoding: 'utf8' });
  return { rows: Number(counted.stdout.trim()), seconds };
}

// ---------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------

interface SizeResult {
  rows: number;
  fileBytes: number;
  groups: number;
  ours: OursResult;
  baseline: BaselineResult | null;
}

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-GB');
const fmt1 = (n: number) => n.toFixed(1);

function markdownTable(results: SizeResult[]): string {
  const head = [
    'rows',
    'file',
    'sets',
    'ours: time',
    'ours: rows/s',
    'sqlite3 .import: time',
    'sqlite3: rows/s',
    'ratio (ours / sqlite3)',
    'RSS before',
    'peak RSS (50 ms samples)',
    'peak RSS (maxrss)',
  ];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const r of results) {
    const b = r.baseline;
    lines.push(
      `| ${[
        fmtInt(r.rows),
        `${fmt1(mb(r.fileBytes))} MB`,
        fmtInt(r.groups),
        `${r.ours.seconds.toFixed(2)} s`,
        fmtInt(r.rows / r.ours.seconds),
        b ? `${b.seconds.toFixed(2)} s` : 'skipped',
        b ? fmtInt(b.rows / b.seconds) : '-',
        b ? `${(r.ours.seconds / b.seconds).toFixed(2)}x` : '-',
        `${fmt1(r.ours.rssBeforeMb)} MB`,
        `${fmt1(r.ours.peakRssSampledMb)} MB`,
        `${fmt1(r.ours.maxRssMb)} MB`,
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

function phaseTable(results: SizeResult[]): string {
  const names = ['reading', 'checking', 'storing'];
  const lines = [
    `| rows | ${names.map((n) => `${n} (s)`).join(' | ')} | total (s) |`,
    `| --- | ${names.map(() => '---').join(' | ')} | --- |`,
  ];
  for (const r of results) {
    const cells = names.map((n) => {
      const s = r.ours.phases[n];
      return s === undefined ? '-' : `${s.toFixed(2)} (${Math.round((100 * s) / r.ours.seconds)}%)`;
    });
    lines.push(`| ${fmtInt(r.rows)} | ${cells.join(' | ')} | ${r.ours.seconds.toFixed(2)} |`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function benchSize(dir: string, rows: number, withBaseline: boolean): Promise<SizeResult> {
  const file = path.join(dir, `template-${rows}.csv`);
  console.log(`\n## ${fmtInt(rows)} rows`);
  const gen = await generateTemplate(file, rows);
  console.log(`generated ${file}: ${fmt1(mb(gen.bytes))} MB (${fmtInt(gen.bytes)} bytes), ${fmtInt(gen.groups)} (la_code, period_end) sets`);

  const ours = runOursInChild(file, rows);
  console.log(
    `ours:    ${ours.seconds.toFixed(2)} s, ${fmtInt(rows / ours.seconds)} rows/s; RSS before ${fmt1(ours.rssBeforeMb)} MB, ` +
      `peak ${fmt1(ours.peakRssSampledMb)} MB sampled, ${fmt1(ours.maxRssMb)} MB maxrss`,
  );
  let baseline: BaselineResult | null = null;
  if (withBaseline) {
    baseline = runBaseline(file);
    if (baseline.rows !== rows) throw new Error(`sqlite3 loaded ${baseline.rows} rows, expected ${rows}`);
    console.log(
      `sqlite3: ${baseline.seconds.toFixed(2)} s, ${fmtInt(rows / baseline.seconds)} rows/s; ` +
        `ratio ours/sqlite3 ${(ours.seconds / baseline.seconds).toFixed(2)}x`,
    );
  }
  return { rows, fileBytes: gen.bytes, groups: gen.groups, ours, baseline };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) return childMain(args.child.file, args.child.rows);

  const withBaseline = sqlite3Available();
  if (!withBaseline) {
    console.log(`sqlite3 shell not found at ${SQLITE3}: install it with "apt-get install -y sqlite3". Skipping the baseline.`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sufficiency-bench-'));
  console.log(`# Template import benchmark\n\ntemp directory: ${dir}`);
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, ${fmt1(os.totalmem() / 1024 ** 3)} GB RAM`);
  if (withBaseline) console.log(`baseline: sqlite3 shell .import --csv --skip 1 into ${BASELINE_SHAPE}`);

  try {
    const sizes = args.small < args.rows ? [args.small, args.rows] : [args.rows];
    const results: SizeResult[] = [];
    for (const rows of sizes) results.push(await benchSize(dir, rows, withBaseline));

    console.log('\n## Results\n');
    console.log(markdownTable(results));
    console.log('\nWhere our time goes (phases reported through onProgress):\n');
    console.log(phaseTable(results));
    if (results.length > 1) {
      const [a, b] = [results[0]!, results[results.length - 1]!];
      console.log(
        `\nPeak RSS ${fmt1(a.ours.maxRssMb)} MB at ${fmtInt(a.rows)} rows vs ${fmt1(b.ours.maxRssMb)} MB at ${fmtInt(b.rows)} rows ` +
          `(${(b.rows / a.rows).toFixed(0)}x the rows, ${(b.ours.maxRssMb / a.ours.maxRssMb).toFixed(2)}x the memory).`,
      );
    }
  } finally {
    if (args.keep) console.log(`\nkept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
