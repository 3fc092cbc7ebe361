/**
 * Benchmark of the SSDA903 import and derivation (not a test).
 *
 *   npx tsx scripts/bench/import-ssda903.ts [--episodes 1000000] [--keep]
 *
 * Generates a national-scale synthetic return (scripts/generate-ssda903.ts: one year, about
 * --episodes episodes with matching header and UASC rows), imports it through the real path
 * (openDatabase + importSsda903 over fileChunks) in a fresh child process so its memory is its
 * own, timing the import (read, check, store) and the derivation of the figures separately, and
 * loads the same three CSVs with the sqlite3 shell's `.import` in the same run as the baseline.
 * Prints a markdown table. Run from the repository root.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/client';
import { importSsda903 } from '../../db/imports/ssda903';
import { fileChunks } from '../../lib/csv/read';

const SQLITE3 = '/usr/bin/sqlite3';
const TABLES = ['header', 'episodes', 'uasc'] as const;
const mb = (bytes: number) => bytes / (1024 * 1024);

interface ChildResult {
  seconds: number;
  importSeconds: number;
  deriveSeconds: number;
  maxRssMb: number;
  status: string;
  episodes: number;
  children: number;
  errors: string[];
}

/** Runs in the child: one import into a fresh database, phase times from the progress callbacks. */
async function child(dir: string, dbFile: string): Promise<void> {
  const db = openDatabase(dbFile);
  const t0 = performance.now();
  let deriveStart = 0;
  const r = await importSsda903(db.$client, {
    laCode: 'E06000004',
    files: TABLES.map((t) => ({ fileName: `${t}.csv`, chunks: fileChunks(path.join(dir, `${t}.csv`)), totalBytes: fs.statSync(path.join(dir, `${t}.csv`)).size })),
    source: 'cli',
    onProgress: (p) => {
      if (p.phase === 'deriving' && deriveStart === 0) deriveStart = performance.now();
    },
  });
  const t1 = performance.now();
  const out: ChildResult = {
    seconds: (t1 - t0) / 1000,
    importSeconds: ((deriveStart || t1) - t0) / 1000,
    deriveSeconds: deriveStart ? (t1 - deriveStart) / 1000 : 0,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    status: r.status,
    episodes: r.returns[0]?.episodes ?? 0,
    children: r.returns[0]?.children ?? 0,
    errors: r.errors.slice(0, 5).map((e) => `${e.file} row ${e.row}: ${e.message}`),
  };
  db.$client.close();
  console.log(JSON.stringify(out));
}

/** The same three CSVs into a fresh database with the sqlite3 shell (columns as TEXT, WAL). */
function sqliteShell(dir: string, dbFile: string): number {
  const script = [
    'PRAGMA journal_mode=WAL;',
    'PRAGMA synchronous=NORMAL;',
    '.mode csv',
    ...TABLES.map((t) => `.import --skip 1 ${path.join(dir, `${t}.csv`)} ${t}_baseline`),
  ].join('\n');
  const create = [
    'CREATE TABLE header_baseline (CHILD TEXT, SEX TEXT, DOB TEXT, ETHNIC TEXT, UPN TEXT, MOTHER TEXT, MC_DOB TEXT);',
    'CREATE TABLE episodes_baseline (CHILD TEXT, DECOM TEXT, RNE TEXT, LS TEXT, CIN TEXT, PLACE TEXT, PLACE_PROVIDER TEXT, DEC TEXT, REC TEXT, REASON_PLACE_CHANGE TEXT, HOME_POST TEXT, PL_POST TEXT, URN TEXT);',
    'CREATE TABLE uasc_baseline (CHILD TEXT, SEX TEXT, DOB TEXT, DUC TEXT);',
  ].join('\n');
  const t0 = performance.now();
  const r = spawnSync(SQLITE3, [dbFile], { input: `${create}\n${script}\n`, encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
  return seconds;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const childDir = value('--child');
  if (childDir) return child(childDir, value('--db')!);

  const episodes = Number((value('--episodes') ?? '1000000').replace(/_/g, ''));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ssda903-bench-'));
  const dir = path.join(tmp, 'return');
  try {
    console.error(`Generating a national-scale return of about ${episodes.toLocaleString('en-GB')} episodes in ${dir} ...`);
    const g = spawnSync('npx', ['tsx', 'scripts/generate-ssda903.ts', '--episodes', String(episodes), '--out', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (g.status !== 0) throw new Error('the generator failed');
    const bytes = TABLES.reduce((n, t) => n + fs.statSync(path.join(dir, `${t}.csv`)).size, 0);

    console.error('Importing through the real path (child process) ...');
    const c = spawnSync('npx', ['tsx', 'scripts/bench/import-ssda903.ts', '--child', dir, '--db', path.join(tmp, 'ours.db')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (c.status !== 0) throw new Error(`the import failed: ${c.stderr}`);
    const ours = JSON.parse(c.stdout.trim().split('\n').pop()!) as ChildResult;
    if (ours.status !== 'stored') throw new Error(`the import was ${ours.status}: ${ours.errors.join('; ')}`);

    console.error('Loading the same files with the sqlite3 shell ...');
    const shell = sqliteShell(dir, path.join(tmp, 'shell.db'));

    const rows: [string, string][] = [
      ['Machine', `${os.cpus().length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB, node ${process.version}`],
      ['Return', `${ours.episodes.toLocaleString('en-GB')} episodes, ${ours.children.toLocaleString('en-GB')} children, ${mb(bytes).toFixed(1)} MB of CSV`],
      ['Import (read, check, store in one transaction)', `${ours.importSeconds.toFixed(2)} s (${Math.round(ours.episodes / ours.importSeconds).toLocaleString('en-GB')} episodes/s)`],
      ['Derivation of the figures (both views)', `${ours.deriveSeconds.toFixed(2)} s`],
      ['sqlite3 shell .import of the same CSVs', `${shell.toFixed(2)} s`],
      ['Import / shell', `${(ours.importSeconds / shell).toFixed(2)}x (aim: within 2x)`],
      ['Derivation / import', `${(ours.deriveSeconds / ours.importSeconds).toFixed(2)} (aim: under 1)`],
      ['Peak memory of the import process (maxrss)', `${ours.maxRssMb.toFixed(0)} MB`],
    ];
    console.log('\n| SSDA903 benchmark | result |\n| --- | --- |');
    for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  } finally {
    if (!argv.includes('--keep')) fs.rmSync(tmp, { recursive: true, force: true });
    else console.error(`Kept ${tmp}`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
