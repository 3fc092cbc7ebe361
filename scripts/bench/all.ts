/**
 * Every benchmark in turn, and their results written into docs/benchmarks.md (`npm run bench`).
 *
 *   npx tsx scripts/bench/all.ts [--only ID,ID] [--skip ID,ID] [--duration 10] [--no-write]
 *                                [--reuse ID=FILE] [--no-snapshot]
 *
 * IDs, in the order they run: import-template, import-ssda903 (1,000,000 episodes),
 * import-ssda903-200mb (about 2,300,000 episodes: a 200 MB return, for the import's peak memory),
 * ees, public, bundle, national (every route on a national-scale database; the longest, about 25
 * minutes on 2 cores).
 *
 * Each script runs in one snapshot of the working tree (scripts/bench/snapshot.ts), so edits and
 * rebuilds in the tree meanwhile do not change what is measured. Its output is shown as it comes
 * and kept; what it prints from its last `## ` heading on (or, without one, its tables) becomes
 * its block in docs/benchmarks.md, between `<!-- bench:results:start -->` and
 * `<!-- bench:results:end -->`, under a header with the machine, the date and the command. The
 * blocks of benchmarks not run this time (--only, --skip) are kept as they were, with their own
 * dates. --reuse ID=FILE takes the saved output of a run made before (e.g. `national.ts ... >
 * FILE`) instead of running ID. --no-write prints the section without writing the file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from '../cli';
import { IN_SNAPSHOT, codeDescription, makeSnapshot, runInSnapshot, type Snapshot } from './snapshot';

const ROOT = process.cwd();
const DOC = path.join(ROOT, 'docs', 'benchmarks.md');
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';
const SECTION_TITLE = '## Latest results (written by npm run bench)';

interface Bench {
  id: string;
  title: string;
  script: string;
  args: (o: { duration: number }) => string[];
}

const BENCHES: Bench[] = [
  { id: 'import-template', title: 'Template import', script: 'scripts/bench/import-template.ts', args: () => [] },
  { id: 'import-ssda903', title: 'SSDA903 import and derivation, 1,000,000 episodes', script: 'scripts/bench/import-ssda903.ts', args: () => ['--episodes', '1000000'] },
  {
    id: 'import-ssda903-200mb',
    title: 'SSDA903 import of a 200 MB return (about 2,300,000 episodes): peak memory',
    script: 'scripts/bench/import-ssda903.ts',
    args: () => ['--episodes', '2300000'],
  },
  { id: 'ees', title: 'EES import and benchmarking', script: 'scripts/bench/ees.ts', args: () => ['--runs', '1'] },
  {
    id: 'upload-load',
    title: 'Pages while four 20 MB uploads are imported (import jobs off the request path)',
    script: 'scripts/bench/upload-load.ts',
    args: (o) => ['--duration', String(o.duration)],
  },
  { id: 'public', title: 'Public pages and API under load (demo database)', script: 'scripts/bench/public.ts', args: (o) => ['--duration', String(o.duration)] },
  { id: 'bundle', title: 'First-load JavaScript per route', script: 'scripts/bench/bundle.ts', args: () => [] },
  { id: 'national', title: 'Every route under load on a national-scale database', script: 'scripts/bench/national.ts', args: (o) => ['--duration', String(o.duration)] },
];

interface Outcome {
  bench: Bench;
  command: string;
  code: number;
  seconds: number;
  loadBefore: number;
  loadAfter: number;
  output: string;
  reused: string | null;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function list(value: string | true | undefined): string[] {
  return typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/** Runs one benchmark in the snapshot (or in place), echoing its output, keeping stdout. */
async function run(bench: Bench, args: string[], snapshot: Snapshot | null): Promise<{ code: number; output: string }> {
  const chunks: Buffer[] = [];
  const { child, done } = snapshot
    ? runInSnapshot(snapshot, bench.script, args, 'pipe')
    : runInSnapshot({ dir: ROOT, describe: codeDescription(), remove: () => undefined }, bench.script, args, 'pipe');
  child.stdout!.on('data', (c: Buffer) => {
    chunks.push(c);
    process.stdout.write(c);
  });
  child.stderr!.on('data', (c: Buffer) => process.stderr.write(c));
  const code = await done;
  return { code, output: Buffer.concat(chunks).toString('utf8') };
}

/** What goes into the docs: from the last `## ` heading on, or else the tables; headings demoted under the block's `###`. */
function extractResults(output: string): string {
  const lines = output.replace(/\r/g, '').split('\n');
  let start = -1;
  lines.forEach((l, i) => {
    if (/^## /.test(l)) start = i;
  });
  let kept: string[];
  if (start >= 0) {
    kept = lines.slice(start + 1);
  } else {
    kept = [];
    let inTable = false;
    for (const l of lines) {
      const isRow = l.startsWith('|');
      if (isRow && !inTable && kept.length > 0) kept.push('');
      if (isRow) kept.push(l);
      inTable = isRow;
    }
  }
  return kept
    .filter((l) => !/^\s*\[server\]/.test(l) && !/^kept /i.test(l))
    .map((l) => l.replace(/^(#{1,5}) /, (m, h: string) => `${'#'.repeat(Math.max(4, h.length + 1))} `))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function blockOf(o: Outcome, when: string): string {
  const status = o.reused
    ? `not run by all.ts on ${when}: the output of an earlier run was taken from ${o.reused} (its own command and date are below)`
    : o.code === 0
      ? `run ${when}, took ${fmt(o.seconds / 60, 1)} min; load average (1 min) ${fmt(o.loadBefore, 2)} before, ${fmt(o.loadAfter, 2)} after`
      : `**failed** (exit code ${o.code}) ${when}, after ${fmt(o.seconds / 60, 1)} min: see the console output`;
  const body = o.code === 0 ? extractResults(o.output) : '';
  return [
    `<!-- bench:result:${o.bench.id} -->`,
    `### ${o.bench.title}`,
    '',
    o.reused ? `${status[0]!.toUpperCase()}${status.slice(1)}.` : `\`${o.command}\`: ${status}.`,
    '',
    body,
    `<!-- bench:result:${o.bench.id}:end -->`,
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

/** Where `marker` stands alone on a line, from `from` on; -1 if nowhere. */
function lineIndex(doc: string, marker: string, from: number): number {
  for (let i = doc.indexOf(marker, from); i >= 0; i = doc.indexOf(marker, i + 1)) {
    const before = i === 0 ? '\n' : doc[i - 1];
    const after = doc[i + marker.length] ?? '\n';
    if ((before === '\n' || before === '\r') && (after === '\n' || after === '\r')) return i;
  }
  return -1;
}

/** The blocks of the current results section, by benchmark id. */
function oldBlocks(doc: string): Map<string, string> {
  const out = new Map<string, string>();
  const at = lineIndex(doc, START, 0);
  const end = at >= 0 ? lineIndex(doc, END, at) : -1;
  if (at < 0 || end < 0) return out;
  for (const m of doc.slice(at, end).matchAll(/^<!-- bench:result:([a-z0-9-]+) -->$[\s\S]*?^<!-- bench:result:\1:end -->$/gm)) out.set(m[1]!, m[0]);
  return out;
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${fmt(os.totalmem() / 2 ** 30, 1)} GiB memory, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

async function main(): Promise<void> {
  const { options } = parseArgs(process.argv.slice(2));
  const only = list(options.only);
  const skip = list(options.skip);
  const known = new Set(BENCHES.map((b) => b.id));
  const reuse = new Map<string, string>();
  for (const r of list(options.reuse)) {
    const [id, file] = r.split('=');
    if (!id || !file) throw new Error(`--reuse takes ID=FILE, not "${r}"`);
    reuse.set(id, path.resolve(file));
  }
  for (const id of [...only, ...skip, ...reuse.keys()]) if (!known.has(id)) throw new Error(`No benchmark "${id}": one of ${[...known].join(', ')}`);
  const duration = options.duration === undefined ? 10 : Number(options.duration);
  if (!Number.isInteger(duration) || duration <= 0) throw new Error('--duration must be a positive whole number of seconds');
  const chosen = BENCHES.filter((b) => (only.length === 0 || only.includes(b.id) || reuse.has(b.id)) && !skip.includes(b.id));
  if (chosen.length === 0) throw new Error('Nothing to run');

  const started = new Date();
  const loadStart = os.loadavg()[0]!;
  const snapshot = IN_SNAPSHOT || options['no-snapshot'] === true || chosen.every((b) => reuse.has(b.id)) ? null : makeSnapshot();
  if (snapshot) {
    process.on('exit', () => snapshot.remove());
    console.error(`Running the benchmarks in a snapshot of ${snapshot.describe}: ${snapshot.dir}`);
  }
  const code = snapshot?.describe ?? codeDescription();

  const outcomes: Outcome[] = [];
  for (const bench of chosen) {
    const args = bench.args({ duration });
    const command = ['npx tsx', bench.script, ...args].join(' ');
    const file = reuse.get(bench.id);
    if (file) {
      outcomes.push({ bench, command, code: 0, seconds: 0, loadBefore: 0, loadAfter: 0, output: fs.readFileSync(file, 'utf8'), reused: file });
      continue;
    }
    console.error(`\n===== ${bench.id}: ${command}\n`);
    const loadBefore = os.loadavg()[0]!;
    const t0 = performance.now();
    const r = await run(bench, args, snapshot);
    outcomes.push({ bench, command, code: r.code, seconds: (performance.now() - t0) / 1000, loadBefore, loadAfter: os.loadavg()[0]!, output: r.output, reused: null });
    if (r.code !== 0) console.error(`\n${bench.id} failed with exit code ${r.code}; going on with the others.`);
  }

  const when = started.toUTCString();
  const doc = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : '# Benchmarks\n';
  const previous = oldBlocks(doc);
  const fresh = new Map(outcomes.map((o) => [o.bench.id, blockOf(o, when)]));
  const invocation = ['npx tsx scripts/bench/all.ts', ...process.argv.slice(2)].join(' ');
  const summary = [
    '| benchmark | command | result | time (min) |',
    '| --- | --- | --- | ---: |',
    ...outcomes.map(
      (o) => `| ${o.bench.id} | \`${o.command}\` | ${o.code === 0 ? (o.reused ? 'reused an earlier output' : 'ok') : `**failed (exit ${o.code})**`} | ${o.reused ? '' : fmt(o.seconds / 60, 1)} |`,
    ),
  ].join('\n');
  const section = [
    START,
    `_Written by \`${invocation}\`; everything between the bench:results markers is rewritten by the next run. Benchmarks not run this time keep their earlier block and date._`,
    '',
    `- Date: ${when}`,
    `- Machine: ${machine()}`,
    `- Load average (1 min): ${fmt(loadStart, 2)} at the start, ${fmt(os.loadavg()[0]!, 2)} at the end (the machine may be shared: read the ratios)`,
    `- Code: ${code}`,
    `- To reproduce: \`npm run bench\` (all of them, about 40 minutes on 2 cores), or \`npx tsx scripts/bench/all.ts --only ID[,ID]\`, or each script alone as its section below shows`,
    '',
    summary,
    '',
    ...BENCHES.map((b) => fresh.get(b.id) ?? previous.get(b.id)).filter((x): x is string => Boolean(x)),
    END,
  ].join('\n');

  if (options['no-write'] === true) {
    console.log(`\n${section}`);
    return;
  }
  // The markers count only on lines of their own (the text above may quote them).
  const at = lineIndex(doc, START, 0);
  const end = at >= 0 ? lineIndex(doc, END, at) : -1;
  const next =
    at >= 0 && end > at
      ? `${doc.slice(0, at)}${section}${doc.slice(end + END.length)}`
      : `${doc.trimEnd()}\n\n${SECTION_TITLE}\n\n${section}\n`;
  fs.writeFileSync(DOC, next);
  console.error(`\nWrote the results into ${path.relative(ROOT, DOC)} (${outcomes.length} benchmark${outcomes.length === 1 ? '' : 's'} run).`);
  if (outcomes.some((o) => o.code !== 0)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
