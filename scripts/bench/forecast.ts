/**
 * Benchmark of the demand forecast (lib/forecast/model.ts; not a test).
 *
 *   npx tsx scripts/bench/forecast.ts [--episodes 1000000] [--dir DIR] [--runs 200] [--months 36] [--keep]
 *
 * Generates a national-scale synthetic return (scripts/generate-ssda903.ts: one year ending
 * 31 March 2024, about --episodes episodes), or reuses the header.csv and episodes.csv in --dir,
 * and builds the model input from the CSVs directly (papaparse streaming through
 * lib/csv/read.ts, dates to ISO). The return holds one year, and a forecast needs two; so the
 * benchmark reads the episodes as if they were complete from 1 April 2021 (36 months: a 24-month
 * window and the back-test year). That biases the rates (children who left before April 2023
 * are missing), which does not matter here: the figures measured are time and memory.
 *
 * Times forecast() (history, rates, 200-run projection, back-test) for the whole national file
 * as one council, for each of 12 pseudo-councils (children split by a hash of CHILD: "a region
 * of 12", together as large as the national file), and for one of 150 pseudo-councils (about a
 * real council's size). Prints peak RSS and a markdown table. Run from the repository root.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileChunks, readCsvStream } from '../../lib/csv/read';
import { parseDate } from '../../lib/ssda903/codes';
import { backTest, buildHistory, estimateRates, forecast, project, stockAt, type ChildInput, type ModelInput } from '../../lib/forecast/model';

const OBSERVED_FROM = '2021-04-01';
const OBSERVED_TO = '2024-03-31';
const mb = (bytes: number) => bytes / (1024 * 1024);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Wall time and this process's CPU time (user + system) of a call, in ms: the CPU time is the fairer figure on a shared machine. */
function timed<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1000 };
}
const both = (t: { wall: number; cpu: number }) => `${seconds(t.wall)} (CPU ${seconds(t.cpu)})`;

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i === -1 ? undefined : argv[i + 1];
}

/** FNV-1a: a stable hash to split children into pseudo-councils. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

async function readColumns(file: string, wanted: string[], onRow: (v: string[]) => void): Promise<number> {
  let index: number[] = [];
  let rows = 0;
  await readCsvStream(fileChunks(file), {
    file,
    onRecord: (fields, row) => {
      if (row === 1) {
        const names = fields.map((f) => f.trim().toUpperCase());
        index = wanted.map((w) => names.indexOf(w));
        if (index.some((i) => i < 0)) throw new Error(`${file} lacks one of ${wanted.join(', ')}`);
        return;
      }
      rows++;
      onRow(index.map((i) => fields[i] ?? ''));
    },
  });
  return rows;
}

/** The return's children and episodes as model input (one council: the whole file). */
async function loadReturn(dir: string): Promise<{ children: ChildInput[]; ids: string[]; episodes: number }> {
  const byChild = new Map<string, ChildInput>();
  await readColumns(path.join(dir, 'header.csv'), ['CHILD', 'DOB'], ([child, dob]) => {
    byChild.set(child!, { dob: parseDate(dob!), episodes: [] });
  });
  const episodes = await readColumns(path.join(dir, 'episodes.csv'), ['CHILD', 'DECOM', 'DEC', 'LS', 'PLACE'], ([child, decom, dec, ls, place]) => {
    let c = byChild.get(child!);
    if (!c) byChild.set(child!, (c = { dob: null, episodes: [] }));
    const start = parseDate(decom!);
    if (!start) return;
    c.episodes.push({ decom: start, dec: dec ? parseDate(dec) : null, ls: ls!, place: place! });
  });
  const ids = [...byChild.keys()];
  const children = [...byChild.values()];
  // The model expects episodes in DECOM order (ties in file order); Array.sort is stable.
  for (const c of children) c.episodes.sort((a, b) => (a.decom < b.decom ? -1 : a.decom > b.decom ? 1 : 0));
  return { children, ids, episodes };
}

function split(children: ChildInput[], ids: string[], parts: number): ChildInput[][] {
  const out: ChildInput[][] = Array.from({ length: parts }, () => []);
  children.forEach((c, i) => out[hash(ids[i]!) % parts]!.push(c));
  return out;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const episodesWanted = Number((argValue(argv, '--episodes') ?? '1000000').replace(/_/g, ''));
  const runs = Number(argValue(argv, '--runs') ?? '200');
  const months = Number(argValue(argv, '--months') ?? '36');
  let dir = argValue(argv, '--dir');
  let tmp: string | null = null;
  try {
    if (!dir) {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'forecast-bench-'));
      dir = path.join(tmp, 'return');
      console.error(`Generating a national-scale return of about ${episodesWanted.toLocaleString('en-GB')} episodes in ${dir} ...`);
      const g = spawnSync('npx', ['tsx', 'scripts/generate-ssda903.ts', '--episodes', String(episodesWanted), '--out', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
      if (g.status !== 0) throw new Error('the generator failed');
    }
    const bytes = ['header.csv', 'episodes.csv'].reduce((n, f) => n + fs.statSync(path.join(dir!, f)).size, 0);

    console.error('Reading the return (papaparse, streaming) ...');
    const t0 = performance.now();
    const { children, ids, episodes } = await loadReturn(dir);
    const loadMs = performance.now() - t0;
    const rssAfterLoad = process.memoryUsage().rss;
    const input = (list: ChildInput[]): ModelInput => ({ children: list, observedFrom: OBSERVED_FROM, observedTo: OBSERVED_TO });

    console.error('The national file as one council: phases ...');
    const history = timed(() => buildHistory(input(children)));
    const h = history.value;
    const rates = timed(() => estimateRates(h));
    const projection = timed(() => project(rates.value, stockAt(h), { months, runs, seed: 903 }));
    const back = timed(() => backTest(h, { runs, seed: 903 }));
    const inCare = h.total[h.total.length - 1]!;

    console.error('The national file as one council: forecast() end to end ...');
    const national = timed(() => forecast(input(children), { months, runs }));
    if (national.value.insufficient) throw new Error(national.value.insufficient.reason);

    console.error('12 pseudo-councils ...');
    const twelve = split(children, ids, 12);
    const perCouncil = twelve.map((part) => timed(() => forecast(input(part), { months, runs })));
    const twelveAll = { wall: perCouncil.reduce((a, t) => a + t.wall, 0), cpu: perCouncil.reduce((a, t) => a + t.cpu, 0) };
    const slowest = perCouncil.reduce((a, t) => (t.wall > a.wall ? t : a));

    console.error('Five of 150 pseudo-councils ...');
    const small = split(children, ids, 150);
    const smallTimes = small.slice(0, 5).map((part) => timed(() => forecast(input(part), { months, runs })));
    const smallInCare = small.slice(0, 5).map((part) => buildHistory(input(part)).total.at(-1)!);
    const maxRss = process.resourceUsage().maxRSS * 1024;

    const rows: [string, string][] = [
      ['Machine', `${os.cpus().length} cores (load average ${os.loadavg()[0]!.toFixed(1)} at the end), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB, node ${process.version}`],
      ['Return', `${episodes.toLocaleString('en-GB')} episodes, ${children.length.toLocaleString('en-GB')} children, ${mb(bytes).toFixed(1)} MB of header and episodes CSV`],
      ['Reading the CSVs into model input (not part of the forecast)', seconds(loadMs)],
      ['Forecast', `${months} months, ${runs} runs, back-test of 12 months at ${runs} runs`],
      ['National as one council (looked after at 31 March 2024)', `${inCare.toLocaleString('en-GB')} children`],
      ['- history (month-end states and flows)', both(history)],
      ['- rates (24-month window)', both(rates)],
      ['- projection', both(projection)],
      ['- back-test', both(back)],
      ['- forecast() end to end', `${both(national)} (aim for one council: under 2 s)`],
      ['12 pseudo-councils, forecast() each (together the national file)', `${both(twelveAll)} in all; the slowest ${both(slowest)} (aim: under 30 s)`],
      [
        `5 of 150 pseudo-councils (${Math.min(...smallInCare).toLocaleString('en-GB')} to ${Math.max(...smallInCare).toLocaleString('en-GB')} looked after), forecast() each`,
        `${seconds(Math.min(...smallTimes.map((t) => t.wall)))} to ${seconds(Math.max(...smallTimes.map((t) => t.wall)))} (CPU ${seconds(Math.min(...smallTimes.map((t) => t.cpu)))} to ${seconds(Math.max(...smallTimes.map((t) => t.cpu)))})`,
      ],
      ['RSS after reading the return', `${mb(rssAfterLoad).toFixed(0)} MB`],
      ['Peak memory of the process (maxrss)', `${mb(maxRss).toFixed(0)} MB`],
    ];
    console.log('\n| Forecast benchmark | result |\n| --- | --- |');
    for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  } finally {
    if (tmp && !argv.includes('--keep')) fs.rmSync(tmp, { recursive: true, force: true });
    else if (tmp) console.error(`Kept ${tmp}`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
