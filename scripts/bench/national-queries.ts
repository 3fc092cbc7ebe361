/**
 * Where the slow dashboard routes of the national benchmark spend their time (prints figures; not a test).
 *
 *   npx tsx scripts/bench/national-queries.ts --db FILE [--la E08000025] [--period 2024-03-31] [--runs 3]
 *
 * FILE is a national database kept by `scripts/bench/national.ts --keep`. In this process, with no
 * server, it times the query functions the slow routes call (the SQL read on its own, then the
 * whole function), counts the rows each reads, and prints SQLite's query plan of each read.
 * Read-only use: it opens the file as the app does (openDatabase) and writes nothing of its own.
 * national.ts runs it at the end of every run, on the database it built.
 */
import fs from 'node:fs';
import os from 'node:os';
import { openDatabase } from '../../db/client';
import { getFigures, listCouncilsWithFigures, listFigureSeries } from '../../db/queries/figures';
import { listCouncilHistory, listSetsWithHistory } from '../../db/queries/history';
import { listEvaluatedPriorities } from '../../db/queries/prioritiesView';
import { getBreakdowns, loadChildrenView, registerByUrn } from '../../db/queries/ssda903';
import { withTotals, type Figure } from '../../lib/figures';
import { TREND_SLICE } from '../../lib/overview';
import { parseArgs } from '../cli';

const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main(): Promise<void> {
  const { options } = parseArgs(process.argv.slice(2));
  if (typeof options.db !== 'string' || !fs.existsSync(options.db)) {
    console.error('Usage: npx tsx scripts/bench/national-queries.ts --db FILE (a database kept by national.ts --keep)');
    process.exit(2);
  }
  const la = typeof options.la === 'string' ? options.la : 'E08000025';
  const period = typeof options.period === 'string' ? options.period : '2024-03-31';
  const runs = Math.max(2, Number(options.runs ?? 4));
  const db = openDatabase(options.db);
  const sqlite = db.$client;

  const rows: string[] = [];
  const time = <T>(label: string, used: string, f: () => T, count: (t: T) => string, reps = runs): T => {
    let out!: T;
    const ts: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      out = f();
      ts.push(performance.now() - t0);
    }
    // The first call reads the database; the pages' reads are then kept (db/cache.ts), so the
    // later calls show what a request pays once the figures are kept.
    const [first, ...rest] = ts;
    rest.sort((a, b) => a - b);
    const later = rest.length ? fmt(rest[Math.floor(rest.length / 2)]!, rest[Math.floor(rest.length / 2)]! < 1 ? 3 : 1) : '';
    rows.push(`| ${label} | ${used} | ${fmt(first!, 1)} | ${later} | ${count(out)} |`);
    return out;
  };
  const len = (x: readonly unknown[]) => fmt(x.length);

  const set = sqlite.prepare("SELECT id FROM figure_sets WHERE la_code = ? AND period_end = ? AND is_current = 1 AND source = 'template'").get(la, period) as
    | { id: number }
    | undefined;
  if (!set) throw new Error(`No current template figures for ${la} ${period}`);
  const FIG = 'SELECT f.setting, f.provision, f.age_band AS ageBand, f.need, f.measure, f.value, f.symbol FROM figures f JOIN figure_sets s ON s.id = f.set_id';
  const SERIES = `${FIG.replace('SELECT', 'SELECT s.period_end AS periodEnd,')} WHERE s.la_code = ? AND s.is_current = 1 AND s.source = ?`;

  const stored = time('SQL: the figures of one set (the read inside getFigures)', '', () => sqlite.prepare(`${FIG} WHERE s.id = ?`).all(set.id) as Omit<Figure, 'derived'>[], len);
  time('withTotals over them (JavaScript)', '', () => withTotals(stored), (r) => `${len(r)} figures out`);
  time('getFigures(la, period)', 'overview, director (twice), gaps, downloads', () => getFigures(db, la, period) ?? [], len);
  time("getFigures(la, period, 'ssda903')", 'overview (SSDA903), children pages', () => getFigures(db, la, period, 'ssda903') ?? [], len);
  time('SQL: every current template figure of the council (the read inside listFigureSeries, no filter)', '', () => sqlite.prepare(SERIES).all(la, 'template'), len, 1);
  time('listFigureSeries(la), no filter', 'priority page and download, publishNeeds', () => listFigureSeries(db, la), (r) => `${len(r)} periods`);
  time('listEvaluatedPriorities(la) (listFigureSeries with no filter inside)', 'director, priorities', () => listEvaluatedPriorities(db, la), (r) => `${len(r)} priorities`);
  time('listFigureSeries(la, TREND_SLICE)', 'overview, director, download', () => listFigureSeries(db, la, TREND_SLICE), (r) => `${len(r)} periods`);
  time('listCouncilsWithFigures(db)', 'every dashboard page (council picker)', () => listCouncilsWithFigures(db), len);
  time('listCouncilHistory(db)', 'history index (one row a council)', () => listCouncilHistory(db), (r) => `${len(r)} rows`);
  time('listSetsWithHistory(db, la)', "history of one council", () => listSetsWithHistory(db, la), (r) => `${len(r)} rows`);
  time("loadChildrenView(la, period, 'ssda903')", 'children pages', () => loadChildrenView(db, { la, period, source: 'ssda903' }), () => '');
  const breakdowns = getBreakdowns(db, la, period, 'ssda903');
  const urnKeys = Object.keys(breakdowns?.placed_by_urn ?? {});
  const urns = urnKeys.map((k) => k.split('|')[0]!);
  const asAt = (sqlite.prepare('SELECT max(as_at) AS a FROM ofsted_providers').get() as { a: string | null }).a;
  const atDate = asAt ? (sqlite.prepare('SELECT count(*) AS n FROM ofsted_providers WHERE as_at = ?').get(asAt) as { n: number }).n : 0;
  time(
    `registerByUrn(${fmt(urns.length)} URN keys, ${fmt(new Set(urns).size)} distinct)`,
    'children, children download',
    () => registerByUrn(db, urns),
    (m) => `${fmt(m.size)} found in the ${fmt(atDate)} register rows of ${asAt ?? '-'} (read once, then kept)`,
  );

  const plan = (label: string, sql: string, ...args: unknown[]) =>
    `- ${label}: ${(sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => `\`${r.detail}\``).join('; ')}`;
  const plans = [
    plan('the figures of one set', `${FIG} WHERE s.id = ?`, set.id),
    plan('listFigureSeries, no filter', SERIES, la, 'template'),
    plan('listFigureSeries, TREND_SLICE', `${SERIES} AND f.measure IN (?) AND f.need = ?`, la, 'template', 'children_placed', 'all'),
    plan('registerByUrn, the register of the latest date (read once, then kept)', 'SELECT urn, places, sector, local_authority AS localAuthority FROM ofsted_providers WHERE as_at = ?', asAt),
  ];
  sqlite.close();

  console.log('\n### Query timings behind the slow routes (scripts/bench/national-queries.ts)\n');
  console.log(`- Date: ${new Date().toUTCString()}; load average (1 min) ${fmt(os.loadavg()[0]!, 2)}; ${os.cpus().length} CPUs, Node ${process.version}`);
  console.log(`- Database: ${options.db}; council ${la}, period ${period}; the first call, then the median of ${runs - 1} more (1 call only for the raw SQL reads), in this process, no server\n`);
  console.log('| call | used by | first call (ms) | median of the later calls (ms) | rows |\n| --- | --- | ---: | ---: | ---: |');
  for (const r of rows) console.log(r);
  console.log('\nQuery plans:\n');
  for (const p of plans) console.log(p);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
