/**
 * The demo dataset: sufficiency template v1 CSVs for two real councils, Stockton-on-Tees and
 * Southwark, for the five years ending 31 March 2020-2024.
 *
 * The headline "children looked after" figures follow DfE's published EES figures (exact for 2024,
 * steered by 2021-2023, extrapolated for 2020). What DfE does not publish (the setting x provision
 * detail, capacity, vacancies, referrals, costs, flows, foster carer recruitment) is synthetic,
 * drawn from a seeded PRNG so that every run gives byte-identical files.
 *
 * Run: npx tsx scripts/generate-demo.ts   (writes data/demo/sufficiency_<la_code>.csv)
 */
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AGE_BANDS,
  MEASURES,
  NEEDS,
  PROVISIONS,
  SETTINGS,
  SETTING_PARTS,
  TEMPLATE_COLUMNS,
  type AgeBand,
  type Measure,
  type Need,
  type Provision,
  type Setting,
} from '../lib/template/codes';

// ---------------------------------------------------------------------------------------------
// Code-list subsets

type SettingPart = Exclude<Setting, 'all'>;
type AgePart = Exclude<AgeBand, 'all'>;
type NeedPart = Exclude<Need, 'all'>;

const SETTING_ROWS: readonly SettingPart[] = SETTING_PARTS.filter(
  (s): s is SettingPart => s !== 'all',
);
const AGE_PARTS: readonly AgePart[] = AGE_BANDS.filter((a): a is AgePart => a !== 'all');
const NEED_PARTS: readonly NeedPart[] = NEEDS.filter((n): n is NeedPart => n !== 'all');

/**
 * Columns of the placement matrix: the stored provision parts plus DfE's "placement provider not
 * reported", which the template cannot hold. Those children count in their setting's total only.
 */
const MATRIX_COLUMNS = [
  'in_house',
  'other_la',
  'other_public',
  'private',
  'voluntary',
  'parents',
  'not_reported',
] as const;
type MatrixColumn = (typeof MATRIX_COLUMNS)[number];
type StoredColumn = Exclude<MatrixColumn, 'not_reported'>;
const STORED_COLUMNS: readonly StoredColumn[] = MATRIX_COLUMNS.filter(
  (c): c is StoredColumn => c !== 'not_reported',
);

const YEARS = [2020, 2021, 2022, 2023, 2024] as const;
const PERIODS: readonly string[] = YEARS.map((y) => `${y}-03-31`);
const LAST_YEAR = YEARS.length - 1;

/** One value per year, 2020..2024. */
type Series = readonly [number, number, number, number, number];

// ---------------------------------------------------------------------------------------------
// Seeded randomness: one independent stream per (council, purpose), so that adding a draw in one
// place does not shift every figure after it.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: turns a stream label into a 32-bit seed. */
function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

interface Random {
  between(lo: number, hi: number): number;
  /** A multiplier in [1 - spread, 1 + spread]. */
  jitter(spread: number): number;
}

function randomStream(label: string): Random {
  const next = mulberry32(hashSeed(`sufficiency-demo-v1:${label}`));
  return {
    between: (lo, hi) => lo + (hi - lo) * next(),
    jitter: (spread) => 1 + spread * (2 * next() - 1),
  };
}

// ---------------------------------------------------------------------------------------------
// Small integer tools

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function valueAt(values: readonly number[], i: number): number {
  const v = values[i];
  if (v === undefined) throw new Error(`index ${i} out of range`);
  return v;
}

/**
 * Splits an integer total over weights (largest remainder), never giving a part more than its cap.
 * Parts with weight 0 get 0.
 */
function apportion(total: number, weights: readonly number[], caps?: readonly number[]): number[] {
  const n = weights.length;
  const cap = (i: number) => (caps ? valueAt(caps, i) : Number.POSITIVE_INFINITY);
  const room = sum(weights.map((w, i) => (w > 0 ? cap(i) : 0)));
  if (total > room) throw new Error(`cannot apportion ${total} within caps ${room}`);
  const shares = new Array<number>(n).fill(0);
  const capped = new Set<number>();
  // Water-filling: parts that would exceed their cap are held at it and the rest re-shared.
  for (;;) {
    const free = weights.map((w, i) => i).filter((i) => valueAt(weights, i) > 0 && !capped.has(i));
    const left = total - sum([...capped].map((i) => cap(i)));
    const wsum = sum(free.map((i) => valueAt(weights, i)));
    let changed = false;
    for (const i of free) {
      const s = wsum > 0 ? (left * valueAt(weights, i)) / wsum : 0;
      if (s > cap(i)) {
        capped.add(i);
        changed = true;
      }
      shares[i] = s;
    }
    if (!changed) break;
  }
  for (const i of capped) shares[i] = cap(i);
  const out = shares.map((s) => Math.floor(s + 1e-9));
  const order = shares
    .map((s, i) => ({ i, frac: s - valueAt(out, i) }))
    .filter(({ i }) => valueAt(weights, i) > 0 && valueAt(out, i) < cap(i))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  let remainder = total - sum(out);
  for (const { i } of order) {
    if (remainder <= 0) break;
    out[i] = valueAt(out, i) + 1;
    remainder--;
  }
  if (remainder !== 0) throw new Error(`apportion left ${remainder} over`);
  return out;
}

/** A dense rows x cols matrix of numbers. */
class Grid {
  private readonly cells: number[];
  constructor(
    readonly rows: number,
    readonly cols: number,
  ) {
    this.cells = new Array<number>(rows * cols).fill(0);
  }
  get(r: number, c: number): number {
    return this.cells[r * this.cols + c] ?? 0;
  }
  set(r: number, c: number, v: number): void {
    this.cells[r * this.cols + c] = v;
  }
  add(r: number, c: number, d: number): void {
    this.set(r, c, this.get(r, c) + d);
  }
  rowSum(r: number): number {
    let s = 0;
    for (let c = 0; c < this.cols; c++) s += this.get(r, c);
    return s;
  }
  colSum(c: number): number {
    let s = 0;
    for (let r = 0; r < this.rows; r++) s += this.get(r, c);
    return s;
  }
}

/** Iterative proportional fitting: scales a seed until its margins match the targets. */
function fitMargins(seed: Grid, rowT: readonly number[], colT: readonly number[]): Grid {
  if (Math.abs(sum(rowT) - sum(colT)) > 1e-9) {
    throw new Error(`margins disagree: rows ${sum(rowT)}, columns ${sum(colT)}`);
  }
  const g = new Grid(seed.rows, seed.cols);
  for (let r = 0; r < g.rows; r++) for (let c = 0; c < g.cols; c++) g.set(r, c, seed.get(r, c));
  const scaleRow = (r: number, f: number) => {
    for (let c = 0; c < g.cols; c++) g.set(r, c, g.get(r, c) * f);
  };
  const scaleCol = (c: number, f: number) => {
    for (let r = 0; r < g.rows; r++) g.set(r, c, g.get(r, c) * f);
  };
  for (let it = 0; it < 5000; it++) {
    for (let r = 0; r < g.rows; r++) {
      const s = g.rowSum(r);
      const t = valueAt(rowT, r);
      if (s > 0) scaleRow(r, t / s);
      else if (t > 0) throw new Error(`row ${r} needs ${t} but has no allowed cell`);
    }
    let worst = 0;
    for (let c = 0; c < g.cols; c++) {
      const s = g.colSum(c);
      const t = valueAt(colT, c);
      if (s > 0) scaleCol(c, t / s);
      else if (t > 0) throw new Error(`column ${c} needs ${t} but has no allowed cell`);
    }
    for (let r = 0; r < g.rows; r++) worst = Math.max(worst, Math.abs(g.rowSum(r) - valueAt(rowT, r)));
    if (worst < 1e-9) return g;
  }
  throw new Error('margins cannot be fitted (targets infeasible for the allowed cells)');
}

/**
 * Rounds a fitted matrix to integers keeping every row and column total exact: largest remainder
 * per row, then single units moved along chains of cells until the columns agree too.
 */
function roundToMargins(
  x: Grid,
  allowed: (r: number, c: number) => boolean,
  rowT: readonly number[],
  colT: readonly number[],
): Grid {
  const g = new Grid(x.rows, x.cols);
  for (let r = 0; r < g.rows; r++) {
    for (let c = 0; c < g.cols; c++) g.set(r, c, Math.floor(x.get(r, c) + 1e-9));
  }
  for (let r = 0; r < g.rows; r++) {
    const bumped = new Set<number>();
    for (let deficit = valueAt(rowT, r) - g.rowSum(r); deficit > 0; deficit--) {
      let best = -1;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < g.cols; c++) {
        if (!allowed(r, c) || bumped.has(c)) continue;
        // Prefer columns still short of their total, then the largest lost fraction.
        const score =
          (g.colSum(c) < valueAt(colT, c) ? 10 : 0) + (x.get(r, c) - Math.floor(x.get(r, c) + 1e-9));
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      if (best < 0) throw new Error(`row ${r} cannot reach ${valueAt(rowT, r)}`);
      g.add(r, best, 1);
      bumped.add(best);
    }
  }
  for (;;) {
    const diff = Array.from({ length: g.cols }, (_, c) => g.colSum(c) - valueAt(colT, c));
    const src = diff.findIndex((d) => d > 0);
    if (src < 0) break;
    // Breadth-first over columns: a step a -> b moves one unit from (r, a) to (r, b).
    const prev = new Map<number, { from: number; row: number }>();
    const queue = [src];
    let found = -1;
    search: while (queue.length > 0) {
      const a = queue.shift() ?? src;
      for (let r = 0; r < g.rows; r++) {
        if (g.get(r, a) <= 0) continue;
        for (let b = 0; b < g.cols; b++) {
          if (b === src || prev.has(b) || !allowed(r, b)) continue;
          prev.set(b, { from: a, row: r });
          if (valueAt(diff, b) < 0) {
            found = b;
            break search;
          }
          queue.push(b);
        }
      }
    }
    if (found < 0) throw new Error('cannot round the matrix to its margins');
    for (let b = found; b !== src; ) {
      const step = prev.get(b);
      if (!step) throw new Error('broken rounding path');
      g.add(step.row, step.from, -1);
      g.add(step.row, b, 1);
      b = step.from;
    }
  }
  return g;
}

// ---------------------------------------------------------------------------------------------
// The councils

interface CouncilConfig {
  code: string;
  name: string;
  /** All children looked after at 31 March (EES "Total"). */
  total: Series;
  /** EES "Foster placements": fostering + kinship_fostering. */
  foster: Series;
  /** Of foster, with relatives or friends (not published by LA; chosen). */
  kinship: Series;
  /** EES "Secure homes and children's homes": residential + secure. */
  residentialSecure: Series;
  secure: Series;
  /** EES "Independent and semi-independent living arrangements/supported accommodation". */
  supported: Series;
  /** EES placement provider at setting=all; not_reported is DfE's "placement provider not reported". */
  provision: Record<MatrixColumn, Series>;
  /** EES age groups ("16 years and over" -> 16_17). */
  ages: Record<AgePart, Series>;
  uasc: Series;
  outsideLa: Series;
  over20Miles: Series;
  /** Typical children per (setting, provision): the shape the yearly margins are fitted to. */
  pattern: Record<SettingPart, Partial<Record<MatrixColumn, number>>>;
  /** Cells held at given values (null: fitted that year). */
  fixed: ReadonlyArray<{ setting: SettingPart; column: StoredColumn; values: readonly (number | null)[] }>;
  /** Share of each setting placed outside the council, and of those, more than 20 miles away. */
  outsidePropensity: Record<SettingPart, number>;
  over20Propensity: Record<SettingPart, number>;
  residentialInHousePlaces: Series;
  residentialBlockBeds: Series;
  supportedBlockUnits: Series;
  /** Where in each cost range the council sits (0 cheap .. 1 dear). */
  costLevel: number;
  /** Yearly decline of in-house fostering households towards 2024 (0.02: 2% a year fewer). */
  fosterHouseholdDecline: number;
  fosterEnquiries: number;
  fosterEnquiryTrend: number;
  fosterApplicationRate: readonly [number, number];
  /** Published or template figures the synthetic ones must honour in 2024. */
  pins2024: {
    fosteringInHousePlaces?: number;
    fosteringInHouseVacant?: number;
    costs?: ReadonlyArray<{ setting: SettingPart; column: StoredColumn; value: number }>;
  };
}

const STOCKTON: CouncilConfig = {
  code: 'E06000004',
  name: 'Stockton-on-Tees',
  // 2020 extrapolated; 2021-2024 from EES (la_cla_on_31_march_by_characteristics).
  total: [556, 578, 574, 577, 581],
  foster: [400, 411, 376, 373, 383],
  kinship: [44, 48, 46, 48, 50],
  residentialSecure: [66, 69, 71, 73, 80],
  secure: [1, 2, 1, 2, 2],
  supported: [16, 18, 33, 41, 24],
  provision: {
    in_house: [326, 329, 308, 279, 294],
    other_la: [3, 3, 2, 3, 4], // published as c (1-5)
    other_public: [0, 0, 1, 2, 2], // c
    private: [122, 134, 144, 158, 155],
    voluntary: [40, 42, 41, 61, 47],
    parents: [64, 69, 76, 71, 57],
    not_reported: [1, 1, 2, 3, 22],
  },
  ages: {
    under_1: [28, 27, 24, 25, 26],
    '1_4': [105, 103, 84, 73, 67],
    '5_9': [128, 129, 122, 127, 138],
    '10_15': [215, 229, 235, 226, 223],
    '16_17': [80, 90, 109, 126, 127],
  },
  uasc: [3, 4, 9, 29, 28],
  outsideLa: [195, 203, 191, 235, 222],
  over20Miles: [40, 44, 31, 47, 54],
  pattern: {
    fostering: { in_house: 214, other_la: 1, private: 87, voluntary: 31 },
    kinship_fostering: { in_house: 48, private: 2 },
    residential: { in_house: 20, other_la: 1, private: 50, voluntary: 7 },
    secure: { other_la: 1.5, other_public: 0.3, private: 0.5 },
    supported_accommodation: { in_house: 4, private: 14, voluntary: 6 },
    other: { in_house: 8, other_public: 2, private: 2, voluntary: 3, parents: 57, not_reported: 22 },
  },
  fixed: [
    // Template example: 214 children with the council's own foster carers in 2024.
    { setting: 'fostering', column: 'in_house', values: [null, null, null, null, 214] },
    // Own children's homes opened over the period (the MPS's "homes that replicate family life").
    { setting: 'residential', column: 'in_house', values: [14, 16, 17, 19, 20] },
  ],
  outsidePropensity: {
    fostering: 0.38,
    kinship_fostering: 0.25,
    residential: 0.62,
    secure: 1,
    supported_accommodation: 0.35,
    other: 0.22,
  },
  over20Propensity: {
    fostering: 0.12,
    kinship_fostering: 0.15,
    residential: 0.45,
    secure: 1,
    supported_accommodation: 0.2,
    other: 0.1,
  },
  residentialInHousePlaces: [16, 18, 20, 22, 24],
  residentialBlockBeds: [4, 4, 6, 6, 8],
  supportedBlockUnits: [10, 12, 16, 18, 18],
  costLevel: 0.55,
  fosterHouseholdDecline: 0.02,
  fosterEnquiries: 265,
  fosterEnquiryTrend: -0.02,
  fosterApplicationRate: [0.12, 0.17],
  pins2024: {
    fosteringInHousePlaces: 236,
    fosteringInHouseVacant: 11,
    costs: [{ setting: 'fostering', column: 'private', value: 921.4 }],
  },
};

const SOUTHWARK: CouncilConfig = {
  code: 'E09000028',
  name: 'Southwark',
  total: [462, 449, 457, 421, 397],
  foster: [345, 338, 328, 289, 272],
  kinship: [62, 64, 60, 55, 52],
  residentialSecure: [46, 44, 37, 37, 42],
  secure: [2, 1, 1, 1, 2],
  supported: [42, 39, 75, 74, 51],
  provision: {
    in_house: [214, 208, 206, 187, 169],
    other_la: [4, 4, 4, 3, 5], // c
    other_public: [2, 2, 2, 2, 3], // c
    private: [214, 209, 215, 191, 177],
    voluntary: [14, 15, 25, 33, 20],
    parents: [10, 9, 3, 3, 3], // 2022-2024 published as c
    not_reported: [4, 2, 2, 2, 20],
  },
  ages: {
    under_1: [17, 16, 10, 11, 12],
    '1_4': [45, 42, 29, 20, 18],
    '5_9': [50, 47, 45, 38, 42],
    '10_15': [200, 197, 194, 183, 151],
    '16_17': [150, 147, 179, 169, 174],
  },
  uasc: [40, 35, 71, 59, 53],
  outsideLa: [330, 337, 343, 299, 302],
  over20Miles: [106, 104, 98, 81, 79],
  pattern: {
    fostering: { in_house: 105, other_la: 3, private: 100, voluntary: 12 },
    kinship_fostering: { in_house: 50, private: 2 },
    residential: { in_house: 5, other_la: 2, private: 33, voluntary: 1 },
    secure: { other_la: 1, other_public: 0.3, private: 1 },
    supported_accommodation: { in_house: 6, private: 38, voluntary: 7 },
    other: { in_house: 4, other_public: 3, private: 1, voluntary: 2, parents: 3, not_reported: 20 },
  },
  fixed: [{ setting: 'residential', column: 'in_house', values: [3, 3, 4, 4, 5] }],
  // Inner London: most foster carers and nearly all homes are outside the borough.
  outsidePropensity: {
    fostering: 0.8,
    kinship_fostering: 0.6,
    residential: 0.95,
    secure: 1,
    supported_accommodation: 0.7,
    other: 0.5,
  },
  over20Propensity: {
    fostering: 0.2,
    kinship_fostering: 0.25,
    residential: 0.6,
    secure: 1,
    supported_accommodation: 0.25,
    other: 0.15,
  },
  residentialInHousePlaces: [4, 4, 6, 6, 6],
  residentialBlockBeds: [2, 4, 4, 6, 6],
  supportedBlockUnits: [30, 34, 40, 40, 36],
  costLevel: 0.7,
  fosterHouseholdDecline: 0.06,
  fosterEnquiries: 380,
  fosterEnquiryTrend: -0.03,
  fosterApplicationRate: [0.09, 0.13],
  pins2024: {},
};

const DEMO_COUNCILS: readonly CouncilConfig[] = [STOCKTON, SOUTHWARK];

// ---------------------------------------------------------------------------------------------
// Modelling assumptions shared by both councils

/** Relative age mix per setting; 0 marks an age band that setting does not take. */
const AGE_PROFILE: Record<SettingPart, readonly number[]> = {
  fostering: [0.05, 0.15, 0.27, 0.4, 0.13],
  kinship_fostering: [0.06, 0.2, 0.3, 0.34, 0.1],
  residential: [0, 0, 0.04, 0.66, 0.3],
  secure: [0, 0, 0, 0.6, 0.4],
  supported_accommodation: [0, 0, 0, 0, 1],
  other: [0.15, 0.25, 0.25, 0.25, 0.1],
};

/** Within a setting, how a provision's age mix leans (adoption is young, IFAs take more teenagers). */
const PROVISION_AGE_TILT: Partial<Record<SettingPart, Partial<Record<MatrixColumn, readonly number[]>>>> = {
  fostering: { private: [0.7, 0.8, 0.9, 1.15, 1.2], voluntary: [0.7, 0.8, 0.9, 1.15, 1.2] },
  other: {
    in_house: [3, 3, 1, 0.3, 0.1],
    voluntary: [3, 3, 1, 0.3, 0.1],
    private: [0, 0, 0.5, 1.5, 1.5],
    other_public: [0, 0.2, 0.5, 1.5, 2],
  },
};

function agePlausible(setting: SettingPart, ageIndex: number): boolean {
  return valueAt(AGE_PROFILE[setting], ageIndex) > 0;
}

/** Share of each setting's children with a need (UASC is shared out from the published total). */
type NeedRates = Record<Exclude<NeedPart, 'uasc'>, number>;
const needRates = (
  sibling_group: number,
  parent_and_child: number,
  disability: number,
  complex_needs: number,
  emergency: number,
): NeedRates => ({ sibling_group, parent_and_child, disability, complex_needs, emergency });
const NEED_RATES: Record<SettingPart, NeedRates> = {
  // sibling_group, parent_and_child, disability, complex_needs, emergency
  fostering: needRates(0.24, 0.015, 0.06, 0.08, 0.04),
  kinship_fostering: needRates(0.34, 0.005, 0.03, 0.03, 0.06),
  residential: needRates(0.05, 0, 0.18, 0.55, 0.08),
  secure: needRates(0, 0, 0, 0.9, 0.3),
  supported_accommodation: needRates(0.02, 0.03, 0.04, 0.2, 0.05),
  other: needRates(0.2, 0.03, 0.05, 0.05, 0.02),
};
const UASC_WEIGHT: Record<SettingPart, number> = {
  fostering: 0.42,
  kinship_fostering: 0,
  residential: 0.04,
  secure: 0,
  supported_accommodation: 0.52,
  other: 0.02,
};

/**
 * Placements started per child in the stock per year. Supported accommodation and secure stays
 * are short, so they turn over faster than the 25-40% of family settings.
 */
const TURNOVER: Record<SettingPart, number> = {
  fostering: 0.32,
  kinship_fostering: 0.25,
  residential: 0.42,
  secure: 2.5,
  supported_accommodation: 0.6,
  other: 0.38,
};

/** Share of placement requests not matched to the kind sought, and how it varies by age band. */
const UNMATCHED: Record<SettingPart, { rate: number; byAge: readonly number[] }> = {
  fostering: { rate: 0.14, byAge: [0.3, 0.5, 0.8, 1.35, 1.5] },
  kinship_fostering: { rate: 0.04, byAge: [1, 1, 1, 1, 1] },
  residential: { rate: 0.28, byAge: [0, 0, 0.8, 1.4, 0.9] },
  secure: { rate: 0.45, byAge: [0, 0, 0, 1.1, 0.9] },
  supported_accommodation: { rate: 0.12, byAge: [0, 0, 0, 0, 1] },
  other: { rate: 0.03, byAge: [1, 1, 1, 1, 1] },
};
/** New entrants are young and breakdowns are teenage: requests per child by age band. */
const REFERRALS_PER_CHILD_BY_AGE = [1.5, 1, 0.8, 1.1, 1.2];

/** Referrals by need (fostering and residential): share of the setting's referrals, unmatched rate. */
const REFERRAL_NEEDS: Partial<Record<SettingPart, Record<NeedPart, { share: number; unmatched: number }>>> = {
  fostering: {
    sibling_group: { share: 0.18, unmatched: 0.3 },
    parent_and_child: { share: 0.04, unmatched: 0.25 },
    disability: { share: 0.06, unmatched: 0.25 },
    uasc: { share: 0, unmatched: 0.1 },
    complex_needs: { share: 0.1, unmatched: 0.35 },
    emergency: { share: 0.3, unmatched: 0.18 },
  },
  residential: {
    sibling_group: { share: 0.03, unmatched: 0.3 },
    parent_and_child: { share: 0, unmatched: 0 },
    disability: { share: 0.15, unmatched: 0.4 },
    uasc: { share: 0, unmatched: 0.2 },
    complex_needs: { share: 0.6, unmatched: 0.45 },
    emergency: { share: 0.35, unmatched: 0.35 },
  },
};

/** Average weekly cost ranges in 2024 (GBP) per (setting, provision). */
const COST_RANGES: Record<SettingPart, Partial<Record<StoredColumn, readonly [number, number]>>> = {
  fostering: { in_house: [450, 650], other_la: [600, 800], private: [850, 1000], voluntary: [850, 1000] },
  kinship_fostering: { in_house: [300, 450], private: [850, 1000] },
  residential: { in_house: [4500, 6500], other_la: [5000, 6500], private: [5500, 8500], voluntary: [5200, 7500] },
  secure: { other_la: [7000, 10500], other_public: [7000, 10500], private: [7000, 10500] },
  supported_accommodation: { in_house: [1200, 1800], private: [1500, 3000], voluntary: [1200, 2200] },
  other: { in_house: [200, 450], other_public: [500, 800], private: [500, 800], voluntary: [350, 650], parents: [200, 350] },
};

// ---------------------------------------------------------------------------------------------
// Output rows

interface Row {
  period: string;
  setting: Setting;
  provision: Provision;
  age: AgeBand;
  need: Need;
  measure: Measure;
  value: number;
}

class RowSet {
  private readonly rows = new Map<string, Row>();

  add(
    period: string,
    setting: Setting,
    provision: Provision,
    age: AgeBand,
    need: Need,
    measure: Measure,
    value: number,
  ): void {
    const key = [period, setting, provision, age, need, measure].join('|');
    if (this.rows.has(key)) throw new Error(`duplicate key ${key}`);
    const whole = measure === 'weekly_cost_gbp' || Number.isInteger(value);
    if (!Number.isFinite(value) || value < 0 || !whole) throw new Error(`bad value ${value} for ${key}`);
    this.rows.set(key, { period, setting, provision, age, need, measure, value });
  }

  toCsv(code: string, name: string): string {
    const rank = <T extends string>(list: readonly T[], v: T) => list.indexOf(v);
    const sorted = [...this.rows.values()].sort(
      (a, b) =>
        a.period.localeCompare(b.period) ||
        rank(SETTINGS, a.setting) - rank(SETTINGS, b.setting) ||
        rank(PROVISIONS, a.provision) - rank(PROVISIONS, b.provision) ||
        rank(AGE_BANDS, a.age) - rank(AGE_BANDS, b.age) ||
        rank(NEEDS, a.need) - rank(NEEDS, b.need) ||
        rank(MEASURES, a.measure) - rank(MEASURES, b.measure),
    );
    const lines = sorted.map((r) =>
      [
        r.period,
        code,
        name,
        r.setting,
        r.provision,
        r.age,
        r.need,
        r.measure,
        r.measure === 'weekly_cost_gbp' ? r.value.toFixed(2) : String(r.value),
      ].join(','),
    );
    return [TEMPLATE_COLUMNS.join(','), ...lines].join('\n') + '\n';
  }
}

// ---------------------------------------------------------------------------------------------
// The model, one council at a time

type Placements = Record<SettingPart, Record<MatrixColumn, number>>;
type ByAge = Record<AgePart, number>;

function settingTotals(c: CouncilConfig, y: number): Record<SettingPart, number> {
  const at = (s: Series) => valueAt(s, y);
  const totals: Record<SettingPart, number> = {
    fostering: at(c.foster) - at(c.kinship),
    kinship_fostering: at(c.kinship),
    residential: at(c.residentialSecure) - at(c.secure),
    secure: at(c.secure),
    supported_accommodation: at(c.supported),
    other: at(c.total) - at(c.foster) - at(c.residentialSecure) - at(c.supported),
  };
  const provisionSum = sum(MATRIX_COLUMNS.map((col) => at(c.provision[col])));
  const ageSum = sum(AGE_PARTS.map((a) => at(c.ages[a])));
  if (totals.other < 0 || provisionSum !== at(c.total) || ageSum !== at(c.total)) {
    throw new Error(`${c.name} ${YEARS[y]}: settings, provisions and ages do not add up to the total`);
  }
  return totals;
}

function cellAllowed(c: CouncilConfig, s: SettingPart, col: MatrixColumn): boolean {
  return (c.pattern[s][col] ?? 0) > 0 || c.fixed.some((f) => f.setting === s && f.column === col);
}

function fixedValue(c: CouncilConfig, s: SettingPart, col: MatrixColumn, y: number): number | null {
  const f = c.fixed.find((x) => x.setting === s && x.column === col);
  return f?.values[y] ?? null;
}

/** Children by setting x provision: the pattern fitted to the year's published margins. */
function placements(c: CouncilConfig, y: number, totals: Record<SettingPart, number>): Placements {
  const rowT = SETTING_ROWS.map((s) => totals[s]);
  const colT = MATRIX_COLUMNS.map((col) => valueAt(c.provision[col], y));
  const seed = new Grid(SETTING_ROWS.length, MATRIX_COLUMNS.length);
  const allowed = (r: number, k: number) => {
    const s = SETTING_ROWS[r];
    const col = MATRIX_COLUMNS[k];
    return s !== undefined && col !== undefined && cellAllowed(c, s, col) && fixedValue(c, s, col, y) === null;
  };
  SETTING_ROWS.forEach((s, r) =>
    MATRIX_COLUMNS.forEach((col, k) => {
      const fixed = fixedValue(c, s, col, y);
      if (fixed !== null) {
        // Held cells leave the fit: their children come off both margins.
        rowT[r] = valueAt(rowT, r) - fixed;
        colT[k] = valueAt(colT, k) - fixed;
      } else if (allowed(r, k)) {
        seed.set(r, k, c.pattern[s][col] ?? 0);
      }
    }),
  );
  const fitted = roundToMargins(fitMargins(seed, rowT, colT), allowed, rowT, colT);
  const out = {} as Placements;
  SETTING_ROWS.forEach((s, r) => {
    out[s] = {} as Record<MatrixColumn, number>;
    MATRIX_COLUMNS.forEach((col, k) => {
      out[s][col] = fixedValue(c, s, col, y) ?? fitted.get(r, k);
    });
  });
  return out;
}

/** Children by setting x age band: the age profiles fitted to the published age groups. */
function agesBySetting(c: CouncilConfig, y: number, totals: Record<SettingPart, number>): Record<SettingPart, ByAge> {
  const rowT = SETTING_ROWS.map((s) => totals[s]);
  const colT = AGE_PARTS.map((a) => valueAt(c.ages[a], y));
  const seed = new Grid(SETTING_ROWS.length, AGE_PARTS.length);
  SETTING_ROWS.forEach((s, r) =>
    AGE_PARTS.forEach((_, a) => seed.set(r, a, totals[s] * valueAt(AGE_PROFILE[s], a))),
  );
  const allowed = (r: number, a: number) => seed.get(r, a) > 0;
  const g = roundToMargins(fitMargins(seed, rowT, colT), allowed, rowT, colT);
  const out = {} as Record<SettingPart, ByAge>;
  SETTING_ROWS.forEach((s, r) => {
    out[s] = {} as ByAge;
    AGE_PARTS.forEach((a, k) => (out[s][a] = g.get(r, k)));
  });
  return out;
}

/** Within one setting, children by age band x provision (the margins kept exactly, integers). */
function agesByProvision(
  c: CouncilConfig,
  s: SettingPart,
  ages: ByAge,
  byProvision: Record<MatrixColumn, number>,
): Record<AgePart, Record<MatrixColumn, number>> {
  const rowT = AGE_PARTS.map((a) => ages[a]);
  const colT = MATRIX_COLUMNS.map((col) => byProvision[col]);
  const seed = new Grid(AGE_PARTS.length, MATRIX_COLUMNS.length);
  AGE_PARTS.forEach((_, r) =>
    MATRIX_COLUMNS.forEach((col, k) => {
      const tilt = PROVISION_AGE_TILT[s]?.[col];
      seed.set(r, k, valueAt(rowT, r) * valueAt(colT, k) * (tilt ? valueAt(tilt, r) : 1));
    }),
  );
  const allowed = (r: number, k: number) => {
    const col = MATRIX_COLUMNS[k];
    const tilt = col === undefined ? 0 : (PROVISION_AGE_TILT[s]?.[col]?.[r] ?? 1);
    return agePlausible(s, r) && col !== undefined && cellAllowed(c, s, col) && tilt > 0;
  };
  const g = roundToMargins(fitMargins(seed, rowT, colT), allowed, rowT, colT);
  const out = {} as Record<AgePart, Record<MatrixColumn, number>>;
  AGE_PARTS.forEach((a, r) => {
    out[a] = {} as Record<MatrixColumn, number>;
    MATRIX_COLUMNS.forEach((col, k) => (out[a][col] = g.get(r, k)));
  });
  return out;
}

function generateCouncil(c: CouncilConfig): string {
  const rows = new RowSet();
  const rnd = (purpose: string) => randomStream(`${c.code}:${purpose}`);
  const needRnd = rnd('needs');
  const flowRnd = rnd('flows');
  const referralRnd = rnd('referrals');
  const placesRnd = rnd('places');
  const recruitRnd = rnd('recruitment');

  const totalsByYear = YEARS.map((_, y) => settingTotals(c, y));
  const matrices = totalsByYear.map((totals, y) => placements(c, y, totals));

  // In-house foster places: the children placed plus 8-12% approved but unused; a few vacant.
  const fosterRnd = rnd('foster-capacity');
  const fosterCapacity = matrices.map((m, y) => {
    const pinned = y === LAST_YEAR ? c.pins2024 : {};
    const children = m.fostering.in_house;
    const places =
      pinned.fosteringInHousePlaces ?? children + Math.round(children * fosterRnd.between(0.08, 0.12));
    const vacant =
      pinned.fosteringInHouseVacant ??
      Math.min(places - children, Math.round(places * fosterRnd.between(0.035, 0.06)));
    return { places, vacant };
  });
  // Households decline smoothly to the 2024 figure (1.45 places per household then): carers
  // come and go more slowly than the children they look after.
  const lastCapacity = fosterCapacity[LAST_YEAR];
  if (!lastCapacity) throw new Error('no 2024 capacity');
  const householdsAt = (y: number) =>
    Math.round((lastCapacity.places / 1.45) * (1 + c.fosterHouseholdDecline * (LAST_YEAR - y)));
  // Households at the end of the year before; carried forward through the loop.
  let fosterHouseholds = householdsAt(-1);
  let kinshipHouseholds = 0;

  // Cost in 2024 per cell, then deflated year by year at 4-9% growth.
  const costs = new Map<string, number[]>();
  const costRnd = rnd('costs');
  for (const s of SETTING_ROWS) {
    for (const col of STORED_COLUMNS) {
      const range = COST_RANGES[s][col];
      if (!range || !cellAllowed(c, s, col)) continue;
      const pin = c.pins2024.costs?.find((p) => p.setting === s && p.column === col);
      // Kept off the range ends so no figure looks like a cap.
      const position = Math.min(0.95, Math.max(0.05, c.costLevel + costRnd.between(-0.2, 0.2)));
      const byYear = new Array<number>(YEARS.length).fill(0);
      byYear[LAST_YEAR] = pin?.value ?? range[0] + (range[1] - range[0]) * position;
      for (let y = LAST_YEAR - 1; y >= 0; y--) {
        byYear[y] = valueAt(byYear, y + 1) / (1 + costRnd.between(0.04, 0.09));
      }
      costs.set(`${s}|${col}`, byYear.map((v) => Math.round(v * 100) / 100));
    }
  }

  YEARS.forEach((_, y) => {
    const period = PERIODS[y];
    const totals = totalsByYear[y];
    if (period === undefined || totals === undefined) throw new Error(`no year ${y}`);
    const prevTotals = totalsByYear[y - 1] ?? totals;
    const trendYears = y - LAST_YEAR; // 0 in 2024, negative before
    const m = matrices[y];
    const capacity = fosterCapacity[y];
    if (!m || !capacity) throw new Error(`no year ${y}`);
    const ages = agesBySetting(c, y, totals);
    const agesProv = Object.fromEntries(
      SETTING_ROWS.map((s) => [s, agesByProvision(c, s, ages[s], m[s])]),
    ) as Record<SettingPart, Record<AgePart, Record<MatrixColumn, number>>>;
    const add = (
      setting: Setting,
      provision: Provision,
      age: AgeBand,
      need: Need,
      measure: Measure,
      value: number,
    ) => rows.add(period, setting, provision, age, need, measure, value);

    // --- children_placed: setting x provision, totals, age bands, needs
    for (const s of SETTING_ROWS) {
      for (const col of STORED_COLUMNS) {
        if (!cellAllowed(c, s, col)) continue;
        add(s, col, 'all', 'all', 'children_placed', m[s][col]);
        AGE_PARTS.forEach((a, i) => {
          if (agePlausible(s, i)) add(s, col, a, 'all', 'children_placed', agesProv[s][a][col]);
        });
      }
      add(s, 'all', 'all', 'all', 'children_placed', totals[s]);
      // Every age band at setting level, a true 0 where none can be (e.g. under-16s in supported
      // accommodation), so a priority such as "no under-16s in supported accommodation" has data.
      AGE_PARTS.forEach((a, i) => add(s, 'all', a, 'all', 'children_placed', agePlausible(s, i) ? ages[s][a] : 0));
    }
    for (const col of STORED_COLUMNS) {
      add('all', col, 'all', 'all', 'children_placed', sum(SETTING_ROWS.map((s) => m[s][col])));
    }
    add('all', 'all', 'all', 'all', 'children_placed', valueAt(c.total, y));
    for (const a of AGE_PARTS) {
      add('all', 'all', a, 'all', 'children_placed', sum(SETTING_ROWS.map((s) => ages[s][a])));
    }

    const teenagers = (s: SettingPart) => ages[s]['10_15'] + ages[s]['16_17'];
    const uasc = apportion(
      valueAt(c.uasc, y),
      SETTING_ROWS.map((s) => UASC_WEIGHT[s] * Math.sqrt(totals[s])),
      SETTING_ROWS.map(teenagers),
    );
    const needTotals = new Map<NeedPart, number>();
    SETTING_ROWS.forEach((s, i) => {
      for (const need of NEED_PARTS) {
        let v: number;
        if (need === 'uasc') v = valueAt(uasc, i);
        else {
          // Complex needs rise a little each year: the pressure the MPS describes.
          const trend = need === 'complex_needs' ? 1 + 0.03 * trendYears : 1;
          v = Math.min(totals[s], Math.round(totals[s] * NEED_RATES[s][need] * trend * needRnd.jitter(0.12)));
        }
        add(s, 'all', 'all', need, 'children_placed', v);
        needTotals.set(need, (needTotals.get(need) ?? 0) + v);
      }
    });
    for (const need of NEED_PARTS) add('all', 'all', 'all', need, 'children_placed', needTotals.get(need) ?? 0);

    // --- where children live: outside the council, and over 20 miles (a subset in practice here)
    const outside = apportion(
      valueAt(c.outsideLa, y),
      SETTING_ROWS.map((s) => totals[s] * c.outsidePropensity[s]),
      SETTING_ROWS.map((s) => totals[s]),
    );
    const over20 = apportion(
      valueAt(c.over20Miles, y),
      SETTING_ROWS.map((s, i) => valueAt(outside, i) * c.over20Propensity[s]),
      outside,
    );
    SETTING_ROWS.forEach((s, i) => {
      add(s, 'all', 'all', 'all', 'placed_outside_la', valueAt(outside, i));
      add(s, 'all', 'all', 'all', 'placed_over_20_miles', valueAt(over20, i));
    });
    add('all', 'all', 'all', 'all', 'placed_outside_la', valueAt(c.outsideLa, y));
    add('all', 'all', 'all', 'all', 'placed_over_20_miles', valueAt(c.over20Miles, y));

    // --- costs where children are placed
    for (const s of SETTING_ROWS) {
      for (const col of STORED_COLUMNS) {
        const cost = costs.get(`${s}|${col}`);
        if (cost && m[s][col] > 0) add(s, col, 'all', 'all', 'weekly_cost_gbp', valueAt(cost, y));
      }
    }

    // --- flows: starts minus ends is the change in the stock, so the years chain up
    const starts: number[] = [];
    const ends: number[] = [];
    for (const s of SETTING_ROWS) {
      const change = totals[s] - prevTotals[s];
      const minEnds = Math.ceil(0.15 * prevTotals[s]);
      const st = Math.max(Math.round(TURNOVER[s] * totals[s] * flowRnd.jitter(0.1)), change + minEnds, 0);
      starts.push(st);
      ends.push(st - change);
      add(s, 'all', 'all', 'all', 'starts', st);
      add(s, 'all', 'all', 'all', 'ends', st - change);
    }
    add('all', 'all', 'all', 'all', 'starts', sum(starts));
    add('all', 'all', 'all', 'all', 'ends', sum(ends));

    // --- referrals: placement requests in the year, by age band and (two settings) by need
    const pressure = 1 + 0.05 * trendYears; // unmatched requests grow towards 2024
    const refByAge = new Map<AgePart, { referrals: number; unmatched: number }>();
    SETTING_ROWS.forEach((s, i) => {
      const referrals = Math.round(valueAt(starts, i) * referralRnd.between(1.15, 1.35));
      const weights = AGE_PARTS.map((a, k) =>
        agePlausible(s, k) ? (ages[s][a] + 0.5) * valueAt(REFERRALS_PER_CHILD_BY_AGE, k) : 0,
      );
      const split = apportion(referrals, weights);
      let unmatchedAll = 0;
      AGE_PARTS.forEach((a, k) => {
        if (!agePlausible(s, k)) return;
        const ref = valueAt(split, k);
        const rate = UNMATCHED[s].rate * valueAt(UNMATCHED[s].byAge, k) * pressure;
        const unmatched = Math.min(ref, Math.round(ref * rate * referralRnd.jitter(0.15)));
        unmatchedAll += unmatched;
        add(s, 'all', a, 'all', 'referrals', ref);
        add(s, 'all', a, 'all', 'referrals_unmatched', unmatched);
        const acc = refByAge.get(a) ?? { referrals: 0, unmatched: 0 };
        refByAge.set(a, { referrals: acc.referrals + ref, unmatched: acc.unmatched + unmatched });
      });
      add(s, 'all', 'all', 'all', 'referrals', referrals);
      add(s, 'all', 'all', 'all', 'referrals_unmatched', unmatchedAll);
      const needs = REFERRAL_NEEDS[s];
      if (needs) {
        for (const need of NEED_PARTS) {
          const spec = needs[need];
          // UASC requests follow the share of UASC among the setting's children.
          const share = need === 'uasc' ? (1.3 * valueAt(uasc, i)) / Math.max(1, totals[s]) : spec.share;
          const ref = Math.min(referrals, Math.round(referrals * share * referralRnd.jitter(0.15)));
          const unmatched = Math.min(ref, Math.round(ref * spec.unmatched * pressure * referralRnd.jitter(0.15)));
          add(s, 'all', 'all', need, 'referrals', ref);
          add(s, 'all', 'all', need, 'referrals_unmatched', unmatched);
        }
      }
    });
    let allRef = 0;
    let allUnmatched = 0;
    for (const a of AGE_PARTS) {
      const v = refByAge.get(a) ?? { referrals: 0, unmatched: 0 };
      allRef += v.referrals;
      allUnmatched += v.unmatched;
      add('all', 'all', a, 'all', 'referrals', v.referrals);
      add('all', 'all', a, 'all', 'referrals_unmatched', v.unmatched);
    }
    add('all', 'all', 'all', 'all', 'referrals', allRef);
    add('all', 'all', 'all', 'all', 'referrals_unmatched', allUnmatched);

    // --- capacity: the council's own places, and block-contracted ones
    const addPlaces = (setting: SettingPart, provision: Provision, places: number, vacant: number) => {
      add(setting, provision, 'all', 'all', 'places', places);
      add(setting, provision, 'all', 'all', 'places_vacant', vacant);
    };
    const fosterSpareWeights = [1.5, 2.5, 2.5, 2, 0.5]; // carers are mostly approved for younger children
    addCapacityByAge(add, 'fostering', capacity.places, capacity.vacant, agesProv.fostering, fosterSpareWeights);

    // Kinship carers are approved for a named child, so there is hardly any spare capacity.
    const kinshipChildren = m.kinship_fostering.in_house;
    const kinshipPlaces = kinshipChildren + Math.round(placesRnd.between(1, 3));
    const kinshipVacant = Math.min(kinshipPlaces - kinshipChildren, Math.round(placesRnd.between(0, 1.4)));
    addPlaces('kinship_fostering', 'in_house', kinshipPlaces, kinshipVacant);

    const homePlaces = valueAt(c.residentialInHousePlaces, y);
    const homeSpare = homePlaces - m.residential.in_house;
    if (homeSpare < 0) throw new Error(`${c.name}: more children than beds in own homes`);
    const homeVacant = Math.min(homeSpare, Math.round(placesRnd.between(0.6, 2.4)));
    addCapacityByAge(add, 'residential', homePlaces, homeVacant, agesProv.residential, [0, 0, 0.3, 2, 1]);

    const blockBeds = valueAt(c.residentialBlockBeds, y);
    addPlaces('residential', 'commissioned', blockBeds, Math.min(blockBeds, Math.round(placesRnd.between(0, 1.5))));

    const supportedChildren = m.supported_accommodation.in_house;
    const supportedPlaces = supportedChildren + Math.round(placesRnd.between(1, 3));
    const supportedVacant = Math.min(supportedPlaces - supportedChildren, Math.round(placesRnd.between(0.3, 1.6)));
    addPlaces('supported_accommodation', 'in_house', supportedPlaces, supportedVacant);
    const units = valueAt(c.supportedBlockUnits, y);
    addPlaces('supported_accommodation', 'commissioned', units, Math.round(units * placesRnd.between(0.04, 0.12)));

    // --- recruitment: approvals minus deregistrations is the net change in households
    const households = householdsAt(y);
    const enquiryLevel = c.fosterEnquiries * (1 + c.fosterEnquiryTrend * (y - 2));
    const enquiries = Math.round(enquiryLevel * recruitRnd.jitter(0.08));
    const applications = Math.round(enquiries * recruitRnd.between(...c.fosterApplicationRate));
    addFunnel(add, 'fostering', {
      households,
      previous: fosterHouseholds,
      enquiries,
      applications,
      approved: Math.round(applications * recruitRnd.between(0.55, 0.75)),
    });
    fosterHouseholds = households;

    // Kinship carers are assessed for a named child: fewer enquiries, higher conversion.
    const kinHouseholds = Math.round(kinshipChildren / recruitRnd.between(1.2, 1.3));
    if (y === 0) kinshipHouseholds = kinHouseholds + Math.round(recruitRnd.between(-1, 2));
    const kinEnquiries = Math.round(kinHouseholds * recruitRnd.between(0.9, 1.3));
    const kinApplications = Math.round(kinEnquiries * recruitRnd.between(0.45, 0.6));
    addFunnel(add, 'kinship_fostering', {
      households: kinHouseholds,
      previous: kinshipHouseholds,
      enquiries: kinEnquiries,
      applications: kinApplications,
      approved: Math.round(kinApplications * recruitRnd.between(0.6, 0.8)),
    });
    kinshipHouseholds = kinHouseholds;
  });

  return rows.toCsv(c.code, c.name);
}

type AddRow = (
  setting: Setting,
  provision: Provision,
  age: AgeBand,
  need: Need,
  measure: Measure,
  value: number,
) => void;

/**
 * In-house places and vacancies overall and by age band: each band holds its children plus a
 * share of the spare places (weighted towards the ages carers or homes are approved for), and
 * vacancies sit within the spare places.
 */
function addCapacityByAge(
  add: AddRow,
  setting: 'fostering' | 'residential',
  places: number,
  vacant: number,
  agesProv: Record<AgePart, Record<MatrixColumn, number>>,
  spareWeights: readonly number[],
): void {
  const children = AGE_PARTS.map((a) => agesProv[a].in_house);
  const spare = places - sum(children);
  if (spare < 0 || vacant > spare) throw new Error(`${setting}: places ${places} do not cover children and vacancies`);
  const spareByAge = apportion(spare, spareWeights);
  const vacantByAge = apportion(vacant, spareWeights, spareByAge);
  add(setting, 'in_house', 'all', 'all', 'places', places);
  add(setting, 'in_house', 'all', 'all', 'places_vacant', vacant);
  AGE_PARTS.forEach((a, k) => {
    if (!agePlausible(setting, k)) return;
    add(setting, 'in_house', a, 'all', 'places', valueAt(children, k) + valueAt(spareByAge, k));
    add(setting, 'in_house', a, 'all', 'places_vacant', valueAt(vacantByAge, k));
  });
}

/** Emits the recruitment funnel, adjusting approvals so the household count chains year to year. */
function addFunnel(
  add: AddRow,
  setting: 'fostering' | 'kinship_fostering',
  f: { households: number; previous: number; enquiries: number; applications: number; approved: number },
): void {
  const change = f.households - f.previous;
  let approved = f.approved;
  let deregistered = approved - change;
  const minDeregistered = setting === 'fostering' ? 4 : 2;
  if (deregistered < minDeregistered) {
    deregistered = minDeregistered;
    approved = change + minDeregistered;
  }
  const applications = Math.max(f.applications, approved);
  const enquiries = Math.max(f.enquiries, applications);
  add(setting, 'in_house', 'all', 'all', 'carer_households', f.households);
  add(setting, 'in_house', 'all', 'all', 'enquiries', enquiries);
  add(setting, 'in_house', 'all', 'all', 'applications', applications);
  add(setting, 'in_house', 'all', 'all', 'households_approved', approved);
  add(setting, 'in_house', 'all', 'all', 'households_deregistered', deregistered);
}

/** The demo files: file name -> CSV text (template v1, LF, no BOM). */
export function generateDemo(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const c of DEMO_COUNCILS) files[`sufficiency_${c.code}.csv`] = generateCouncil(c);
  return files;
}

/**
 * The filled example served on the import page: Stockton-on-Tees 2024 at all ages and needs,
 * taken from the demo file so it always imports cleanly.
 */
export function exampleFile(demo: Record<string, string>): string {
  const lines = (demo['sufficiency_E06000004.csv'] ?? '').split('\n');
  const rows = lines.slice(1).filter((l) => l.startsWith('2024-03-31,') && l.includes(',all,all,'));
  return [lines[0], ...rows].join('\n') + '\n';
}

function isDirectRun(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  const canonical = (p: string) => {
    let resolved = path.resolve(p);
    try {
      resolved = realpathSync(resolved);
    } catch {
      // A path without its extension (tsx allows it) does not exist as given.
    }
    return resolved.replace(/\.[cm]?[jt]s$/, '');
  };
  return canonical(entry) === canonical(fileURLToPath(import.meta.url));
}

if (isDirectRun()) {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'demo');
  mkdirSync(dir, { recursive: true });
  const demo = generateDemo();
  const example = path.resolve(dir, '..', '..', 'public', 'downloads', 'sufficiency-example.csv');
  writeFileSync(example, exampleFile(demo));
  console.log(`wrote ${path.relative(process.cwd(), example)}`);
  for (const [file, text] of Object.entries(demo)) {
    writeFileSync(path.join(dir, file), text);
    const rows = text.split('\n').length - 2; // header and the final newline
    console.log(`wrote ${path.relative(process.cwd(), path.join(dir, file))}: ${rows} rows`);
  }
}
