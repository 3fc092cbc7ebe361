/**
 * National-scale sufficiency figures, for load tests and benchmarks (scripts/bench/national.ts).
 *
 *   npx tsx scripts/generate-national.ts --out DIR [--seed 1] [--from 2015] [--to 2024]
 *                                        [--councils E08000025,E06000004] [--per-period]
 *
 * Writes valid sufficiency template v1 files (docs/data-formats.md) for every council of
 * data/reference/councils.csv (153) and every period ending 31 March from --from to --to (2015 to
 * 2024, 10 periods): one file per council (`sufficiency_<la_code>.csv`, 10 periods each), or with
 * --per-period one per council and period (`sufficiency_<la_code>_<period>.csv`, 1,530 files).
 *
 * Each (council, period) holds EVERY key valid in the template: 7 settings x 8 provisions x 6 age
 * bands x 7 needs x the 10 measures valid in every setting, plus the 5 recruitment measures in the
 * two fostering settings only: 26,880 figures, so about 41 million figures in all (about 3.3 GB
 * of CSV). The figures hang together as a council's would:
 * - leaf figures (setting part x provision part x age part, for need `all` and each need) are drawn,
 *   and every total (setting `all`, provision `commissioned` and `all`, age band `all`) is the sum
 *   of its parts, so the file's totals agree with the totals the app would derive;
 * - each need's figures are a share of the `all` figure of the same cell;
 * - the sub-measures hold at every key: `places_vacant <= places`, `referrals_unmatched <=
 *   referrals`, `placed_outside_la` and `placed_over_20_miles <= children_placed` (they hold at
 *   each leaf, so at every sum of leaves);
 * - `weekly_cost_gbp` totals are averages weighted by `children_placed` (the plain mean where no
 *   child is placed), rounded to pence;
 * - provision `parents` (PR0) has no places, referrals, cost or carers: those are `z` (not
 *   applicable), and a total of only `z` parts is `z`;
 * - the size of each council follows DfE's published children looked after at 31 March
 *   (data/reference/ees/cla_number_and_rate_per_10k_children.csv, 2020-2024; earlier years scaled
 *   back by the national trend); the mix by setting, provision and age is synthetic, near
 *   England's, with a seeded tilt per council and private provision growing over the years.
 *
 * Seeded: the same --seed gives byte-identical files, and each (council, period) has its own
 * PRNG, so a subset (--councils) gives the same figures as the whole run. Files are streamed,
 * one period at a time, so memory stays flat.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { parseCouncilsCsv } from '../lib/councils';
import {
  AGE_BANDS,
  FOSTERING_SETTINGS,
  MEASURES,
  NEEDS,
  PROVISIONS,
  RECRUITMENT_MEASURES,
  SETTINGS,
  TEMPLATE_COLUMNS,
  type TemplateMeasure,
} from '../lib/template/codes';
import { parseArgs } from './cli';

const ROOT = process.cwd();
const COUNCILS_CSV = path.join(ROOT, 'data', 'reference', 'councils.csv');
const CLA_CSV = path.join(ROOT, 'data', 'reference', 'ees', 'cla_number_and_rate_per_10k_children.csv');

// ---------------------------------------------------------------------------------------------
// Indices. The arrays below are indexed by the positions of the code lists in lib/template/codes.ts:
// settings 0-5 are the parts and 6 is `all`; provisions 0-5 are the parts (in_house, other_la,
// other_public, private, voluntary, parents), 6 `commissioned`, 7 `all`; age band 0 is `all`, 1-5
// the parts; need 0 is `all`.
// ---------------------------------------------------------------------------------------------

const NS = SETTINGS.length; // 7
const NP = PROVISIONS.length; // 8
const NA = AGE_BANDS.length; // 6
const NN = NEEDS.length; // 7
const NM = MEASURES.length; // 15

const S_ALL = SETTINGS.indexOf('all');
const P = Object.fromEntries(PROVISIONS.map((p, i) => [p, i])) as Record<(typeof PROVISIONS)[number], number>;
const M = Object.fromEntries(MEASURES.map((m, i) => [m, i])) as Record<TemplateMeasure, number>;
const A_ALL = AGE_BANDS.indexOf('all');
if (S_ALL !== 6 || P.commissioned !== 6 || P.all !== 7 || A_ALL !== 0 || NEEDS[0] !== 'all') {
  throw new Error('generate-national.ts assumes the order of the code lists in lib/template/codes.ts');
}
const LEAF_PROVISIONS = [P.in_house, P.other_la, P.other_public, P.private, P.voluntary, P.parents];
const COMMISSIONED_PARTS = [P.other_la, P.other_public, P.private, P.voluntary];
const FOSTERING = new Set<number>(FOSTERING_SETTINGS.map((s) => SETTINGS.indexOf(s)));
const RECRUITMENT = new Set<number>(RECRUITMENT_MEASURES.map((m) => M[m as TemplateMeasure]));
/** Measures that do not apply to children placed with parents (PR0): written as `z`. */
const NOT_FOR_PARENTS = new Set<number>(
  (['places', 'places_vacant', 'referrals', 'referrals_unmatched', 'weekly_cost_gbp', ...RECRUITMENT_MEASURES] as TemplateMeasure[]).map((m) => M[m]),
);

const idx = (m: number, n: number, s: number, p: number, a: number) => (((m * NN + n) * NS + s) * NP + p) * NA + a;
const CELLS = NM * NN * NS * NP * NA;

/** Rows per (council, period): every valid key. */
export const ROWS_PER_SET = (() => {
  let n = 0;
  for (let s = 0; s < NS; s++) for (let m = 0; m < NM; m++) if (!RECRUITMENT.has(m) || FOSTERING.has(s)) n += NP * NA * NN;
  return n;
})();

// ---------------------------------------------------------------------------------------------
// The synthetic mix (near England's: DfE, children looked after at 31 March 2024)
// ---------------------------------------------------------------------------------------------

/** Share of children by setting part: fostering, kinship, homes, secure, supported, other. */
const SETTING_SHARE = [0.56, 0.14, 0.11, 0.004, 0.07, 0.116];

/** Share of each setting's children by provision part: in_house, other_la, other_public, private, voluntary, parents. */
const PROVISION_SHARE: number[][] = [
  [0.56, 0.01, 0.01, 0.34, 0.08, 0], // fostering
  [0.93, 0.02, 0.01, 0.03, 0.01, 0], // kinship fostering
  [0.14, 0.03, 0.01, 0.75, 0.07, 0], // children's homes
  [0.2, 0.6, 0.05, 0.15, 0, 0], // secure
  [0.22, 0.02, 0.01, 0.58, 0.17, 0], // supported accommodation (16-17)
  [0.3, 0.02, 0.03, 0.1, 0.05, 0.5], // other: placed with parents, adoption, other
];

/** Share of each setting's children by age part: under 1, 1-4, 5-9, 10-15, 16-17. */
const AGE_SHARE: number[][] = [
  [0.05, 0.15, 0.2, 0.4, 0.2],
  [0.05, 0.18, 0.25, 0.37, 0.15],
  [0, 0.005, 0.03, 0.5, 0.465],
  [0, 0, 0, 0.45, 0.55],
  [0, 0, 0, 0, 1],
  [0.14, 0.22, 0.2, 0.28, 0.16],
];

/** Each need's share of the cell's children, by age part (index 0 unused: need `all`). */
function needShare(n: number, s: number, a: number): number {
  switch (NEEDS[n]) {
    case 'sibling_group':
      return a <= 3 ? 0.35 : 0.18;
    case 'parent_and_child':
      return a === 1 ? 0.12 : s === 4 && a === 5 ? 0.03 : 0.01;
    case 'disability':
      return 0.1;
    case 'uasc':
      return a === 5 ? 0.3 : a === 4 ? 0.05 : 0;
    case 'complex_needs':
      return s === 2 || s === 3 ? 0.6 : 0.12;
    case 'emergency':
      return 0.05;
    default:
      return 1;
  }
}

/** Average weekly cost in 2024 by setting and provision part (parents not applicable). */
const WEEKLY_COST: number[][] = [
  [480, 700, 720, 950, 900, 0],
  [300, 320, 320, 700, 650, 0],
  [4800, 5200, 5000, 6200, 5400, 0],
  [8200, 8000, 8000, 9500, 9000, 0],
  [1100, 1300, 1300, 1800, 1600, 0],
  [350, 500, 500, 900, 800, 0],
];
const AGE_COST = [1, 0.9, 0.95, 1, 1.05, 1.1];
const NEED_COST = [1, 1.05, 1.4, 1.3, 0.9, 1.6, 1.2];
/** Share of children placed outside the council, by provision part. */
const OUTSIDE = [0.1, 0.9, 0.5, 0.55, 0.45, 0.05];

// ---------------------------------------------------------------------------------------------
// Seeded PRNG: one per (seed, council, period), so any subset gives the same figures.
// ---------------------------------------------------------------------------------------------

function hashSeed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

function mulberry32(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rounds x up or down at random, in proportion (so small expectations still give some 1s). */
const stochasticRound = (x: number, rnd: () => number) => Math.floor(x + rnd());

// ---------------------------------------------------------------------------------------------
// One (council, period): leaves drawn, totals summed
// ---------------------------------------------------------------------------------------------

interface CouncilInfo {
  code: string;
  name: string;
  /** Children looked after at 31 March, by year (published ones; the others are worked out). */
  cla: Map<number, number>;
}

/** Children looked after on 31 March of `year`: published, or scaled from the nearest published year. */
function childrenLookedAfter(c: CouncilInfo, year: number, seed: number): number {
  const published = c.cla.get(year);
  if (published !== undefined) return published;
  const years = [...c.cla.keys()].sort((a, b) => a - b);
  const rnd = mulberry32(hashSeed(`${seed}|size|${c.code}`));
  if (years.length === 0) return Math.round((120 + rnd() * 900) * Math.pow(1.029, year - 2024));
  // England grew from 69,540 (2015) to 80,080 (2020): about 2.9% a year.
  const nearest = year < years[0]! ? years[0]! : years[years.length - 1]!;
  return Math.max(10, Math.round(c.cla.get(nearest)! * Math.pow(1.029, year - nearest)));
}

/**
 * The figures of one council and period, every valid key, as NaN for `z`. Leaves are drawn and
 * every total is the sum of its parts, so the sub-measure rules that hold at the leaves hold at
 * every key.
 */
function figuresFor(c: CouncilInfo, year: number, seed: number): { values: Float64Array } {
  const rnd = mulberry32(hashSeed(`${seed}|${c.code}|${year}`));
  const tilt = mulberry32(hashSeed(`${seed}|tilt|${c.code}`));
  const privateTilt = 0.7 + 0.6 * tilt(); // this council leans on private provision more or less
  const inHouseTilt = 0.8 + 0.4 * tilt();
  const costTilt = 0.85 + 0.3 * tilt();
  const privateGrowth = 1 + 0.035 * (year - 2015); // private provision has grown over the decade
  const costIndex = Math.pow(1 / 1.05, 2024 - year); // costs rose about 5% a year
  const total = childrenLookedAfter(c, year, seed);

  const v = new Float64Array(CELLS); // every measure's value, NaN = z
  // Cost: the weighted sum (cost x children) and its weight, and the plain sum and count for
  // cells with no child placed; summed like the counts and divided at the end.
  const costW = new Float64Array(NN * NS * NP * NA);
  const weight = new Float64Array(NN * NS * NP * NA);
  const costSum = new Float64Array(NN * NS * NP * NA);
  const costN = new Float64Array(NN * NS * NP * NA);
  const ci = (n: number, s: number, p: number, a: number) => ((n * NS + s) * NP + p) * NA + a;
  const j = () => 0.8 + 0.4 * rnd(); // +-20% jitter

  for (let s = 0; s < 6; s++) {
    const shares = PROVISION_SHARE[s]!.map((x, k) => x * (k === 3 ? privateTilt * privateGrowth : k === 0 ? inHouseTilt : 1));
    const sum = shares.reduce((x, y) => x + y, 0);
    for (let k = 0; k < 6; k++) {
      const p = LEAF_PROVISIONS[k]!;
      const pShare = shares[k]! / sum;
      for (let a = 1; a < NA; a++) {
        const expected = total * SETTING_SHARE[s]! * pShare * AGE_SHARE[s]![a - 1]!;
        const all = expected > 0 ? stochasticRound(expected * j(), rnd) : 0;
        for (let n = 0; n < NN; n++) {
          const children = n === 0 ? all : Math.min(all, stochasticRound(all * needShare(n, s, a) * j(), rnd));
          const set = (m: TemplateMeasure, value: number) => {
            v[idx(M[m], n, s, p, a)] = p === P.parents && NOT_FOR_PARENTS.has(M[m]) ? NaN : value;
          };
          set('children_placed', children);
          const vacant = stochasticRound(children * (k === 0 ? 0.1 : 0.05) * j() + (k === 0 && n === 0 ? 0.5 : 0), rnd);
          set('places', children + vacant);
          set('places_vacant', vacant);
          const referrals = stochasticRound(children * 0.45 * j(), rnd);
          set('referrals', referrals);
          set('referrals_unmatched', Math.min(referrals, stochasticRound(referrals * (k === 0 ? 0.08 : 0.15) * j(), rnd)));
          const outside = Math.min(children, stochasticRound(children * OUTSIDE[k]! * j(), rnd));
          set('placed_outside_la', outside);
          set('placed_over_20_miles', Math.min(children, stochasticRound(outside * 0.55 * j(), rnd)));
          set('starts', stochasticRound(children * 0.35 * j(), rnd));
          set('ends', stochasticRound(children * 0.33 * j(), rnd));
          if (FOSTERING.has(s)) {
            const households = stochasticRound(children / 1.5 * j() + (k === 0 && n === 0 ? 1 : 0), rnd);
            const enquiries = stochasticRound(households * 1.2 * j(), rnd);
            const applications = stochasticRound(enquiries * 0.15 * j(), rnd);
            set('carer_households', households);
            set('enquiries', enquiries);
            set('applications', applications);
            set('households_approved', stochasticRound(applications * 0.55 * j(), rnd));
            set('households_deregistered', stochasticRound(households * 0.12 * j(), rnd));
          }
          if (p !== P.parents) {
            const cost = WEEKLY_COST[s]![k]! * AGE_COST[a]! * NEED_COST[n]! * costTilt * costIndex * (0.9 + 0.2 * rnd());
            const i = ci(n, s, p, a);
            costW[i] = cost * children;
            weight[i] = children;
            costSum[i] = cost;
            costN[i] = 1;
          } else {
            const i = ci(n, s, p, a);
            costW[i] = weight[i] = costSum[i] = costN[i] = NaN;
          }
        }
      }
    }
  }

  // Totals: the sum of the parts (NaN parts, i.e. z, left out; all parts z gives z).
  const sumInto = (arr: Float64Array, at: number, parts: number[]) => {
    let any = false;
    let sum = 0;
    for (const i of parts) {
      const x = arr[i]!;
      if (!Number.isNaN(x)) {
        sum += x;
        any = true;
      }
    }
    arr[at] = any ? sum : NaN;
  };
  const aggregate = (arr: Float64Array, at: (n: number, s: number, p: number, a: number) => number, planes: number) => {
    for (let plane = 0; plane < planes; plane++) {
      const cell = (n: number, s: number, p: number, a: number) => plane * NN * NS * NP * NA + at(n, s, p, a);
      for (let n = 0; n < NN; n++) {
        for (let s = 0; s < 6; s++)
          for (const p of LEAF_PROVISIONS)
            sumInto(arr, cell(n, s, p, A_ALL), [1, 2, 3, 4, 5].map((a) => cell(n, s, p, a)));
        for (let s = 0; s < 6; s++)
          for (let a = 0; a < NA; a++) {
            sumInto(arr, cell(n, s, P.commissioned, a), COMMISSIONED_PARTS.map((p) => cell(n, s, p, a)));
            sumInto(arr, cell(n, s, P.all, a), LEAF_PROVISIONS.map((p) => cell(n, s, p, a)));
          }
        for (let p = 0; p < NP; p++)
          for (let a = 0; a < NA; a++) sumInto(arr, cell(n, S_ALL, p, a), [0, 1, 2, 3, 4, 5].map((s) => cell(n, s, p, a)));
      }
    }
  };
  aggregate(v, ci, NM); // idx(m, ...) = m * (NN*NS*NP*NA) + ci(...)
  for (const arr of [costW, weight, costSum, costN]) aggregate(arr, ci, 1);
  const cost = M.weekly_cost_gbp;
  for (let n = 0; n < NN; n++)
    for (let s = 0; s < NS; s++)
      for (let p = 0; p < NP; p++)
        for (let a = 0; a < NA; a++) {
          const i = ci(n, s, p, a);
          const w = weight[i]!;
          v[idx(cost, n, s, p, a)] = Number.isNaN(costN[i]!) ? NaN : w > 0 ? costW[i]! / w : costSum[i]! / costN[i]!;
        }
  return { values: v };
}

function csvText(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rows of one council and period, in key order, as CSV lines. */
function periodLines(c: CouncilInfo, year: number, seed: number): string[] {
  const { values } = figuresFor(c, year, seed);
  const prefix = `${year}-03-31,${c.code},${csvText(c.name)},`;
  const lines: string[] = [];
  for (let s = 0; s < NS; s++)
    for (let p = 0; p < NP; p++)
      for (let a = 0; a < NA; a++)
        for (let n = 0; n < NN; n++) {
          const key = `${prefix}${SETTINGS[s]},${PROVISIONS[p]},${AGE_BANDS[a]},${NEEDS[n]},`;
          for (let m = 0; m < NM; m++) {
            if (RECRUITMENT.has(m) && !FOSTERING.has(s)) continue;
            const x = values[idx(m, n, s, p, a)]!;
            const text = Number.isNaN(x) ? 'z' : m === M.weekly_cost_gbp ? x.toFixed(2) : String(x);
            lines.push(`${key}${MEASURES[m]},${text}`);
          }
        }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Councils and their published sizes
// ---------------------------------------------------------------------------------------------

function readCouncils(): CouncilInfo[] {
  const list = parseCouncilsCsv(fs.readFileSync(COUNCILS_CSV, 'utf8')).filter((c) => c.code);
  const cla = new Map<string, Map<number, number>>();
  if (fs.existsSync(CLA_CSV)) {
    const parsed = Papa.parse<Record<string, string>>(fs.readFileSync(CLA_CSV, 'utf8').replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    });
    for (const r of parsed.data) {
      if (r.geographic_level !== 'Local authority' || !/looked after at 31 March/.test(r.population_count ?? '')) continue;
      const n = Number(r.number);
      const code = r.new_la_code ?? '';
      if (!code || !Number.isFinite(n) || !/^\d+$/.test(r.number ?? '')) continue;
      const m = cla.get(code) ?? new Map<number, number>();
      m.set(Number(r.time_period), n);
      cla.set(code, m);
    }
  }
  return list.map((c) => ({ code: c.code, name: c.name, cla: cla.get(c.code) ?? new Map() }));
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

export interface GenerateOptions {
  out: string;
  seed: number;
  from: number;
  to: number;
  /** Only these council codes (all 153 when empty). */
  councils: string[];
  perPeriod: boolean;
}

export interface GenerateResult {
  files: string[];
  rows: number;
  bytes: number;
}

async function writeFile(file: string, parts: Iterable<string[]>): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  await write(`${TEMPLATE_COLUMNS.join(',')}\n`);
  let rows = 0;
  for (const lines of parts) {
    rows += lines.length;
    await write(`${lines.join('\n')}\n`);
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return rows;
}

export async function generateNationalTemplates(opts: GenerateOptions, onFile?: (file: string, rows: number) => void): Promise<GenerateResult> {
  const all = readCouncils();
  const wanted = opts.councils.length > 0 ? all.filter((c) => opts.councils.includes(c.code)) : all;
  const unknown = opts.councils.filter((code) => !all.some((c) => c.code === code));
  if (unknown.length > 0) throw new Error(`Not council codes of data/reference/councils.csv: ${unknown.join(', ')}`);
  fs.mkdirSync(opts.out, { recursive: true });
  const years = Array.from({ length: opts.to - opts.from + 1 }, (_, i) => opts.from + i);
  const result: GenerateResult = { files: [], rows: 0, bytes: 0 };
  const done = async (file: string, parts: Iterable<string[]>) => {
    const rows = await writeFile(file, parts);
    result.files.push(file);
    result.rows += rows;
    result.bytes += fs.statSync(file).size;
    onFile?.(file, rows);
  };
  for (const c of wanted) {
    if (opts.perPeriod) {
      for (const y of years) await done(path.join(opts.out, `sufficiency_${c.code}_${y}-03-31.csv`), [periodLines(c, y, opts.seed)]);
    } else {
      // A generator, so only one period's lines are in memory at a time.
      await done(
        path.join(opts.out, `sufficiency_${c.code}.csv`),
        (function* () {
          for (const y of years) yield periodLines(c, y, opts.seed);
        })(),
      );
    }
  }
  return result;
}

async function main(): Promise<void> {
  const { options } = parseArgs(process.argv.slice(2));
  const out = options.out;
  if (typeof out !== 'string') {
    console.error('Usage: npx tsx scripts/generate-national.ts --out DIR [--seed 1] [--from 2015] [--to 2024] [--councils CODE,...] [--per-period]');
    process.exit(2);
  }
  const int = (name: string, dflt: number) => {
    const v = options[name];
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n)) throw new Error(`--${name} must be a whole number, not "${String(v)}"`);
    return n;
  };
  const from = int('from', 2015);
  const to = int('to', 2024);
  if (from > to || from < 1990 || to > 2100) throw new Error('--from and --to must be years, from <= to');
  const councils = typeof options.councils === 'string' ? options.councils.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean) : [];
  const t0 = performance.now();
  let n = 0;
  const r = await generateNationalTemplates(
    { out, seed: int('seed', 1), from, to, councils, perPeriod: options['per-period'] === true },
    (file, rows) => {
      n += 1;
      if (process.stderr.isTTY) process.stderr.write(`\r${n} files, last ${path.basename(file)} (${rows.toLocaleString('en-GB')} rows)\x1b[K`);
    },
  );
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  const secs = (performance.now() - t0) / 1000;
  console.log(
    `wrote ${r.files.length.toLocaleString('en-GB')} file${r.files.length === 1 ? '' : 's'} to ${out}: ${r.rows.toLocaleString('en-GB')} rows ` +
      `(${ROWS_PER_SET.toLocaleString('en-GB')} per council and period), ${(r.bytes / 1e6).toFixed(1)} MB in ${secs.toFixed(1)} s`,
  );
}

// Run as a command (not when imported for its exports).
if (/generate-national(\.ts)?$/.test(process.argv[1] ?? '')) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
