/**
 * Synthetic SSDA903 returns: the child-level data English councils send DfE each year
 * (docs/ssda903.md), for the demo and for load tests.
 *
 * Demo: five returns for Stockton-on-Tees, the years ending 31 March 2020-2024, named like the
 * shared samples by the year each return starts (2019-header.csv is 2019-20), plus a postcode
 * sector lookup. The children have a longitudinal history (care starts, placement moves, changes
 * of legal status, care ends, a few short breaks under V3) and the 31 March 2024 stock, counted by
 * the definitions in docs/ssda903.md, reproduces exactly the demo template's 2024 children_placed
 * figures for Stockton (setting x provision x age band, UASC) and DfE's published 222 children
 * placed outside the council and 54 placed more than 20 miles from home. The 31 March stocks of
 * 2020-2023 match the template's totals; everything else (the histories, flows, ages, places,
 * postcodes, IDs) is synthetic, drawn from a seeded PRNG so that every run gives byte-identical
 * files. The generator checks its own output afterwards (the --check below).
 *
 * The children's homes are Ofsted's, from its register of providers and places at 31 March 2023
 * (data/reference/ofsted): children in the council's own homes (K2, PR1) live in Stockton's active
 * Local Authority children's homes by their URNs (short breaks in its short-break-only home), and
 * every child in a private or voluntary children's home inside the borough lives in one of the
 * borough's registered Private or Voluntary homes, never more children in a home than its Places,
 * never before it was registered. On 31 March 2023 exactly 21 of the council's children live in
 * those homes (Stockton's own published figure, April 2024: 21 of the 50 places in the borough's
 * external homes). Homes elsewhere are real homes of the council of their PL_POST sector while
 * the register has enough of the kind, fake URNs beyond that (and for R1, which Ofsted does not
 * register). Places and registration dates are the register's, as at 31 March 2023, for every year.
 *
 * National scale: one return (the year ending 31 March 2024) of about N episodes, streamed to
 * disk in chunks so memory stays flat.
 *
 * Run: npx tsx scripts/generate-ssda903.ts
 *        (writes data/demo/ssda903/E06000004/<year>-{header,episodes,uasc}.csv and
 *        data/demo/ssda903/postcode_sectors.csv, then checks them)
 *      npx tsx scripts/generate-ssda903.ts --episodes 1000000 --out DIR [--seed N]
 *        (writes DIR/header.csv, DIR/episodes.csv, DIR/uasc.csv)
 *      npx tsx scripts/generate-ssda903.ts --check DIR
 *        (recomputes from the files alone: validity, and for the demo the 31 March 2024 stock
 *        against the template; exits 1 on any failure)
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, realpathSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LA_CODE = 'E06000004';
const DEMO_DIR = path.join(ROOT, 'data', 'demo', 'ssda903');
const TEMPLATE_FILE = (la: string) => path.join(ROOT, 'data', 'demo', `sufficiency_${la}.csv`);
const COUNCILS_FILE = path.join(ROOT, 'data', 'reference', 'councils.csv');
/** Ofsted's providers and places at 31 March 2023 (the first of these names that exists). */
const REGISTER_FILES = ['ofsted_csc_providers_places_at_31_Mar_2023.csv', 'ofsted_csc_providers_places_at_31_Mar_2023_raw.csv'].map((f) =>
  path.join(ROOT, 'data', 'reference', 'ofsted', f),
);
/**
 * What the council itself published: its own children living in the external (private and
 * voluntary) children's homes in the borough, and those homes' places (Stockton, April 2024). The
 * demo has exactly that many there on 31 March 2023, the register's date.
 */
const PUBLISHED_EXTERNAL: Readonly<Record<string, { children: number; places: number; when: string }>> = {
  E06000004: { children: 21, places: 50, when: 'April 2024' },
};

const HEADER_COLUMNS = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB';
const EPISODE_COLUMNS =
  'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';
const UASC_COLUMNS = 'CHILD,SEX,DOB,DUC';

// ---------------------------------------------------------------------------------------------
// Dates: whole days since 1 January 1970 (UTC), with a calendar table for speed

type Day = number;
const MS_PER_DAY = 86_400_000;
const dayOf = (y: number, m: number, d: number): Day => Date.UTC(y, m - 1, d) / MS_PER_DAY;

const CAL_DAYS = 40_000; // to 2079
const CAL_Y = new Int16Array(CAL_DAYS);
const CAL_MD = new Int16Array(CAL_DAYS);
for (let n = 0; n < CAL_DAYS; n++) {
  const t = new Date(n * MS_PER_DAY);
  CAL_Y[n] = t.getUTCFullYear();
  CAL_MD[n] = (t.getUTCMonth() + 1) * 100 + t.getUTCDate();
}

function calY(n: Day): number {
  const y = CAL_Y[n];
  if (y === undefined || n < 0) throw new Error(`date out of range: day ${n}`);
  return y;
}
function calMD(n: Day): number {
  const md = CAL_MD[n];
  if (md === undefined || n < 0) throw new Error(`date out of range: day ${n}`);
  return md;
}

const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

/** The day a child born on `dob` turns `years` (29 February: 1 March in other years). */
function birthday(dob: Day, years: number): Day {
  const y = calY(dob) + years;
  const md = calMD(dob);
  if (md === 229 && !isLeap(y)) return dayOf(y, 3, 1);
  return dayOf(y, Math.floor(md / 100), md % 100);
}

/** Age in completed years on a day. */
function ageOn(dob: Day, at: Day): number {
  return calY(at) - calY(dob) - (calMD(at) < calMD(dob) ? 1 : 0);
}

const FMT: (string | undefined)[] = [];
/** dd/mm/yyyy, the return's date format. */
function fmt(n: Day): string {
  let s = FMT[n];
  if (s === undefined) {
    const md = calMD(n);
    const dd = String(md % 100).padStart(2, '0');
    const mm = String(Math.floor(md / 100)).padStart(2, '0');
    s = `${dd}/${mm}/${calY(n)}`;
    FMT[n] = s;
  }
  return s;
}

/** A dd/mm/yyyy (or yyyy-mm-dd) date as a day number; null when it is not a real date. */
function parseDay(raw: string): Day | null {
  const s = raw.trim();
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  let y: number, mo: number, d: number;
  if (m) {
    d = Number(m[1]);
    mo = Number(m[2]);
    y = Number(m[3]);
  } else {
    m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) return null;
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
  }
  const n = dayOf(y, mo, d);
  if (n < 0 || n >= CAL_DAYS || calY(n) !== y || calMD(n) !== mo * 100 + d) return null;
  return n;
}

const yearStart = (yearEnd: number): Day => dayOf(yearEnd - 1, 4, 1);
/** "2023-24" for the year ending 31 March 2024. */
const label = (yearEnd: number): string => `${yearEnd - 1}-${String(yearEnd % 100).padStart(2, '0')}`;
const yearEndDay = (yearEnd: number): Day => dayOf(yearEnd, 3, 31);
/** Open-ended: a booking that runs past every date the generator looks at. */
const FOREVER: Day = dayOf(2070, 1, 1);
const YEAR = 365.25;

// ---------------------------------------------------------------------------------------------
// Seeded randomness (the demo generator's mulberry32 and FNV-1a): one stream per purpose, so that
// adding a draw in one place does not shift every value after it.

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

function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

type Weighted<T> = ReadonlyArray<readonly [T, number]>;

class Rng {
  readonly next: () => number;
  constructor(label: string) {
    this.next = mulberry32(hashSeed(`sufficiency-ssda903-v1:${label}`));
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    if (hi < lo) return lo;
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return at(items, Math.floor(this.next() * items.length));
  }
  weighted<T>(pairs: Weighted<T>): T {
    let total = 0;
    for (const [, w] of pairs) total += w;
    if (!(total > 0)) throw new Error('weighted pick with no weight');
    let r = this.next() * total;
    for (const [v, w] of pairs) {
      r -= w;
      if (r < 0) return v;
    }
    return at(pairs, pairs.length - 1)[0];
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = at(items, i);
      items[i] = at(items, j);
      items[j] = t;
    }
    return items;
  }
}

function at<T>(items: readonly T[], i: number): T {
  const v = items[i];
  if (v === undefined) throw new Error(`index ${i} out of range (${items.length})`);
  return v;
}

function poisson(rng: Rng, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rng.next();
  } while (p > limit && k < 40);
  return k - 1;
}

/** Picks k of the items without replacement, each in proportion to its weight (Efraimidis-Spirakis). */
function weightedSample<T>(rng: Rng, items: readonly T[], weight: (t: T) => number, k: number): Set<T> {
  const keyed = items
    .map((item, i) => ({ item, i, w: weight(item), u: rng.next() }))
    .filter((x) => x.w > 0)
    .map((x) => ({ ...x, key: Math.log(Math.max(x.u, 1e-12)) / x.w }))
    .sort((a, b) => b.key - a.key || a.i - b.i);
  if (keyed.length < k) throw new Error(`cannot pick ${k} of ${keyed.length} candidates`);
  return new Set(keyed.slice(0, k).map((x) => x.item));
}

// ---------------------------------------------------------------------------------------------
// Codes (../shared/domain/ssda903_code_lists.csv; PLACE as valid until 2023-24)

const PLACES_TO_2024 = [
  'A3', 'A4', 'A5', 'A6', 'H5', 'K1', 'K2', 'P1', 'P2', 'P3', 'R1', 'R2', 'R3', 'R5', 'S1',
  'T0', 'T1', 'T2', 'T3', 'T4', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'Z1',
];
const RNE_CODES = ['S', 'L', 'P', 'T', 'B', 'U'];
const MOVE_RNE = new Set(['P', 'T', 'B', 'U']);
const LS_CODES = ['C1', 'C2', 'D1', 'E1', 'V2', 'V3', 'V4', 'L1', 'L2', 'L3', 'J1', 'J2', 'J3'];
const CIN_CODES = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'];
const PROVIDER_CODES = ['PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5'];
const REC_CODES = [
  'X1', 'E11', 'E12', 'E2', 'E3', 'E4A', 'E4B', 'E13', 'E41', 'E45', 'E46', 'E47', 'E48',
  'E5', 'E6', 'E7', 'E9', 'E14', 'E15', 'E16', 'E17', 'E8',
];
const REASON_CODES = [
  'CARPL', 'CLOSE', 'ALLEG', 'STAND', 'APPRR', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'PLACE', 'CUSTOD', 'OTHER',
];
const ETHNIC_CODES = [
  'WBRI', 'WIRI', 'WOTH', 'WIRT', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND', 'APKN', 'ABAN',
  'AOTH', 'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT',
];
/** Temporary placements: no provider, and no reason for change on them or the episode before (rule 226). */
const TEMPORARY = new Set(['T0', 'T1', 'T2', 'T3', 'T4']);
/** Placements without a provider (rule 213). */
const NO_PROVIDER = new Set(['T0', 'T1', 'T2', 'T3', 'T4', 'Z1']);
/** Placements that carry an Ofsted URN when a provider other than parents runs them (brief; rule 218). */
const URN_PLACES = new Set(['K1', 'K2', 'R1']);
const ADOPTION = new Set(['A3', 'A4', 'A5', 'A6']);
const SHORT_BREAK_LS = new Set(['V3', 'V4']);
const SUPPORTED = new Set(['H5', 'P2', 'K3']);

type SettingKey = 'fostering' | 'kinship_fostering' | 'residential' | 'secure' | 'supported_accommodation' | 'other';
const SETTING_KEYS: readonly SettingKey[] = [
  'fostering', 'kinship_fostering', 'residential', 'secure', 'supported_accommodation', 'other',
];
type ProvisionKey = 'in_house' | 'other_la' | 'other_public' | 'private' | 'voluntary' | 'parents';
const PROVISION_KEYS: readonly ProvisionKey[] = ['in_house', 'other_la', 'other_public', 'private', 'voluntary', 'parents'];
const PROVIDER_OF: Record<ProvisionKey, string> = {
  in_house: 'PR1', other_la: 'PR2', other_public: 'PR3', private: 'PR4', voluntary: 'PR5', parents: 'PR0',
};
type Band = 'under_1' | '1_4' | '5_9' | '10_15' | '16_17';
const BANDS: readonly Band[] = ['under_1', '1_4', '5_9', '10_15', '16_17'];
const BAND_YEARS: Record<Band, readonly [number, number]> = {
  under_1: [0, 0], '1_4': [1, 4], '5_9': [5, 9], '10_15': [10, 15], '16_17': [16, 17],
};

// ---------------------------------------------------------------------------------------------
// Postcode sectors: fake sector centroids near the real places, in Stockton (E06000004) and the
// councils around it, plus a few far away (Tyneside, Yorkshire, Manchester, London).

interface Sector {
  code: string;
  lat: number;
  lon: number;
  la: string;
  /** How likely a placement is there, relative to the others of its kind. */
  weight: number;
}

const SECTORS: readonly Sector[] = (
  [
    // Stockton-on-Tees
    ['TS15 9', 54.505, -1.356, LA_CODE, 1],
    ['TS16 0', 54.531, -1.35, LA_CODE, 1],
    ['TS16 9', 54.537, -1.333, LA_CODE, 1],
    ['TS17 0', 54.523, -1.302, LA_CODE, 2],
    ['TS17 5', 54.53, -1.29, LA_CODE, 1],
    ['TS17 6', 54.548, -1.3, LA_CODE, 2],
    ['TS17 7', 54.541, -1.285, LA_CODE, 1],
    ['TS17 8', 54.535, -1.279, LA_CODE, 1],
    ['TS18 1', 54.566, -1.318, LA_CODE, 3],
    ['TS18 2', 54.558, -1.327, LA_CODE, 3],
    ['TS18 3', 54.563, -1.345, LA_CODE, 2],
    ['TS18 4', 54.568, -1.356, LA_CODE, 2],
    ['TS18 5', 54.574, -1.335, LA_CODE, 2],
    ['TS19 0', 54.583, -1.34, LA_CODE, 3],
    ['TS19 7', 54.59, -1.352, LA_CODE, 2],
    ['TS19 8', 54.578, -1.35, LA_CODE, 2],
    ['TS19 9', 54.586, -1.365, LA_CODE, 2],
    ['TS20 1', 54.59, -1.318, LA_CODE, 2],
    ['TS20 2', 54.598, -1.312, LA_CODE, 1],
    ['TS21 1', 54.62, -1.39, LA_CODE, 0.5],
    ['TS22 5', 54.628, -1.33, LA_CODE, 0.5],
    ['TS23 1', 54.607, -1.287, LA_CODE, 2],
    ['TS23 2', 54.611, -1.3, LA_CODE, 2],
    ['TS23 3', 54.602, -1.275, LA_CODE, 2],
    ['TS23 4', 54.617, -1.28, LA_CODE, 1],
    // Hartlepool
    ['TS24 0', 54.693, -1.195, 'E06000001', 1.5],
    ['TS24 8', 54.699, -1.205, 'E06000001', 1],
    ['TS25 1', 54.675, -1.215, 'E06000001', 1],
    ['TS25 5', 54.66, -1.23, 'E06000001', 1],
    ['TS26 0', 54.68, -1.23, 'E06000001', 1],
    ['TS27 3', 54.7, -1.29, 'E06000001', 0.5],
    // Middlesbrough
    ['TS1 2', 54.573, -1.236, 'E06000002', 1.5],
    ['TS1 3', 54.569, -1.243, 'E06000002', 1],
    ['TS3 6', 54.562, -1.2, 'E06000002', 1],
    ['TS3 9', 54.556, -1.188, 'E06000002', 1],
    ['TS4 2', 54.555, -1.225, 'E06000002', 1],
    ['TS5 4', 54.553, -1.25, 'E06000002', 1],
    ['TS5 6', 54.544, -1.245, 'E06000002', 1],
    ['TS7 0', 54.535, -1.195, 'E06000002', 0.7],
    ['TS8 9', 54.525, -1.215, 'E06000002', 0.7],
    // Redcar and Cleveland
    ['TS6 0', 54.576, -1.15, 'E06000003', 1],
    ['TS10 1', 54.616, -1.065, 'E06000003', 1],
    ['TS10 4', 54.605, -1.04, 'E06000003', 0.7],
    ['TS11 6', 54.6, -1.0, 'E06000003', 0.5],
    ['TS12 1', 54.582, -0.972, 'E06000003', 0.5],
    ['TS14 6', 54.536, -1.055, 'E06000003', 0.7],
    // Darlington
    ['DL1 1', 54.525, -1.55, 'E06000005', 1],
    ['DL1 3', 54.532, -1.53, 'E06000005', 1],
    ['DL3 6', 54.53, -1.575, 'E06000005', 1],
    ['DL3 8', 54.542, -1.57, 'E06000005', 0.7],
    ['DL2 1', 54.52, -1.65, 'E06000005', 0.4],
    // County Durham
    ['DL5 4', 54.618, -1.573, 'E06000047', 1],
    ['DL5 7', 54.623, -1.555, 'E06000047', 0.5],
    ['DL14 7', 54.664, -1.677, 'E06000047', 0.7],
    ['DL17 8', 54.69, -1.59, 'E06000047', 0.5],
    ['SR8 1', 54.76, -1.335, 'E06000047', 0.7],
    ['DH1 1', 54.776, -1.575, 'E06000047', 0.7],
    ['DH9 7', 54.868, -1.697, 'E06000047', 0.5],
    ['DH8 5', 54.853, -1.833, 'E06000047', 0.4],
    ['DL13 2', 54.74, -2.0, 'E06000047', 0.3],
    // North Yorkshire and York
    ['TS9 5', 54.47, -1.193, 'E06000065', 0.6],
    ['DL6 1', 54.339, -1.434, 'E06000065', 0.5],
    ['DL10 4', 54.403, -1.737, 'E06000065', 0.3],
    ['YO21 1', 54.486, -0.615, 'E06000065', 0.4],
    ['YO11 1', 54.283, -0.4, 'E06000065', 0.4],
    ['HG1 1', 53.993, -1.54, 'E06000065', 0.3],
    ['YO30 5', 53.97, -1.09, 'E06000014', 0.4],
    // Sunderland, Newcastle, Gateshead, Northumberland
    ['SR5 2', 54.925, -1.42, 'E08000024', 0.7],
    ['SR6 0', 54.935, -1.38, 'E08000024', 0.7],
    ['NE1 4', 54.973, -1.614, 'E08000021', 0.6],
    ['NE4 5', 54.97, -1.64, 'E08000021', 0.5],
    ['NE6 1', 54.975, -1.575, 'E08000021', 0.5],
    ['NE8 1', 54.955, -1.605, 'E08000037', 0.5],
    ['NE9 6', 54.93, -1.585, 'E08000037', 0.4],
    ['NE61 2', 55.168, -1.688, 'E06000057', 0.2],
    // Further away
    ['LS9 8', 53.795, -1.51, 'E08000035', 0.3],
    ['LS22 5', 53.93, -1.39, 'E08000035', 0.1],
    ['BD3 9', 53.795, -1.73, 'E08000032', 0.2],
    ['M8 5', 53.505, -2.235, 'E08000003', 0.15],
    ['M30 7', 53.47, -2.38, 'E08000006', 0.05],
    ['NG34 7', 53.0, -0.41, 'E10000019', 0.05],
    ['SE15 5', 51.47, -0.065, 'E09000028', 0.05],
    ['SE5 8', 51.474, -0.093, 'E09000028', 0.05],
  ] as const
).map(([code, lat, lon, la, weight]) => ({ code, lat, lon, la, weight }));

const SECTOR_BY_CODE = new Map(SECTORS.map((s) => [s.code, s]));
const EARTH_RADIUS_MILES = 3958.8;

/** Haversine distance in miles. */
function miles(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

function sectorMiles(a: string, b: string): number {
  const x = SECTOR_BY_CODE.get(a);
  const y = SECTOR_BY_CODE.get(b);
  if (!x || !y) throw new Error(`unknown sector ${x ? b : a}`);
  return miles(x, y);
}

/** Where a placement is, seen from the child's home: in the council, outside within 20 miles, further. */
type Cls = 'inside' | 'near' | 'far';

function classOf(home: string, placed: string): Cls {
  const p = SECTOR_BY_CODE.get(placed);
  if (!p) throw new Error(`unknown sector ${placed}`);
  if (p.la === LA_CODE) return 'inside';
  return sectorMiles(home, placed) > 20 ? 'far' : 'near';
}

function sectorsCsv(): string {
  const rows = [...SECTORS]
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((s) => `${s.code},${s.lat.toFixed(4)},${s.lon.toFixed(4)},${s.la}`);
  return ['sector,latitude,longitude,la_code', ...rows].join('\n') + '\n';
}

/**
 * Stockton's sectors by the parliamentary constituency Ofsted gives for a home (the register
 * redacts the postcodes of children's homes): a home is put in a sector of its constituency.
 */
const CONSTITUENCY_SECTORS: Readonly<Record<string, readonly string[]>> = {
  'Stockton North': ['TS18 1', 'TS18 2', 'TS19 0', 'TS19 7', 'TS19 8', 'TS19 9', 'TS20 1', 'TS20 2', 'TS21 1', 'TS22 5', 'TS23 1', 'TS23 2', 'TS23 3', 'TS23 4'],
  'Stockton South': ['TS15 9', 'TS16 0', 'TS16 9', 'TS17 0', 'TS17 5', 'TS17 6', 'TS17 7', 'TS17 8', 'TS18 3', 'TS18 4', 'TS18 5'],
};

// ---------------------------------------------------------------------------------------------
// Ofsted's register of providers and places, and the councils' names it uses

/** CSV records (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
function csvRecords(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text.charAt(i + 1) === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text.charAt(i + 1) === '\n') i++;
      row.push(field);
      out.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    out.push(row);
  }
  return out;
}

interface RegisteredSetting {
  urn: string;
  provisionType: string;
  active: boolean;
  localAuthority: string;
  /** Private, Local Authority, Voluntary, ... */
  sector: string;
  places: number | null;
  shortBreakOnly: boolean;
  registered: Day | null;
  constituency: string;
}

function registerFile(): string | null {
  return REGISTER_FILES.find((f) => existsSync(f)) ?? null;
}

/** The register's settings; the header row is found (title rows sit above it) and columns are read by name. */
function readRegister(file: string): RegisteredSetting[] {
  const records = csvRecords(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  const key = (c: string) => c.trim().toLowerCase();
  const hi = records.slice(0, 20).findIndex((r) => r.some((c) => key(c) === 'urn') && r.some((c) => key(c) === 'provision type'));
  if (hi < 0) throw new Error(`${file}: no header row with URN and Provision type`);
  const head = at(records, hi).map(key);
  const col = (name: string, required = true) => {
    const i = head.indexOf(name.toLowerCase());
    if (i < 0 && required) throw new Error(`${file}: no ${name} column`);
    return i;
  };
  const c = {
    urn: col('URN'), type: col('Provision type'), status: col('Registration status'), la: col('Local authority'), sector: col('Sector'),
    places: col('Places'), date: col('Registration date', false), shortBreak: col("Short-break-only children's home", false),
    constituency: col('Parliamentary constituency', false),
  };
  const cell = (r: readonly string[], i: number) => (i < 0 ? '' : (r[i] ?? '').trim());
  const out: RegisteredSetting[] = [];
  for (const r of records.slice(hi + 1)) {
    const urn = cell(r, c.urn);
    if (urn === '') continue;
    const places = cell(r, c.places);
    out.push({
      urn,
      provisionType: cell(r, c.type),
      active: cell(r, c.status).toLowerCase() === 'active',
      localAuthority: cell(r, c.la),
      sector: cell(r, c.sector),
      places: /^\d+$/.test(places) ? Number(places) : null,
      shortBreakOnly: cell(r, c.shortBreak) !== '',
      registered: parseDay(cell(r, c.date)),
      constituency: cell(r, c.constituency),
    });
  }
  return out;
}

const provisionKey = (t: string) => t.trim().toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ');
const isChildrensHome = (r: RegisteredSetting) => provisionKey(r.provisionType) === "children's home";
const isSecureHome = (r: RegisteredSetting) => provisionKey(r.provisionType) === "secure children's home";
/** Council names compared loosely: case, punctuation, "&", and "County Durham" / "Durham". */
const councilKey = (name: string) => name.toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '').replace(/^county/, '');

/** ONS code to name, from data/reference/councils.csv. */
function councilNames(): Map<string, string> {
  const records = csvRecords(readFileSync(COUNCILS_FILE, 'utf8').replace(/^\uFEFF/, ''));
  const head = at(records, 0).map((h) => h.trim());
  const [cCode, cName] = [head.indexOf('la_code'), head.indexOf('la_name')];
  if (cCode < 0 || cName < 0) throw new Error(`${COUNCILS_FILE}: no la_code and la_name columns`);
  const out = new Map<string, string>();
  for (const r of records.slice(1)) {
    const code = (r[cCode] ?? '').trim();
    if (code !== '') out.set(code, (r[cName] ?? '').trim());
  }
  return out;
}

/** The register's settings of a council (by its ONS code). */
function settingsOf(register: readonly RegisteredSetting[], names: ReadonlyMap<string, string>, la: string): RegisteredSetting[] {
  const name = names.get(la);
  if (name === undefined) return [];
  const k = councilKey(name);
  return register.filter((r) => councilKey(r.localAuthority) === k);
}

/** Register sector of a PLACE_PROVIDER code's homes. */
const REGISTER_SECTOR: Readonly<Record<string, string>> = { PR1: 'Local Authority', PR2: 'Local Authority', PR4: 'Private', PR5: 'Voluntary' };

// ---------------------------------------------------------------------------------------------
// Children, placements (spells) and episodes

interface Episode {
  decom: Day;
  dec: Day | null;
  rne: string;
  ls: string;
  cin: string;
  place: string;
  provider: string;
  rec: string;
  reason: string;
  home: string;
  pl: string;
  urn: string;
  /** A data-quality flag of the demo: HOME_POST left blank. */
  noHome?: boolean;
  /** The demo's bed in a children's home (PL_POST and URN are its home's when the returns are written). */
  stay?: Stay;
}

interface Child {
  id: string;
  sex: '1' | '2';
  dob: Day;
  ethnic: string;
  upn: string;
  uasc: boolean;
  /** Her own child's date of birth (MOTHER 1 from then). */
  mcDob: Day | null;
  /** Looked after only under V3 short breaks. */
  shortBreaks: boolean;
  /** HOME_POST sector. */
  home: string;
  episodes: Episode[];
}

/** One placement: the same carer, home or setting from `start` until the next spell starts. */
interface Spell {
  start: Day;
  place: string;
  provider: string;
  pl: string;
  urn: string;
  /** Carer identity: the same carer on both sides of a change makes it T or U rather than P or B. */
  carer: number;
  /** The demo's bed booking, when the placement is in one of its children's homes. */
  stay?: Stay;
}

interface LsChange {
  start: Day;
  ls: string;
}

/** Where placements are (the demo's sectors and homes, or the national fakes). */
interface World {
  locate(rng: Rng, child: Child, place: string, provider: string, start: Day, end: Day, avoidCarer: number): Spell;
  newCarer(): number;
}

// Placement choice for history spells, by age at the start of the spell.
const PLACE_BY_AGE: readonly Weighted<string>[] = [
  // under 1
  [['U6', 45], ['U5', 6], ['U4', 6], ['U3', 12], ['U1', 2], ['P1', 4], ['R3', 8]],
  // 1-4
  [['U6', 45], ['U4', 15], ['U5', 3], ['U3', 15], ['U1', 6], ['P1', 6]],
  // 5-9
  [['U6', 38], ['U4', 27], ['U3', 12], ['U1', 7], ['P1', 7], ['K2', 3]],
  // 10-15
  [['U6', 30], ['U4', 22], ['U3', 7], ['U1', 4], ['P1', 6], ['K2', 20], ['R1', 1], ['K1', 1], ['S1', 2], ['Z1', 1]],
  // 16-17
  [['U6', 20], ['U4', 16], ['U3', 4], ['U1', 3], ['P1', 5], ['K2', 14], ['H5', 22], ['P2', 8], ['Z1', 1], ['K1', 0.5], ['S1', 1]],
];

const PROVIDERS: Record<string, Weighted<string>> = {
  U1: [['PR1', 96], ['PR4', 4]],
  U2: [['PR1', 96], ['PR4', 4]],
  U3: [['PR1', 96], ['PR4', 4]],
  U4: [['PR1', 62], ['PR4', 27], ['PR5', 10], ['PR2', 1]],
  U5: [['PR1', 62], ['PR4', 27], ['PR5', 10], ['PR2', 1]],
  U6: [['PR1', 62], ['PR4', 27], ['PR5', 10], ['PR2', 1]],
  K1: [['PR2', 1]],
  K2: [['PR1', 30], ['PR4', 60], ['PR5', 8], ['PR2', 2]],
  R1: [['PR4', 7], ['PR5', 3]],
  H5: [['PR4', 60], ['PR5', 25], ['PR1', 15]],
  P2: [['PR1', 60], ['PR4', 20], ['PR5', 20]],
  P1: [['PR0', 1]],
  P3: [['PR4', 1]],
  S1: [['PR4', 6], ['PR5', 3], ['PR1', 1]],
  R2: [['PR3', 1]],
  R5: [['PR3', 1]],
  R3: [['PR4', 4], ['PR5', 4], ['PR1', 2]],
  A3: [['PR1', 60], ['PR2', 15], ['PR5', 25]],
  A4: [['PR1', 60], ['PR2', 15], ['PR5', 25]],
  A5: [['PR1', 60], ['PR2', 15], ['PR5', 25]],
  A6: [['PR1', 60], ['PR2', 15], ['PR5', 25]],
};

function pickProvider(rng: Rng, place: string): string {
  if (NO_PROVIDER.has(place)) return '';
  const t = PROVIDERS[place];
  if (!t) throw new Error(`no providers for ${place}`);
  return rng.weighted(t);
}

/** A change of placement type with the same carer: short-term to long-term, fostering for adoption. */
const SAME_CARER_NEXT: Record<string, string> = { U6: 'U4', U3: 'U1', U2: 'U1', U5: 'U4' };

function pickPlacement(rng: Rng, age: number, ls: string, uasc: boolean, remand: boolean): string {
  if (remand) return rng.weighted(age >= 15 ? [['K1', 2], ['K2', 3], ['U6', 3], ['R5', 1]] : [['K1', 2], ['K2', 3], ['U6', 4]]);
  if (uasc) return rng.weighted(age >= 16 ? [['U6', 35], ['U4', 10], ['H5', 45], ['P2', 10]] : [['U6', 60], ['U4', 30], ['K2', 10]]);
  const table = at(PLACE_BY_AGE, age < 1 ? 0 : age < 5 ? 1 : age < 10 ? 2 : age < 16 ? 3 : 4);
  const careOrder = ls === 'C1' || ls === 'C2';
  return rng.weighted(table.filter(([p]) => p !== 'P1' || careOrder));
}

/** The legal status timeline of one period of care: changes strictly inside [start, endEx). */
interface LsPlan {
  uasc: boolean;
  remand: boolean;
  /** Placement order granted (E1) on this day, ahead of an adoption placement. */
  e1: Day | null;
  /** A care order (C1/C2) is needed from this day (placed with parents). */
  careFrom: Day | null;
}

function lsTimeline(rng: Rng, start: Day, endEx: Day, age: number, plan: LsPlan): LsChange[] {
  const out: LsChange[] = [];
  const push = (day: Day, ls: string): boolean => {
    const last = out[out.length - 1];
    if (last && last.ls === ls) return true;
    const d = last ? Math.max(day, last.start + 1) : day;
    if (d >= endEx) return false;
    out.push({ start: d, ls });
    return true;
  };
  if (plan.uasc) {
    push(start, 'V2');
    return out;
  }
  if (plan.remand) {
    push(start, 'J1');
    return out;
  }
  const needsCare = plan.e1 !== null || plan.careFrom !== null;
  const early = plan.careFrom !== null && plan.careFrom - start < 9;
  const first = early
    ? 'C1'
    : rng.weighted<string>(
        needsCare
          ? [['C1', 5], ['L2', 1.2], ['L1', 1]]
          : age < 1
            ? [['C1', 5], ['V2', 3], ['L2', 1], ['L1', 1]]
            : [['V2', 4.5], ['C1', 3.5], ['L1', 1], ['L2', 0.5]],
      );
  push(start, first);
  let day = start;
  let cur = first;
  if (first === 'L1' || first === 'L2') {
    // Police protection lasts at most 72 hours, an emergency protection order 8 days.
    day = start + (first === 'L1' ? rng.int(1, 3) : rng.int(2, 8));
    cur = needsCare || rng.chance(0.6) ? 'C1' : 'V2';
    if (!push(day, cur)) return out;
  }
  if (cur === 'V2' && rng.chance(0.25)) {
    day += rng.int(30, 240);
    if (!push(day, 'C1')) return out;
    cur = 'C1';
  }
  if (cur === 'C1' && rng.chance(0.9)) {
    const c2 = day + rng.int(110, 330);
    if (plan.e1 === null || c2 < plan.e1 - 1) {
      if (!push(c2, 'C2')) return out;
      day = c2;
    }
  }
  if (plan.e1 !== null) push(plan.e1, 'E1');
  return out;
}

function lsAt(lss: readonly LsChange[], day: Day): string {
  let ls = at(lss, 0).ls;
  for (const c of lss) {
    if (c.start > day) break;
    ls = c.ls;
  }
  return ls;
}

const REASONS_MOVE: Weighted<string> = [
  ['CARPL', 38], ['CREQB', 12], ['CREQO', 9], ['CHILD', 7], ['LAREQ', 7], ['CLOSE', 4], ['STAND', 3],
  ['ALLEG', 3], ['APPRR', 2], ['OTHER', 10],
];

function reasonFor(rng: Rng, rne: string, next: Spell): string {
  if (rne === 'T' || rne === 'U') return rng.chance(0.7) ? 'PLACE' : 'CARPL';
  if (next.place === 'R5') return 'CUSTOD';
  if (ADOPTION.has(next.place)) return 'CARPL';
  return rng.weighted(REASONS_MOVE);
}

/** Turns the placement and legal status timelines of a period of care into episodes. */
function mergeEpisodes(
  rng: Rng,
  child: Child,
  cin: string,
  spells: readonly Spell[],
  lss: readonly LsChange[],
  end: Day | null,
  endEx: Day,
  rec: string,
): Episode[] {
  const first = at(spells, 0).start;
  if (at(lss, 0).start !== first) throw new Error('legal status and placements start on different days');
  const points = [...new Set([...spells.map((s) => s.start), ...lss.map((l) => l.start)])]
    .filter((d) => d < endEx)
    .sort((a, b) => a - b);
  const eps: Episode[] = [];
  const epSpell: Spell[] = [];
  let si = 0;
  let li = 0;
  for (let k = 0; k < points.length; k++) {
    const p = at(points, k);
    while (si + 1 < spells.length && at(spells, si + 1).start <= p) si++;
    while (li + 1 < lss.length && at(lss, li + 1).start <= p) li++;
    const spell = at(spells, si);
    const ls = at(lss, li).ls;
    let rne = 'S';
    const prev = eps[eps.length - 1];
    const prevSpell = epSpell[epSpell.length - 1];
    if (prev && prevSpell) {
      const moved = spell !== prevSpell;
      const lsChanged = ls !== prev.ls;
      if (!moved && !lsChanged) continue;
      const same = moved && spell.carer === prevSpell.carer;
      rne = moved ? (lsChanged ? (same ? 'U' : 'B') : same ? 'T' : 'P') : 'L';
      prev.dec = p;
      prev.rec = 'X1';
      if (MOVE_RNE.has(rne) && !TEMPORARY.has(prevSpell.place) && !TEMPORARY.has(spell.place)) {
        prev.reason = reasonFor(rng, rne, spell);
      }
    }
    eps.push({
      decom: p,
      dec: null,
      rne,
      ls,
      cin,
      place: spell.place,
      provider: spell.provider,
      rec: '',
      reason: '',
      home: child.home,
      pl: spell.pl,
      urn: spell.urn,
      stay: spell.stay,
    });
    epSpell.push(spell);
  }
  const last = at(eps, eps.length - 1);
  if (end !== null) {
    last.dec = end;
    last.rec = rec;
  }
  return eps;
}

/** How the spell before a fixed placement is tied to it. */
type Link = { kind: 'same_carer'; place: string } | { kind: 'foster' } | { kind: 'normal' };

interface PeriodPlan {
  start: Day;
  /** DEC of the last episode; null: still open at the horizon. */
  end: Day | null;
  horizon: Day;
  cin: string;
  remand: boolean;
  /** The placement open at the horizon, located in advance (the demo's 31 March 2024 stock). */
  final: Spell | null;
  link: Link | null;
  adoption: { e1: Day; aStart: Day } | null;
  careFrom: Day | null;
  /** REC of the last episode (null: chosen from how the period ends). */
  rec: string | null;
  agedOut: boolean;
}

function basePlan(start: Day, end: Day | null, horizon: Day, cin: string): PeriodPlan {
  return { start, end, horizon, cin, remand: false, final: null, link: null, adoption: null, careFrom: null, rec: null, agedOut: false };
}

/** Placement moves a year, for children under 10 and from 10. */
const MOVE_RATE_YOUNGER = 0.35;
const MOVE_RATE_OLDER = 0.55;

function historySpells(
  rng: Rng,
  world: World,
  child: Child,
  a: Day,
  b: Day,
  lss: readonly LsChange[],
  remand: boolean,
  link: Link | null,
  next: Spell | null,
): Spell[] {
  if (b <= a) return [];
  const days = b - a;
  const age = ageOn(child.dob, a);
  let k = 1 + poisson(rng, (days / YEAR) * (age >= 10 ? MOVE_RATE_OLDER : MOVE_RATE_YOUNGER));
  if (days < 60) k = Math.min(k, 2);
  k = Math.min(k, 1 + Math.floor(days / 10), 10);
  const cuts = new Set<number>();
  if (k > 1 && rng.chance(0.35)) cuts.add(a + rng.int(1, Math.min(42, days - 1)));
  while (cuts.size < k - 1) cuts.add(a + rng.int(1, days - 1));
  const starts = [a, ...[...cuts].sort((x, y) => x - y)];
  const spells: Spell[] = [];
  for (let i = 0; i < starts.length; i++) {
    const s = at(starts, i);
    const e = i + 1 < starts.length ? at(starts, i + 1) : b;
    const prev = spells[spells.length - 1];
    const ageS = ageOn(child.dob, s);
    const ls = lsAt(lss, s);
    if (i === starts.length - 1 && link && next) {
      if (link.kind === 'same_carer') {
        const provider = next.provider === 'PR1' || next.provider === 'PR4' || next.provider === 'PR5' ? next.provider : 'PR1';
        spells.push({ start: s, place: link.place, provider, pl: next.pl, urn: '', carer: next.carer });
      } else {
        const place = link.kind === 'foster' ? rng.pick(['U4', 'U6', 'U6']) : pickPlacement(rng, ageS, ls, child.uasc, remand);
        spells.push(world.locate(rng, child, place, pickProvider(rng, place), s, e, next.carer));
      }
      continue;
    }
    const sameNext = prev ? SAME_CARER_NEXT[prev.place] : undefined;
    if (prev && sameNext && !remand && rng.chance(0.2)) {
      spells.push({ ...prev, start: s, place: sameNext });
      continue;
    }
    const place = pickPlacement(rng, ageS, ls, child.uasc, remand);
    spells.push(world.locate(rng, child, place, pickProvider(rng, place), s, e, prev?.carer ?? 0));
  }
  return withTemporaryMoves(rng, world, child, spells, b);
}

/** Now and then a short temporary placement (carer's holiday, hospital) inside a placement, then back. */
function withTemporaryMoves(rng: Rng, world: World, child: Child, spells: Spell[], endEx: Day): Spell[] {
  const out: Spell[] = [];
  for (let i = 0; i < spells.length; i++) {
    const s = at(spells, i);
    const e = i + 1 < spells.length ? at(spells, i + 1).start : endEx;
    out.push(s);
    const fit = s.place.startsWith('U') || s.place === 'K2';
    if (!fit || e - s.start < 40 || !rng.chance(0.05)) continue;
    const t1 = s.start + rng.int(10, e - s.start - 25);
    const t2 = t1 + rng.int(2, 14);
    const place = s.place.startsWith('U') ? rng.weighted<string>([['T3', 5], ['T4', 3], ['T1', 2]]) : rng.weighted<string>([['T1', 6], ['T4', 4]]);
    const temp = world.locate(rng, child, place, '', t1, t2, s.carer);
    out.push(temp, { ...s, start: t2 });
  }
  return out;
}

/** REC for a period that ends: by how it ends (the last placement, age, route). */
function exitRec(rng: Rng, child: Child, last: Spell, ls: string, endDay: Day, agedOut: boolean, remand: boolean): string {
  const age = ageOn(child.dob, endDay);
  const place = last.place;
  if (agedOut) {
    if (place.startsWith('U')) return rng.weighted([['E17', 45], ['E5', 30], ['E6', 10], ['E8', 15]]);
    if (SUPPORTED.has(place)) return rng.weighted([['E5', 50], ['E6', 40], ['E8', 10]]);
    if (place === 'K2' || place === 'R1') return rng.weighted([['E5', 50], ['E7', 15], ['E8', 35]]);
    return rng.weighted([['E5', 40], ['E6', 30], ['E8', 30]]);
  }
  if (ADOPTION.has(place)) return rng.chance(0.55) ? 'E11' : 'E12';
  if (remand || ls === 'J1') return rng.chance(0.7) ? 'E14' : 'E9';
  if (child.uasc) return rng.weighted([['E15', 12], ['E5', 30], ['E6', 20], ['E8', 30], ['E16', 8]]);
  if (place === 'P1') return rng.weighted([['E4A', 50], ['E41', 20], ['E13', 20], ['E4B', 10]]);
  if (place === 'U1' || place === 'U2' || place === 'U3') return rng.weighted([['E45', 45], ['E41', 25], ['E4A', 20], ['E47', 10]]);
  if (age < 5) return rng.weighted([['E4A', 35], ['E13', 15], ['E41', 10], ['E47', 20], ['E48', 5], ['E46', 10], ['E8', 5]]);
  if (age >= 16) return rng.weighted([['E5', 25], ['E6', 20], ['E4A', 20], ['E4B', 15], ['E13', 10], ['E8', 10]]);
  return rng.weighted<string>([
    ['E4A', 35], ['E4B', 20], ['E13', 15], ['E41', 5], ['E46', 5], ['E3', 5], ['E8', 10], ['E16', 2], ['E2', 0.05],
  ]);
}

/**
 * Courts often decide on the day a child moves: some changes of legal status (care order granted,
 * section 20 to interim care order) move to a nearby placement change, which makes it B or U.
 * A change to C1 only moves earlier, so a placement with parents never falls outside a care order.
 */
function snapLegalChanges(rng: Rng, lss: LsChange[], spells: readonly Spell[], endEx: Day): void {
  for (let i = 1; i < lss.length; i++) {
    const c = at(lss, i);
    const before = at(lss, i - 1);
    const earlierOnly = c.ls === 'C1' && before.ls === 'V2';
    if (!(earlierOnly || (c.ls === 'C2' && before.ls === 'C1')) || !rng.chance(0.5)) continue;
    const limit = i + 1 < lss.length ? at(lss, i + 1).start : endEx;
    let best: Day | null = null;
    for (const sp of spells) {
      const d = sp.start;
      if (d <= before.start || d >= limit || Math.abs(d - c.start) > 90 || (earlierOnly && d > c.start)) continue;
      if (best === null || Math.abs(d - c.start) < Math.abs(best - c.start)) best = d;
    }
    if (best !== null) c.start = best;
  }
}

function buildPeriod(rng: Rng, world: World, child: Child, plan: PeriodPlan): Episode[] {
  const endEx = plan.end ?? plan.horizon + 1;
  const age = ageOn(child.dob, plan.start);
  const lss = lsTimeline(rng, plan.start, endEx, age, {
    uasc: child.uasc,
    remand: plan.remand,
    e1: plan.adoption?.e1 ?? null,
    careFrom: plan.careFrom,
  });
  let spells: Spell[];
  if (plan.final) {
    const before = historySpells(rng, world, child, plan.start, plan.final.start, lss, plan.remand, plan.link, plan.final);
    spells = [...before, plan.final];
  } else if (plan.adoption) {
    const aStart = plan.adoption.aStart;
    const withCarers = rng.chance(0.3);
    const place = withCarers ? 'A5' : 'A6';
    const provider = pickProvider(rng, place);
    const aSpell = world.locate(rng, child, place, provider, aStart, endEx, 0);
    const link: Link | null = withCarers ? { kind: 'same_carer', place: 'U5' } : null;
    const before = historySpells(rng, world, child, plan.start, aStart, lss, false, link, aSpell);
    spells = [...before, aSpell];
  } else {
    spells = historySpells(rng, world, child, plan.start, endEx, lss, plan.remand, null, null);
  }
  snapLegalChanges(rng, lss, spells, endEx);
  let rec = '';
  if (plan.end !== null) {
    rec = plan.rec ?? exitRec(rng, child, at(spells, spells.length - 1), lsAt(lss, plan.end - 1), plan.end, plan.agedOut, plan.remand);
  }
  return mergeEpisodes(rng, child, plan.cin, spells, lss, plan.end, endEx, rec);
}

function pickCin(rng: Rng, uasc: boolean, remand: boolean): string {
  if (uasc) return 'N8';
  if (remand) return 'N6';
  return rng.weighted([['N1', 62], ['N2', 4], ['N3', 3], ['N4', 8], ['N5', 17], ['N6', 3], ['N7', 0.5], ['N8', 2.5]]);
}

const ETHNIC_WEIGHTS: Weighted<string> = [
  ['WBRI', 80], ['WOTH', 3], ['WIRT', 0.3], ['WROM', 0.5], ['MWBC', 3], ['MWBA', 1], ['MWAS', 2], ['MOTH', 3],
  ['AIND', 0.5], ['APKN', 2], ['ABAN', 0.3], ['AOTH', 0.7], ['BCRB', 0.3], ['BAFR', 1.2], ['BOTH', 0.5],
  ['CHNE', 0.2], ['OOTH', 1], ['REFU', 0.2], ['NOBT', 0.5],
];
const ETHNIC_UASC: Weighted<string> = [['BAFR', 28], ['OOTH', 25], ['AOTH', 25], ['WOTH', 8], ['MOTH', 4], ['BOTH', 6], ['NOBT', 4]];

const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** A fake UPN with a valid check letter, or UN1 (under school age throughout) / UN2 (never at an English school). */
function fakeUpn(rng: Rng, child: Child, laNumber: string): string {
  if (child.dob >= dayOf(2019, 9, 1)) return 'UN1';
  if (child.uasc && rng.chance(0.5)) return 'UN2';
  const digits =
    laNumber +
    String(rng.int(2000, 5999)) +
    String((calY(child.dob) + 5) % 100).padStart(2, '0') +
    String(rng.int(0, 999)).padStart(3, '0');
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (i + 2);
  return UPN_LETTERS.charAt(sum % 23) + digits;
}

function newChild(rng: Rng, dob: Day, uasc: boolean, home: string): Child {
  return {
    id: '',
    sex: (uasc ? rng.chance(0.92) : rng.chance(0.55)) ? '1' : '2',
    dob,
    ethnic: rng.weighted(uasc ? ETHNIC_UASC : ETHNIC_WEIGHTS),
    upn: '',
    uasc,
    mcDob: null,
    shortBreaks: false,
    home,
    episodes: [],
  };
}

/** Time in care so far of a child looked after at a date (days). */
function careLength(rng: Rng): number {
  return Math.round(
    rng.weighted<() => number>([
      [() => rng.int(1, 365), 22],
      [() => rng.int(366, 3 * 365), 30],
      [() => rng.int(3 * 365, 6 * 365), 28],
      [() => rng.int(6 * 365, 12 * 365), 20],
    ])(),
  );
}

/** Length of a completed period of care (days). */
function leaverLength(rng: Rng): number {
  return rng.weighted<() => number>([
    [() => rng.int(1, 56), 25],
    [() => rng.int(57, 365), 25],
    [() => rng.int(366, 1095), 30],
    [() => rng.int(1096, 3650), 20],
  ])();
}

/** Age at entry to care, in days (DfE's starts: many babies, many teenagers). */
function entryAgeDays(rng: Rng, uasc: boolean): number {
  if (uasc) return rng.int(Math.round(14.5 * YEAR), Math.round(17.7 * YEAR));
  return rng.weighted<() => number>([
    [() => (rng.chance(0.4) ? rng.int(0, 7) : rng.int(8, 364)), 20],
    [() => rng.int(365, 5 * 365), 15],
    [() => rng.int(5 * 365 + 1, 10 * 365), 15],
    [() => rng.int(10 * 365 + 3, 16 * 365), 35],
    [() => rng.int(16 * 365 + 4, Math.floor(17.9 * YEAR)), 15],
  ])();
}

// ---------------------------------------------------------------------------------------------
// The demo council: its sectors, homes and children

interface Home {
  urn: string;
  place: 'K1' | 'K2' | 'R1';
  provider: string;
  sector: string;
  /** Council of the sector. */
  la: string;
  places: number;
  open: Day;
  /** Per bed, the stays booked in it: [start, end). */
  beds: Array<Array<readonly [Day, Day]>>;
  carer: number;
  /** A home from Ofsted's register (its URN, places and registration date); false: a fake. */
  real: boolean;
}

/** One child's bed in a home from `s` to `e` (the booked interval; `slot` null: booked over capacity). */
interface Stay {
  home: Home;
  slot: [Day, Day] | null;
  bed: number;
  s: Day;
  e: Day;
  /** The 2024 stock's placements, located first: never moved. */
  fixed: boolean;
}

const bedFree = (bed: ReadonlyArray<readonly [Day, Day]>, s: Day, e: Day) => bed.every(([x, y]) => e <= x || y <= s);

function bookBed(home: Home, s: Day, e: Day, fixed = false): Stay | null {
  if (home.open > s) return null;
  for (let b = 0; b < home.beds.length; b++) {
    const bed = at(home.beds, b);
    if (bedFree(bed, s, e)) {
      const slot: [Day, Day] = [s, e];
      bed.push(slot);
      return { home, slot, bed: b, s, e, fixed };
    }
  }
  return null;
}

/** Moves a booked stay to another home with a bed free for all of it; false when there is none. */
function moveStay(stay: Stay, to: Home): boolean {
  if (stay.slot === null || to.open > stay.s) return false;
  for (let b = 0; b < to.beds.length; b++) {
    const bed = at(to.beds, b);
    if (!bedFree(bed, stay.s, stay.e)) continue;
    const old = at(stay.home.beds, stay.bed);
    const i = old.indexOf(stay.slot);
    if (i < 0) throw new Error(`stay not booked in ${stay.home.urn}`);
    old.splice(i, 1);
    bed.push(stay.slot);
    stay.home = to;
    stay.bed = b;
    return true;
  }
  return false;
}

/** The counted episode open on a day (docs/ssda903.md: not a short break; the latest DECOM). */
function openEpisode(eps: readonly Episode[], day: Day): Episode | null {
  let now: Episode | null = null;
  for (const e of eps) {
    if (SHORT_BREAK_LS.has(e.ls) || e.decom > day || (e.dec !== null && e.dec <= day)) continue;
    if (now === null || e.decom >= now.decom) now = e;
  }
  return now;
}

class DemoWorld implements World {
  readonly homes: Home[] = [];
  private carers = 0;
  /** History stays that found no free bed (booked over capacity, in fake homes only). */
  overbooked = 0;
  /** The council's short-break unit (V3 stays): its short-break-only home in the register. */
  readonly shortBreakUnit: { urn: string; sector: string; places: number };
  /** Places of fake in-house homes added because the register's homes had too few for the template. */
  readonly fakeInHousePlaces: number[] = [];
  private readonly insideSectors = SECTORS.filter((s) => s.la === LA_CODE);
  private readonly outsideSectors = SECTORS.filter((s) => s.la !== LA_CODE);
  private readonly byHome = new Map<string, { near: Sector[]; far: Sector[] }>();

  constructor(rng: Rng, inHousePlaces: readonly number[], register: readonly RegisteredSetting[], names: ReadonlyMap<string, string>) {
    const usedUrns = new Set<string>(register.map((r) => r.urn));
    const urn = (digits: 6 | 7) => {
      for (;;) {
        const u = digits === 6 ? String(rng.int(500000, 599999)) : String(rng.int(1000000, 2999999));
        if (!usedUrns.has(u)) {
          usedUrns.add(u);
          return u;
        }
      }
    };
    const add = (place: Home['place'], provider: string, sector: string, places: number, open: Day, real: string | null) => {
      const beds = Array.from({ length: places }, () => []);
      const la = SECTOR_BY_CODE.get(sector)?.la;
      if (la === undefined) throw new Error(`unknown sector ${sector}`);
      const u = real ?? urn(provider === 'PR1' ? 6 : 7);
      this.homes.push({ urn: u, place, provider, sector, la, places, open, beds, carer: -(this.homes.length + 1), real: real !== null });
    };
    const registered = (r: RegisteredSetting) => r.registered ?? dayOf(2000, 1, 1);
    const byUrn = (a: RegisteredSetting, b: RegisteredSetting) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0);
    // A home of the council's own area goes in a sector of its constituency (postcodes are redacted).
    const ownSectors = SECTORS.filter((x) => x.la === LA_CODE).map((x) => x.code);
    const ownSector = (r: RegisteredSetting) => new Rng(`home-sector:${r.urn}`).pick(CONSTITUENCY_SECTORS[r.constituency] ?? ownSectors);
    const usable = (r: RegisteredSetting) => r.active && r.places !== null && r.places > 0;
    const own = settingsOf(register, names, LA_CODE).filter((r) => usable(r) && isChildrensHome(r)).sort(byUrn);

    // The council's own children's homes: the register's Local Authority homes (the short-break-only
    // one is the short-break unit). Where the template's in-house places at a 31 March are more than
    // theirs, fake homes make up the difference (opened in the year before that 31 March).
    const ownLa = own.filter((r) => r.sector === REGISTER_SECTOR.PR1);
    for (const r of ownLa.filter((x) => !x.shortBreakOnly)) add('K2', 'PR1', ownSector(r), r.places ?? 0, registered(r), r.urn);
    const unit = ownLa.find((x) => x.shortBreakOnly);
    this.shortBreakUnit = unit ? { urn: unit.urn, sector: ownSector(unit), places: unit.places ?? 0 } : { urn: urn(6), sector: 'TS19 9', places: 6 };
    const fakeSectors = ['TS19 0', 'TS18 3', 'TS23 2', 'TS17 6', 'TS20 1', 'TS19 7', 'TS18 5', 'TS16 0', 'TS23 3', 'TS17 0'];
    let fakePlaces = 0;
    for (let i = 0; i < inHousePlaces.length; i++) {
      const march = yearEndDay(2020 + i);
      const real = this.homes.filter((h) => h.provider === 'PR1' && h.real && h.open <= march).reduce((a, h) => a + h.places, 0);
      const short = at(inHousePlaces, i) - real - fakePlaces;
      if (short > 0) {
        add('K2', 'PR1', at(fakeSectors, this.fakeInHousePlaces.length % fakeSectors.length), short, i === 0 ? dayOf(2010, 6, 1) : dayOf(2019 + i, rng.int(5, 12), 1), null);
        fakePlaces += short;
      }
      this.fakeInHousePlaces.push(Math.max(0, short));
    }
    // Independent children's homes in the borough: exactly the register's Private and Voluntary ones.
    for (const provider of ['PR4', 'PR5']) {
      for (const r of own.filter((x) => x.sector === REGISTER_SECTOR[provider] && !x.shortBreakOnly)) add('K2', provider, ownSector(r), r.places ?? 0, registered(r), r.urn);
    }
    // Elsewhere: the register's homes of the council of each sector while it has enough of the
    // kind (taken in a seeded order), fake ones beyond that.
    const pools = new Map<string, RegisteredSetting[]>();
    const realHome = (sector: string, kind: 'home' | 'secure', provider: string): RegisteredSetting | null => {
      const la = SECTOR_BY_CODE.get(sector)?.la ?? '';
      const key = `${la}|${kind}|${provider}`;
      let pool = pools.get(key);
      if (!pool) {
        const of = settingsOf(register, names, la).filter(
          (r) => usable(r) && !r.shortBreakOnly && (kind === 'secure' ? isSecureHome(r) : isChildrensHome(r)) && r.sector === REGISTER_SECTOR[provider],
        );
        pool = new Rng(`register:${key}`).shuffle(of.sort(byUrn));
        pools.set(key, pool);
      }
      return pool.shift() ?? null;
    };
    // Secure children's homes run by other councils.
    for (const [sector, places] of [['DL5 7', 4], ['NE61 2', 3], ['M30 7', 3], ['NG34 7', 2]] as const) {
      const r = realHome(sector, 'secure', 'PR2');
      add('K1', 'PR2', sector, r?.places ?? places, r ? registered(r) : dayOf(2000, 1, 1), r?.urn ?? null);
    }
    // Independent and other councils' homes, by area (R1, residential care homes, are not Ofsted's).
    const spec: ReadonlyArray<readonly [string, readonly string[], Home['place'], string, number]> = [
      ['stockton', ['TS22 5'], 'R1', 'PR4', 1],
      ['middlesbrough', ['TS1 2', 'TS1 3', 'TS3 6', 'TS4 2', 'TS5 4', 'TS5 6', 'TS7 0', 'TS8 9'], 'K2', 'PR4', 6],
      ['middlesbrough', ['TS3 9'], 'K2', 'PR5', 1],
      ['middlesbrough', ['TS5 6'], 'K2', 'PR2', 1],
      ['hartlepool', ['TS24 0', 'TS24 8', 'TS25 1', 'TS25 5', 'TS26 0'], 'K2', 'PR4', 4],
      ['hartlepool', ['TS26 0'], 'K2', 'PR2', 1],
      ['hartlepool', ['TS27 3'], 'R1', 'PR5', 1],
      ['redcar', ['TS6 0', 'TS10 1', 'TS10 4', 'TS11 6', 'TS12 1', 'TS14 6'], 'K2', 'PR4', 4],
      ['redcar', ['TS10 1'], 'K2', 'PR5', 1],
      ['darlington', ['DL1 1', 'DL1 3', 'DL3 6', 'DL3 8', 'DL2 1'], 'K2', 'PR4', 4],
      ['darlington', ['DL3 6'], 'K2', 'PR2', 1],
      ['darlington', ['DL2 1'], 'R1', 'PR4', 1],
      ['durham', ['DL5 4', 'DL14 7', 'DL17 8', 'SR8 1'], 'K2', 'PR4', 5],
      ['durham', ['DL14 7'], 'K2', 'PR5', 1],
      ['north yorkshire', ['TS9 5'], 'K2', 'PR4', 1],
      ['sunderland', ['SR5 2', 'SR6 0'], 'K2', 'PR4', 3],
      ['sunderland', ['SR6 0'], 'K2', 'PR2', 1],
      ['tyneside', ['NE1 4', 'NE4 5', 'NE6 1', 'NE8 1', 'NE9 6'], 'K2', 'PR4', 5],
      ['tyneside', ['NE6 1'], 'K2', 'PR5', 1],
      ['tyneside', ['NE4 5'], 'K2', 'PR2', 1],
      ['west durham', ['DH9 7', 'DH8 5', 'DL13 2'], 'K2', 'PR4', 4],
      ['west durham', ['DH8 5'], 'K2', 'PR5', 1],
      ['coast', ['YO21 1', 'YO11 1'], 'K2', 'PR4', 2],
      ['coast', ['YO11 1'], 'R1', 'PR4', 1],
      ['york', ['YO30 5', 'HG1 1'], 'K2', 'PR4', 2],
      ['york', ['YO30 5'], 'K2', 'PR5', 1],
      ['west yorkshire', ['LS9 8', 'BD3 9'], 'K2', 'PR4', 2],
      ['west yorkshire', ['BD3 9'], 'R1', 'PR5', 1],
      ['manchester', ['M8 5'], 'K2', 'PR4', 1],
      ['northumberland', ['NE61 2'], 'K2', 'PR4', 1],
    ];
    for (const [, sectors, place, provider, count] of spec) {
      for (let i = 0; i < count; i++) {
        const sector = at(sectors, i % sectors.length);
        const r = place === 'K2' ? realHome(sector, 'home', provider) : null;
        if (r) {
          add(place, provider, sector, r.places ?? 0, registered(r), r.urn);
          continue;
        }
        const places = place === 'R1' ? rng.int(4, 8) : rng.int(2, 5);
        const open = rng.chance(0.8) ? dayOf(rng.int(2000, 2015), rng.int(1, 12), 1) : dayOf(rng.int(2016, 2022), rng.int(1, 12), 1);
        add(place, provider, sector, places, open, null);
      }
    }
  }

  newCarer(): number {
    return ++this.carers;
  }

  private around(home: string): { near: Sector[]; far: Sector[] } {
    let v = this.byHome.get(home);
    if (!v) {
      v = {
        near: this.outsideSectors.filter((s) => sectorMiles(home, s.code) <= 20),
        far: this.outsideSectors.filter((s) => sectorMiles(home, s.code) > 20),
      };
      this.byHome.set(home, v);
    }
    return v;
  }

  pickSector(rng: Rng, home: string, cls: Cls, notHome: boolean): string {
    const list = cls === 'inside' ? this.insideSectors : this.around(home)[cls];
    const options = list.filter((s) => !notHome || s.code !== home);
    return rng.weighted(options.map((s) => [s.code, s.weight] as const));
  }

  /** Where history placements tend to be (the template's propensities, roughly). */
  randomClass(rng: Rng, place: string, provider: string): Cls {
    let out: number;
    let far: number;
    if (place === 'U1' || place === 'U2' || place === 'U3') [out, far] = [0.25, 0.15];
    else if (place.startsWith('U')) [out, far] = provider === 'PR1' ? [0.2, 0.08] : [0.55, 0.2];
    // Private children's homes: the borough has many (its published 21 of its children in them).
    else if (place === 'K2' && provider === 'PR4') [out, far] = [0.55, 0.4];
    else if (place === 'K2' || place === 'R1') [out, far] = provider === 'PR1' ? [0, 0] : [0.75, 0.4];
    else if (place === 'K1') [out, far] = [1, 0.5];
    else if (SUPPORTED.has(place)) [out, far] = [0.3, 0.2];
    else if (place === 'P1') [out, far] = [0.15, 0.1];
    else if (ADOPTION.has(place)) [out, far] = [0.5, 0.35];
    else if (TEMPORARY.has(place)) [out, far] = [0.2, 0.05];
    else [out, far] = [0.5, 0.3];
    return rng.chance(out) ? (rng.chance(far) ? 'far' : 'near') : 'inside';
  }

  findHome(rng: Rng, child: Child, place: string, provider: string, cls: Cls | null, s: Day, e: Day, avoidCarer: number): Stay | null {
    const candidates = rng.shuffle(
      this.homes.filter((h) => h.place === place && h.provider === provider && h.carer !== avoidCarer && (cls === null || classOf(child.home, h.sector) === cls)),
    );
    for (const h of candidates) {
      const stay = bookBed(h, s, e);
      if (stay) return stay;
    }
    return null;
  }

  locate(rng: Rng, child: Child, place: string, provider: string, s: Day, e: Day, avoidCarer: number): Spell {
    if (URN_PLACES.has(place) && provider !== '' && provider !== 'PR0') {
      const cls = this.randomClass(rng, place, provider);
      let p = provider;
      let stay = this.findHome(rng, child, place, p, cls, s, e, avoidCarer) ?? this.findHome(rng, child, place, p, null, s, e, avoidCarer);
      if (!stay && p === 'PR1') {
        p = 'PR4';
        stay = this.findHome(rng, child, place, p, null, s, e, avoidCarer);
      }
      if (!stay) {
        // Over capacity, in a fake home only: a registered home never has more children than places.
        this.overbooked++;
        const any = this.homes.filter((x) => x.place === place && x.provider === p && x.carer !== avoidCarer && !x.real);
        if (any.length === 0) throw new Error(`no free bed in any ${p} ${place} home on ${fmt(s)}, and no fake home to overbook`);
        stay = { home: rng.pick(any), slot: null, bed: -1, s, e, fixed: true };
      }
      const h = stay.home;
      return { start: s, place, provider: p, pl: h.sector, urn: h.urn, carer: h.carer, stay };
    }
    return this.locateIn(rng, child, place, provider, s, this.randomClass(rng, place, provider));
  }

  /** A placement that is not in a children's home, in the given kind of place. */
  locateIn(rng: Rng, child: Child, place: string, provider: string, s: Day, cls: Cls): Spell {
    const pl = place === 'P1' && cls === 'inside' && rng.chance(0.85) ? child.home : this.pickSector(rng, child.home, cls, place !== 'P1');
    return { start: s, place, provider, pl, urn: '', carer: this.newCarer() };
  }
}

// ---------------------------------------------------------------------------------------------
// The template figures the 31 March 2024 stock must reproduce

interface TemplateRow {
  period: string;
  setting: string;
  provision: string;
  age: string;
  need: string;
  measure: string;
  value: number;
}

function readTemplate(la: string): TemplateRow[] {
  const text = readFileSync(TEMPLATE_FILE(la), 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const head = at(lines, 0).split(',');
  const col = (name: string) => {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`template has no ${name} column`);
    return i;
  };
  const [cPeriod, cLa, cSetting, cProvision, cAge, cNeed, cMeasure, cValue] = [
    col('period_end'), col('la_code'), col('setting'), col('provision'), col('age_band'), col('need'), col('measure'), col('value'),
  ];
  const rows: TemplateRow[] = [];
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    const value = Number(f[cValue]);
    if (f[cLa] !== la || !Number.isFinite(value) || (f[cValue] ?? '') === '') continue;
    rows.push({
      period: f[cPeriod] ?? '',
      setting: f[cSetting] ?? '',
      provision: f[cProvision] ?? '',
      age: f[cAge] ?? '',
      need: f[cNeed] ?? '',
      measure: f[cMeasure] ?? '',
      value,
    });
  }
  return rows;
}

interface StockTargets {
  /** setting -> provision (or '' not reported) -> band -> children. */
  cells: Array<{ setting: SettingKey; provider: string; band: Band; count: number }>;
  uasc: Record<SettingKey, number>;
  outside: Record<SettingKey, number>;
  over20: Record<SettingKey, number>;
  totals: { all: number; outside: number; over20: number; uasc: number };
  /** Children looked after at 31 March 2020..2023 (the template's totals). */
  earlier: number[];
  inHouseHomePlaces: number[];
}

function stockTargets(rows: readonly TemplateRow[]): StockTargets {
  const get = (period: string, measure: string, setting: string, provision: string, age: string, need: string) =>
    rows.find((r) => r.period === period && r.measure === measure && r.setting === setting && r.provision === provision && r.age === age && r.need === need)?.value;
  const P = '2024-03-31';
  const cells: StockTargets['cells'] = [];
  const zero = (): Record<SettingKey, number> => ({ fostering: 0, kinship_fostering: 0, residential: 0, secure: 0, supported_accommodation: 0, other: 0 });
  const uasc = zero();
  const outside = zero();
  const over20 = zero();
  for (const setting of SETTING_KEYS) {
    const settingAge: Record<Band, number> = { under_1: 0, '1_4': 0, '5_9': 0, '10_15': 0, '16_17': 0 };
    for (const band of BANDS) settingAge[band] = get(P, 'children_placed', setting, 'all', band, 'all') ?? 0;
    const settingTotal = get(P, 'children_placed', setting, 'all', 'all', 'all');
    let placed: Record<Band, number> = { under_1: 0, '1_4': 0, '5_9': 0, '10_15': 0, '16_17': 0 };
    for (const provision of PROVISION_KEYS) {
      const total = get(P, 'children_placed', setting, provision, 'all', 'all');
      const byBand = BANDS.map((b) => get(P, 'children_placed', setting, provision, b, 'all'));
      const given = byBand.reduce<number>((a, v) => a + (v ?? 0), 0);
      let missing = (total ?? given) - given;
      byBand.forEach((v, i) => {
        const band = at(BANDS, i);
        let n = v ?? 0;
        // Only a total for some ages: give them to the setting's bands with room, oldest first.
        if (v === undefined && missing > 0) {
          const room = Math.max(0, settingAge[band] - placed[band]);
          n = Math.min(room, missing);
          missing -= n;
        }
        if (n > 0) cells.push({ setting, provider: PROVIDER_OF[provision], band, count: n });
        placed = { ...placed, [band]: placed[band] + n };
      });
    }
    // Provider not reported: the setting's children in no provision.
    for (const band of BANDS) {
      const rest = settingAge[band] - placed[band];
      if (rest < 0) throw new Error(`template: ${setting} ${band} provisions exceed the setting total`);
      if (rest > 0) cells.push({ setting, provider: '', band, count: rest });
    }
    const sum = cells.filter((c) => c.setting === setting).reduce((a, c) => a + c.count, 0);
    if (settingTotal !== undefined && sum !== settingTotal) throw new Error(`template: ${setting} ages add to ${sum}, total ${settingTotal}`);
    uasc[setting] = get(P, 'children_placed', setting, 'all', 'all', 'uasc') ?? 0;
    outside[setting] = get(P, 'placed_outside_la', setting, 'all', 'all', 'all') ?? 0;
    over20[setting] = get(P, 'placed_over_20_miles', setting, 'all', 'all', 'all') ?? 0;
  }
  const all = get(P, 'children_placed', 'all', 'all', 'all', 'all') ?? cells.reduce((a, c) => a + c.count, 0);
  const totals = {
    all,
    outside: get(P, 'placed_outside_la', 'all', 'all', 'all', 'all') ?? 222,
    over20: get(P, 'placed_over_20_miles', 'all', 'all', 'all', 'all') ?? 54,
    uasc: get(P, 'children_placed', 'all', 'all', 'all', 'uasc') ?? 0,
  };
  // Where the template gives only the total, spread it over the settings in proportion.
  const spread = (by: Record<SettingKey, number>, total: number) => {
    const given = SETTING_KEYS.reduce((a, s) => a + by[s], 0);
    if (given === total) return;
    if (given !== 0) throw new Error(`template: settings add to ${given}, total ${total}`);
    let left = total;
    for (const s of SETTING_KEYS) {
      const n = s === 'other' ? left : Math.round((total * cells.filter((c) => c.setting === s).reduce((a, c) => a + c.count, 0)) / all);
      by[s] = Math.min(n, left);
      left -= by[s];
    }
  };
  spread(uasc, totals.uasc);
  spread(outside, totals.outside);
  spread(over20, totals.over20);
  const earlier = [2020, 2021, 2022, 2023].map((y) => {
    const v = get(`${y}-03-31`, 'children_placed', 'all', 'all', 'all', 'all');
    if (v === undefined) throw new Error(`template: no children_placed total for ${y}`);
    return v;
  });
  const inHouseHomePlaces = [2020, 2021, 2022, 2023, 2024].map((y) => get(`${y}-03-31`, 'places', 'residential', 'in_house', 'all', 'all') ?? 16);
  return { cells, uasc, outside, over20, totals, earlier, inHouseHomePlaces };
}

// ---------------------------------------------------------------------------------------------
// The demo: Stockton-on-Tees, 2019-20 to 2023-24

/** The collection year of a day, counted from 2019-20 (0) on. */
const fyOf = (d: Day): number => calY(d) - (calMD(d) <= 331 ? 1 : 0) - 2019;

const DEMO_YEARS = [2020, 2021, 2022, 2023, 2024] as const;
const D24 = yearEndDay(2024);
/** 31 March 2019..2024: the stocks the history is steered to (2019 extrapolated). */
const MARCHES: readonly Day[] = [2019, 2020, 2021, 2022, 2023, 2024].map((y) => yearEndDay(y));
/** Care starts aimed at in each year starting 1 April 2019..2023. */
const STARTS_AIMED = [200, 185, 195, 205, 200];
/** UASC share of entrants in each of those years (the National Transfer Scheme from 2021-22). */
const UASC_SHARE = [0.02, 0.025, 0.07, 0.14, 0.08];

interface StockSpec {
  setting: SettingKey;
  provider: string;
  band: Band;
  place: string;
  uasc: boolean;
  cls: Cls;
  child: Child;
  plan: PeriodPlan | null;
}

/** PLACE for a child of the 2024 stock, from its setting, provider and age. */
function stockPlace(rng: Rng, setting: SettingKey, provider: string, band: Band): string {
  const young = band === 'under_1' || band === '1_4';
  switch (setting) {
    case 'kinship_fostering':
      return rng.weighted([['U1', 55], ['U3', 40], ['U2', young ? 5 : 0.01]]);
    case 'fostering':
      return rng.weighted([['U4', band === 'under_1' ? 10 : 50], ['U6', 45], ['U5', young ? 8 : 1]]);
    case 'residential':
      return (provider === 'PR4' || provider === 'PR5') && rng.chance(0.08) ? 'R1' : 'K2';
    case 'secure':
      return 'K1';
    case 'supported_accommodation':
      return provider === 'PR1' ? rng.pick(['P2', 'H5']) : rng.chance(0.85) ? 'H5' : 'P2';
    case 'other':
      if (provider === 'PR0') return 'P1';
      if (provider === '') return rng.weighted([['Z1', 16], ['T4', 2], ['T3', 2], ['T1', 1]]);
      if (provider === 'PR3') return band === '16_17' ? 'R5' : 'R2';
      if (band === 'under_1' && provider === 'PR5') return 'R3';
      if (band === '10_15' || band === '16_17') return provider === 'PR1' ? 'R3' : 'S1';
      return rng.chance(0.35) ? 'A5' : 'A6';
  }
}

/** DOB of a child of an age band at `at`, at least `minDays` old. */
function dobInBand(rng: Rng, band: Band, atDay: Day, minDays: number, avoid: (dob: Day) => boolean): Day {
  const [lo, hi] = BAND_YEARS[band];
  for (let tries = 0; tries < 1000; tries++) {
    const years = rng.int(lo, hi);
    const latest = birthday(atDay, -years);
    const earliest = birthday(atDay, -(years + 1)) + 1;
    const dob = rng.int(earliest, Math.min(latest, atDay - minDays));
    if (ageOn(dob, atDay) === years && atDay - dob >= minDays && !avoid(dob)) return dob;
  }
  throw new Error(`no date of birth for ${band}`);
}

const MIN_AGE_YEARS: Record<string, number> = { H5: 16, P2: 16, K1: 10, R5: 15, S1: 8, K2: 5, R1: 8 };

function generateStockton(): { files: Map<string, string>; summary: string[] } {
  const rows = readTemplate(LA_CODE);
  const targets = stockTargets(rows);
  const file = registerFile();
  if (!file) throw new Error(`Ofsted's register is missing: ${REGISTER_FILES.join(' or ')}`);
  const world = new DemoWorld(new Rng('homes'), targets.inHouseHomePlaces, readRegister(file), councilNames());
  const rngStock = new Rng('stock');
  const homeSectors = SECTORS.filter((s) => s.la === LA_CODE).map((s) => [s.code, s.weight] as const);

  // 1. The 2024 stock: one child per counted cell of the template.
  const specs: StockSpec[] = [];
  for (const cell of targets.cells) {
    for (let i = 0; i < cell.count; i++) {
      const place = stockPlace(rngStock, cell.setting, cell.provider, cell.band);
      const minDays = ADOPTION.has(place) ? 240 : TEMPORARY.has(place) ? 60 : 0;
      const uascBlocked = (dob: Day) => birthday(dob, 18) <= D24 + 1;
      const dob = dobInBand(rngStock, cell.band, D24, minDays, (d) => uascBlocked(d) && cell.setting === 'supported_accommodation');
      const child = newChild(rngStock, dob, false, rngStock.weighted(homeSectors));
      specs.push({ setting: cell.setting, provider: cell.provider, band: cell.band, place, uasc: false, cls: 'inside', child, plan: null });
    }
  }
  // UASC: the template's count per setting, among children aged 14 or more (DUC after 31 March).
  for (const setting of SETTING_KEYS) {
    const n = targets.uasc[setting];
    if (n === 0) continue;
    const pool = specs.filter(
      (s) =>
        s.setting === setting &&
        ageOn(s.child.dob, D24) >= 14 &&
        birthday(s.child.dob, 18) > D24 + 1 &&
        !['P1', 'R5', 'R3', 'S1', 'K1'].includes(s.place) &&
        !ADOPTION.has(s.place) &&
        s.provider !== '',
    );
    const uascWeight = (x: StockSpec) => (x.provider === 'PR1' ? 1 : 2) * (ageOn(x.child.dob, D24) >= 16 ? 2 : 1);
    for (const s of weightedSample(rngStock, pool, uascWeight, n)) {
      s.uasc = true;
      s.child.uasc = true;
      s.child.sex = rngStock.chance(0.92) ? '1' : '2';
      s.child.ethnic = rngStock.weighted(ETHNIC_UASC);
    }
  }
  // Placed outside the council and more than 20 miles away: the template's counts per setting.
  const ownVoluntary = world.homes.some((h) => h.real && h.la === LA_CODE && h.provider === 'PR5');
  const outWeight = (s: StockSpec): number => {
    const p = s.provider;
    switch (s.setting) {
      case 'fostering':
        return p === 'PR1' ? 1 : p === 'PR2' ? 4 : 2.4;
      case 'residential':
        // Other councils' homes are all over the border, and so are voluntary ones when the
        // register has none in the borough.
        return p === 'PR1' ? 0 : p === 'PR2' || (p === 'PR5' && !ownVoluntary) ? 1000 : 5;
      case 'supported_accommodation':
        return p === 'PR1' ? 0.3 : 1;
      case 'other':
        return s.place === 'P1' ? 0.6 : ADOPTION.has(s.place) ? 2.5 : TEMPORARY.has(s.place) ? 0.8 : s.place === 'Z1' ? 1.2 : 3;
      default:
        return 1;
    }
  };
  const farWeight = (s: StockSpec): number => (s.provider === 'PR1' ? 0.4 : ADOPTION.has(s.place) || s.place === 'R5' ? 2 : 1);
  for (const setting of SETTING_KEYS) {
    const group = specs.filter((s) => s.setting === setting);
    const out = weightedSample(rngStock, group, outWeight, targets.outside[setting]);
    const far = weightedSample(rngStock, [...out], farWeight, targets.over20[setting]);
    for (const s of group) s.cls = far.has(s) ? 'far' : out.has(s) ? 'near' : 'inside';
  }
  // In the borough, the private and voluntary residential placements are children's homes (K2):
  // every one of them is in a registered home.
  for (const s of specs) {
    if (s.setting === 'residential' && s.cls === 'inside' && s.place === 'R1') s.place = 'K2';
  }

  // 2. Each stock child's current period of care and its placement on 31 March 2024, located
  // (and homes' beds booked) for all of them before any history is drawn.
  for (const s of specs) s.plan = planStockChild(rngStock, world, s);

  // 3. Their histories.
  const rngHistory = new Rng('history');
  const children: Child[] = [];
  const count = new Array<number>(MARCHES.length).fill(0);
  const cover = (start: Day, endEx: Day) => MARCHES.forEach((m, i) => { if (start <= m && m < endEx) count[i] = (count[i] ?? 0) + 1; });
  const stockStarts = new Array<number>(STARTS_AIMED.length).fill(0);
  for (const s of specs) {
    const plan = s.plan;
    if (!plan) throw new Error('unplanned stock child');
    const child = s.child;
    child.episodes = buildPeriod(rngHistory, world, child, plan);
    // Some came back into care after an earlier period that ended.
    if (!child.uasc && !plan.remand && plan.start - child.dob > 3 * 365 && rngHistory.chance(0.08)) {
      const prevEnd = plan.start - rngHistory.int(60, 700);
      const prevStart = Math.max(child.dob + 30, prevEnd - rngHistory.int(20, 500));
      if (prevEnd - prevStart >= 7) {
        const prev = basePlan(prevStart, prevEnd, D24, pickCin(rngHistory, false, false));
        prev.rec = rngHistory.weighted([['E4A', 5], ['E4B', 2], ['E13', 2]]);
        child.episodes = [...buildPeriod(rngHistory, world, child, prev), ...child.episodes];
        cover(prevStart, prevEnd);
        const fy = fyOf(prevStart);
        if (fy >= 0 && fy < STARTS_AIMED.length) stockStarts[fy] = (stockStarts[fy] ?? 0) + 1;
      }
    }
    cover(plan.start, D24 + 1);
    const fy = fyOf(plan.start);
    if (fy >= 0 && fy < STARTS_AIMED.length) stockStarts[fy] = (stockStarts[fy] ?? 0) + 1;
    children.push(child);
  }

  // 4. Children who left before 31 March 2024, steered so that the stock at each earlier 31 March
  // is the template's (2019: extrapolated).
  const stockAimed = [Math.round(at(targets.earlier, 0) * 0.985), ...targets.earlier];
  const rngLeavers = new Rng('leavers');
  const leavers: Array<{ child: Child; plan: PeriodPlan }> = [];
  const fits = (start: Day, endEx: Day) => MARCHES.slice(0, 5).every((m, i) => !(start <= m && m < endEx) || (count[i] ?? 0) < at(stockAimed, i));
  const addLeaver = (child: Child, plan: PeriodPlan) => {
    if (plan.end === null) throw new Error('a leaver needs an end');
    cover(plan.start, plan.end);
    leavers.push({ child, plan });
  };
  // 4a. Entrants of each year who have left by 31 March 2024.
  for (let fy = 0; fy < STARTS_AIMED.length; fy++) {
    const want = at(STARTS_AIMED, fy) - (stockStarts[fy] ?? 0);
    const first = dayOf(2019 + fy, 4, 1);
    const last = dayOf(2020 + fy, 3, 31);
    for (let n = 0; n < want; n++) {
      for (let attempt = 0; attempt < 60; attempt++) {
        const candidate = leaverCandidate(rngLeavers, rngLeavers.int(first, last), at(UASC_SHARE, fy), attempt >= 30, homeSectors);
        if (!candidate) continue;
        if (fits(candidate.plan.start, candidate.plan.end ?? D24 + 1)) {
          addLeaver(candidate.child, candidate.plan);
          break;
        }
      }
    }
  }
  // 4b. Leavers who were in care on 31 March 2019: the rest of each earlier stock. Each covers the
  // 31 Marches from 2019 to the one before it left, so what is left to fill must not grow with the
  // year; where it does, a child who came in and left around one 31 March fills the difference.
  const left = () => MARCHES.slice(0, 5).map((_, i) => at(stockAimed, i) - (count[i] ?? 0));
  for (let j = 1; j < 5; j++) {
    while (at(left(), j) > at(left(), j - 1)) {
      const c = oneMarchLeaver(rngLeavers, j, homeSectors);
      addLeaver(c.child, c.plan);
    }
  }
  const rest = left();
  for (let i = 0; i < 5; i++) {
    const n = at(rest, i) - (i + 1 < 5 ? at(rest, i + 1) : 0);
    for (let k = 0; k < n; k++) {
      const c = preWindowLeaver(rngLeavers, i, homeSectors);
      addLeaver(c.child, c.plan);
    }
  }
  for (const { child, plan } of leavers) {
    child.episodes = buildPeriod(rngHistory, world, child, plan);
    children.push(child);
  }
  const stockCheck = MARCHES.slice(0, 5).map((_, i) => count[i] ?? 0);
  if (stockCheck.some((n, i) => n !== at(stockAimed, i))) throw new Error(`earlier stocks ${stockCheck.join(', ')} missed ${stockAimed.join(', ')}`);

  // 4c. The council's children in the borough's private and voluntary homes on 31 March 2023: the
  // published number, by moving history stays of that day between those homes and homes elsewhere.
  const published = PUBLISHED_EXTERNAL[LA_CODE];
  const external = published ? steerExternal(new Rng('external-homes'), world, children, yearEndDay(2023), published.children) : null;
  // PL_POST and URN of each stay are its home's (after the moves).
  for (const c of children) {
    for (const e of c.episodes) {
      if (!e.stay) continue;
      e.pl = e.stay.home.sector;
      e.urn = e.stay.home.urn;
    }
  }

  // 5. Short breaks (V3): disabled children with a series of short stays, two of them on 31 March 2024.
  const rngBreaks = new Rng('short-breaks');
  const unit = world.shortBreakUnit;
  const breakChildren = Math.min(6, unit.places);
  for (let i = 0; i < breakChildren; i++) children.push(shortBreakChild(rngBreaks, i < 2, homeSectors, unit));

  // 6. Header details, IDs, and a few data-quality flags.
  const rngHeader = new Rng('header');
  finishChildren(rngHeader, children, '808');
  // HOME_POST missing on a few episodes that closed in the year they started, before 2022-23 (so
  // each appears, closed, in one return only).
  const closed = children
    .filter((c) => !c.shortBreaks)
    .flatMap((c) => c.episodes.filter((e) => e.dec !== null && e.dec < dayOf(2022, 4, 1) && fyOf(e.decom) >= 0 && fyOf(e.decom) === fyOf(e.dec)));
  for (const e of weightedSample(rngHeader, closed, () => 1, Math.min(8, closed.length))) e.noHome = true;

  // 7. The returns.
  const files = new Map<string, string>();
  const summary: string[] = [];
  children.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const yearEnd of DEMO_YEARS) {
    const ret = demoReturn(children, yearEnd);
    const name = String(yearEnd - 1);
    files.set(`${LA_CODE}/${name}-header.csv`, ret.header);
    files.set(`${LA_CODE}/${name}-episodes.csv`, ret.episodes);
    files.set(`${LA_CODE}/${name}-uasc.csv`, ret.uasc);
    summary.push(`${label(yearEnd)}: ${ret.children} children, ${ret.episodeCount} episodes, ${ret.uascCount} UASC`);
  }
  files.set('postcode_sectors.csv', sectorsCsv());
  summary.push(`children's home stays booked over capacity (fake homes only): ${world.overbooked}`);
  const real = world.homes.filter((h) => h.real);
  const own = (provider: string) => real.filter((h) => h.la === LA_CODE && h.provider === provider);
  const describe = (hs: readonly Home[]) => `${hs.length} homes, ${hs.reduce((a, h) => a + h.places, 0)} places`;
  summary.push(
    `Ofsted's register: the council's own homes ${describe(own('PR1'))} (short breaks: ${unit.urn}, ${unit.places} places), ` +
      `private ${describe(own('PR4'))}, voluntary ${describe(own('PR5'))}; ${real.length - own('PR1').length - own('PR4').length - own('PR5').length} ` +
      `registered homes elsewhere, ${world.homes.length - real.length} fake homes`,
  );
  const fake = world.fakeInHousePlaces;
  summary.push(
    fake.some((n) => n > 0)
      ? `in-house places beyond the register's homes (fake homes) at 31 March 2020-2024: ${fake.join(', ')}`
      : `in-house places: the register's homes hold the template's in-house places at every 31 March 2020-2024 (${targets.inHouseHomePlaces.join(', ')})`,
  );
  if (external) summary.push(`31 March 2023: ${external.before} of the council's children in the borough's private/voluntary homes before steering, ${external.after} after (${external.moved} stays moved)`);
  return { files, summary };
}

/**
 * Makes the council's children in the borough's registered private and voluntary children's homes
 * on `day` exactly `target`: stays of that day (not the 2024 stock's, which are fixed) move from
 * those homes to homes of the same provider elsewhere, or from elsewhere into them, where a bed is
 * free for the whole stay and the child has no other stay in the home. Only history stays move;
 * none of them is open on 31 March 2024, so the 2024 stock is untouched.
 */
function steerExternal(rng: Rng, world: DemoWorld, children: readonly Child[], day: Day, target: number): { before: number; after: number; moved: number } {
  const inBorough = (h: Home) => h.real && h.la === LA_CODE && h.place === 'K2' && (h.provider === 'PR4' || h.provider === 'PR5');
  const present: Array<{ child: Child; stay: Stay }> = [];
  for (const child of children) {
    const stay = openEpisode(child.episodes, day)?.stay;
    if (stay) present.push({ child, stay });
  }
  const count = () => present.filter((p) => inBorough(p.stay.home)).length;
  const before = count();
  const otherHomes = (child: Child, stay: Stay) => new Set(child.episodes.filter((e) => e.stay && e.stay !== stay).map((e) => e.stay?.home));
  let n = before;
  let moved = 0;
  const movable = (p: { stay: Stay }) => !p.stay.fixed && p.stay.slot !== null && p.stay.home.place === 'K2' && (p.stay.home.provider === 'PR4' || p.stay.home.provider === 'PR5');
  const into = (p: { child: Child; stay: Stay }, homes: readonly Home[]) => {
    const avoid = otherHomes(p.child, p.stay);
    for (const h of rng.shuffle(homes.filter((x) => x !== p.stay.home && x.provider === p.stay.home.provider && !avoid.has(x)))) {
      if (moveStay(p.stay, h)) return true;
    }
    return false;
  };
  if (n < target) {
    const homes = world.homes.filter(inBorough);
    // Nearest first: stays within 20 miles of home before those further away.
    const candidates = rng.shuffle(present.filter((p) => movable(p) && !inBorough(p.stay.home)));
    candidates.sort((a, b) => Number(classOf(a.child.home, a.stay.home.sector) === 'far') - Number(classOf(b.child.home, b.stay.home.sector) === 'far'));
    for (const p of candidates) {
      if (n === target) break;
      if (into(p, homes)) {
        n++;
        moved++;
      }
    }
  } else if (n > target) {
    const homes = world.homes.filter((h) => h.place === 'K2' && !inBorough(h) && h.la !== LA_CODE);
    for (const p of rng.shuffle(present.filter((x) => movable(x) && inBorough(x.stay.home)))) {
      if (n === target) break;
      const near = homes.filter((h) => classOf(p.child.home, h.sector) === 'near');
      if (into(p, near) || into(p, homes)) {
        n--;
        moved++;
      }
    }
  }
  const after = count();
  if (after !== target) throw new Error(`children in the borough's private and voluntary homes on ${fmt(day)}: ${after}, aimed at ${target}`);
  return { before, after, moved };
}

function planStockChild(rng: Rng, world: DemoWorld, s: StockSpec): PeriodPlan {
  const child = s.child;
  const place = s.place;
  const alive = D24 - child.dob;
  const remand = place === 'R5';
  // Time in care so far, and where the current period starts.
  let t: number;
  if (child.uasc) {
    const since14 = D24 - birthday(child.dob, 14);
    t = Math.max(1, Math.min(since14, rng.int(14, 1100)));
  } else if (remand) t = rng.int(10, 150);
  else t = Math.min(careLength(rng), alive);
  let start = D24 - t;
  if (start < child.dob) start = child.dob;
  // The current placement's start.
  let length: number;
  if (TEMPORARY.has(place)) length = rng.int(1, 10);
  else if (ADOPTION.has(place)) length = rng.int(14, 300);
  else if (place === 'Z1') length = rng.int(7, 200);
  else if (place === 'K1' || place === 'R2' || place === 'R3') length = rng.int(14, 160);
  else if (place === 'R5') length = rng.int(7, 90);
  else {
    // Time since the last move, with moves at the rate the histories draw them (short-term
    // placements end sooner, long-term ones later).
    const base = ageOn(child.dob, D24) >= 10 ? MOVE_RATE_OLDER : MOVE_RATE_YOUNGER;
    const factor = ['U6', 'U3', 'U5', 'U2', 'H5', 'P2'].includes(place) ? 1.5 : ['U4', 'U1', 'K2', 'P1'].includes(place) ? 0.6 : 1;
    length = Math.min(t, Math.round((-Math.log(Math.max(rng.next(), 1e-9)) * 365) / (base * factor)));
  }
  let fs = Math.max(start, D24 - Math.max(0, length));
  const minYears = MIN_AGE_YEARS[place];
  if (minYears !== undefined) fs = Math.max(fs, birthday(child.dob, minYears));
  // Placements that need one before them: temporary ones, adoption, same-carer changes.
  let link: Link | null = null;
  if (TEMPORARY.has(place)) link = place === 'T3' ? { kind: 'foster' } : { kind: 'normal' };
  else if (place === 'A5') link = { kind: 'same_carer', place: 'U5' };
  else if (ADOPTION.has(place)) link = { kind: 'normal' };
  else if ((place === 'U4' || place === 'U1') && rng.chance(0.3)) link = { kind: 'same_carer', place: place === 'U4' ? 'U6' : 'U3' };
  const needBefore = ADOPTION.has(place) ? 75 : link ? 14 : 0;
  if (fs - start < needBefore) {
    const floor = child.uasc ? birthday(child.dob, 14) : child.dob;
    start = Math.max(floor, fs - rng.int(needBefore, needBefore + 300));
    if (fs - start < needBefore) fs = Math.min(D24 - (ADOPTION.has(place) ? 7 : 0), start + needBefore);
    if (fs - start < (link ? 1 : 0)) link = null;
  }
  // Where it is: a bed booked from its start on, or a carer or address in the chosen kind of place.
  let final: Spell;
  if (URN_PLACES.has(place) && s.provider !== '' && s.provider !== 'PR0') {
    const stay = bookStockBed(rng, world, child, place, s.provider, s.cls, fs);
    fs = stay.s;
    final = { start: fs, place, provider: s.provider, pl: stay.home.sector, urn: stay.home.urn, carer: stay.home.carer, stay };
  } else {
    final = world.locateIn(rng, child, place, s.provider, fs, s.cls);
  }
  if (start > fs) start = fs;
  const plan = basePlan(start, null, D24, pickCin(rng, child.uasc, remand));
  plan.final = final;
  plan.link = link;
  plan.remand = remand;
  if (place === 'P1') plan.careFrom = fs;
  if (ADOPTION.has(place)) {
    const e1 = start + rng.int(30, Math.max(31, fs - start - 14));
    plan.adoption = { e1, aStart: fs };
  }
  return plan;
}

/** Books a bed from `fs` on for a child of the 2024 stock; a later start if no home of the kind is open yet. */
function bookStockBed(rng: Rng, world: DemoWorld, child: Child, place: string, provider: string, cls: Cls, fs: Day): Stay {
  const homes = world.homes.filter((h) => h.place === place && h.provider === provider && classOf(child.home, h.sector) === cls);
  const free = (h: Home) => h.beds.some((bed) => bed.every(([, y]) => y <= fs));
  const ready = homes.filter((h) => h.open <= fs && free(h));
  const pick = ready.length > 0 ? rng.pick(ready) : [...homes].filter(free).sort((a, b) => a.open - b.open)[0];
  if (!pick) throw new Error(`no ${provider} ${place} home with a free bed (${cls}) for the 2024 stock`);
  const start = pick.open <= fs ? fs : pick.open + rng.int(0, 30);
  const stay = start > D24 ? null : bookBed(pick, start, FOREVER, true);
  if (!stay) throw new Error(`cannot book ${pick.urn} from ${fmt(start)}`);
  return stay;
}

/** A child who came into care on `entry` and left before 31 March 2024 (or null when it would still be in care). */
function leaverCandidate(
  rng: Rng,
  entry: Day,
  uascShare: number,
  short: boolean,
  homes: Weighted<string>,
): { child: Child; plan: PeriodPlan } | null {
  const uasc = rng.chance(uascShare);
  const dob = entry - entryAgeDays(rng, uasc);
  const child = newChild(rng, dob, uasc, homeSector(rng, homes));
  const age = ageOn(dob, entry);
  const remand = !uasc && age >= 12 && rng.chance(0.04);
  const bday18 = birthday(dob, 18);
  let end: Day;
  let adoption: PeriodPlan['adoption'] = null;
  if (short) end = entry + rng.int(1, 40);
  else if (remand) end = entry + rng.int(7, 120);
  else if (age < 2 && rng.chance(0.55)) {
    end = entry + rng.int(500, 900);
    const aStart = end - rng.int(90, 330);
    const e1 = aStart - rng.int(30, 200);
    if (e1 - entry >= 60) adoption = { e1, aStart };
  } else end = entry + leaverLength(rng);
  let agedOut = false;
  if (end >= bday18) {
    end = bday18;
    agedOut = true;
    adoption = null;
  }
  if (end > D24 || end <= entry) return null;
  const plan = basePlan(entry, end, D24, pickCin(rng, uasc, remand));
  plan.remand = remand;
  plan.adoption = adoption;
  plan.agedOut = agedOut;
  return { child, plan };
}

/** A child in care on one 31 March only (index j of MARCHES): came in the year before, left the year after. */
function oneMarchLeaver(rng: Rng, j: number, homes: Weighted<string>): { child: Child; plan: PeriodPlan } {
  const m = at(MARCHES, j);
  const entry = m - rng.int(0, Math.min(300, m - at(MARCHES, j - 1) - 1));
  const end = Math.min(at(MARCHES, j + 1), m + rng.int(1, 300));
  const uasc = rng.chance(0.03);
  let dob = entry - entryAgeDays(rng, uasc);
  if (birthday(dob, 18) <= end) dob = entry - rng.int(2 * 365, 14 * 365);
  const child = newChild(rng, dob, uasc, homeSector(rng, homes));
  return { child, plan: basePlan(entry, end, D24, pickCin(rng, uasc, false)) };
}

/** A child in care on 31 March 2019 who left between 31 March of MARCHES[i] and the next. */
function preWindowLeaver(rng: Rng, i: number, homes: Weighted<string>): { child: Child; plan: PeriodPlan } {
  const m2019 = at(MARCHES, 0);
  let end = at(MARCHES, i) + rng.int(1, at(MARCHES, i + 1) - at(MARCHES, i));
  let entry = m2019 - rng.weighted<() => number>([
    [() => rng.int(0, 365), 30],
    [() => rng.int(366, 3 * 365), 35],
    [() => rng.int(3 * 365, 8 * 365), 35],
  ])();
  let dob: Day;
  let agedOut = false;
  if (rng.chance(0.38)) {
    // Left on the 18th birthday.
    dob = birthday(end, -18);
    end = birthday(dob, 18);
    agedOut = true;
    if (entry < dob) entry = dob + rng.int(0, m2019 - dob);
  } else {
    if (end - entry > 17 * 365) entry = Math.min(m2019, end - rng.int(365, 10 * 365));
    dob = entry - rng.int(0, 18 * 365 - (end - entry) - 5);
  }
  const uasc = agedOut && ageOn(dob, entry) >= 15 && rng.chance(0.05);
  const child = newChild(rng, dob, uasc, homeSector(rng, homes));
  const plan = basePlan(entry, end, D24, pickCin(rng, uasc, false));
  plan.agedOut = agedOut;
  const age = ageOn(dob, entry);
  if (!agedOut && age < 2 && end - entry > 450 && end - entry < 1100 && rng.chance(0.5)) {
    const aStart = end - rng.int(90, 330);
    const e1 = aStart - rng.int(30, 200);
    if (e1 - entry >= 60) plan.adoption = { e1, aStart };
  }
  return { child, plan };
}

/** Most children's homes are in the council; a few lived over the border when they came into care. */
function homeSector(rng: Rng, homes: Weighted<string>): string {
  if (rng.chance(0.04)) return rng.pick(['TS1 2', 'TS3 6', 'TS25 1', 'DL1 1', 'TS6 0']);
  return rng.weighted(homes);
}

/**
 * A disabled child who comes for short breaks (V3): each break an episode of its own, most in the
 * council's short-break unit (its short-break-only children's home; at most one child a bed, as
 * each child has one break at a time and there are no more children than beds).
 */
function shortBreakChild(rng: Rng, openOnStockDay: boolean, homes: Weighted<string>, unit: { urn: string; sector: string }): Child {
  const dob = D24 - rng.int(7 * 365, 15 * 365);
  const child = newChild(rng, dob, false, rng.weighted(homes));
  child.shortBreaks = true;
  const carerSector = rng.pick(['TS18 2', 'TS20 1', 'TS17 0']);
  let d = dayOf(rng.int(2018, 2021), rng.int(1, 12), rng.int(1, 28));
  const last = openOnStockDay ? D24 - rng.int(1, 3) : D24 - rng.int(20, 400);
  const stay = (decom: Day, dec: Day, inUnit: boolean): Episode => ({
    decom,
    dec,
    rne: 'S',
    ls: 'V3',
    cin: 'N2',
    place: inUnit ? 'K2' : 'U4',
    provider: 'PR1',
    rec: 'E4A',
    reason: '',
    home: child.home,
    pl: inUnit ? unit.sector : carerSector,
    urn: inUnit ? unit.urn : '',
  });
  const eps: Episode[] = [];
  while (d + 5 < last) {
    const len = rng.int(1, 4);
    eps.push(stay(d, d + len, rng.chance(0.75)));
    d += len + rng.int(20, 60);
  }
  if (openOnStockDay) eps.push(stay(last, D24 + rng.int(1, 4), true));
  child.episodes = eps;
  return child;
}

/** IDs, UPNs and motherhood, once the episodes are known. */
function finishChildren(rng: Rng, children: readonly Child[], laNumber: string): void {
  const order = rng.shuffle(children.map((_, i) => i));
  const used = new Set<string>();
  for (const i of order) {
    const c = at(children, i);
    let id: string;
    do id = String(rng.int(100000, 999999));
    while (used.has(id));
    used.add(id);
    c.id = id;
    c.upn = fakeUpn(rng, c, laNumber);
    if (c.sex === '2' && !c.shortBreaks && rng.chance(0.06)) {
      const first = Math.max(birthday(c.dob, 15), at(c.episodes, 0).decom);
      const lastEp = at(c.episodes, c.episodes.length - 1);
      const last = Math.min(lastEp.dec ?? D24, birthday(c.dob, 18) - 1, D24);
      if (last > first) c.mcDob = rng.int(first, last);
    }
  }
}

function demoReturn(children: readonly Child[], yearEnd: number): { header: string; episodes: string; uasc: string; children: number; episodeCount: number; uascCount: number } {
  const ys = yearStart(yearEnd);
  const ye = yearEndDay(yearEnd);
  const header: string[] = [HEADER_COLUMNS];
  const episodes: string[] = [EPISODE_COLUMNS];
  const uasc: string[] = [UASC_COLUMNS];
  for (const c of children) {
    const eps = c.episodes.filter((e) => e.decom <= ye && (e.dec === null || e.dec >= ys));
    if (eps.length === 0) continue;
    header.push(headerRow(c, ye));
    for (const e of eps) episodes.push(episodeRow(c, e, ye));
    if (c.uasc) uasc.push(uascRow(c));
  }
  return {
    header: header.join('\n') + '\n',
    episodes: episodes.join('\n') + '\n',
    uasc: uasc.join('\n') + '\n',
    children: header.length - 1,
    episodeCount: episodes.length - 1,
    uascCount: uasc.length - 1,
  };
}

function headerRow(c: Child, ye: Day): string {
  let mother = '';
  let mcDob = '';
  if (c.sex === '2' && !c.shortBreaks && ageOn(c.dob, ye) >= 12) {
    if (c.mcDob !== null && c.mcDob <= ye) {
      mother = '1';
      mcDob = fmt(c.mcDob);
    } else mother = '0';
  }
  return `${c.id},${c.sex},${fmt(c.dob)},${c.ethnic},${c.upn},${mother},${mcDob}`;
}

function episodeRow(c: Child, e: Episode, ye: Day): string {
  const closed = e.dec !== null && e.dec <= ye;
  const dec = closed && e.dec !== null ? fmt(e.dec) : '';
  const home = e.noHome ? '' : e.home;
  return `${c.id},${fmt(e.decom)},${e.rne},${e.ls},${e.cin},${e.place},${e.provider},${dec},${closed ? e.rec : ''},${closed ? e.reason : ''},${home},${e.pl},${e.urn}`;
}

function uascRow(c: Child): string {
  return `${c.id},${c.sex},${fmt(c.dob)},${fmt(birthday(c.dob, 18) - 1)}`;
}

// ---------------------------------------------------------------------------------------------
// National scale: one return, streamed

class OutFile {
  private readonly fd: number;
  private chunks: string[] = [];
  private size = 0;
  bytes = 0;
  constructor(file: string, header: string) {
    this.fd = openSync(file, 'w');
    this.write(header + '\n');
  }
  write(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) this.flush();
  }
  flush(): void {
    if (this.chunks.length === 0) return;
    const buf = Buffer.from(this.chunks.join(''), 'utf8');
    writeSync(this.fd, buf);
    this.bytes += buf.length;
    this.chunks = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

const AREAS = [
  'B', 'M', 'L', 'LS', 'S', 'NE', 'SR', 'TS', 'DL', 'DH', 'BD', 'HD', 'HX', 'WF', 'YO', 'HU', 'DN', 'NG', 'DE', 'LE', 'CV',
  'WV', 'WS', 'DY', 'ST', 'SK', 'OL', 'BL', 'WN', 'PR', 'BB', 'FY', 'LA', 'CA', 'CH', 'CW', 'SY', 'TF', 'HR', 'WR', 'GL',
  'BS', 'BA', 'TA', 'EX', 'PL', 'TR', 'DT', 'BH', 'SO', 'PO', 'SP', 'RG', 'OX', 'MK', 'NN', 'PE', 'CB', 'IP', 'NR', 'CO',
  'CM', 'SS', 'RM', 'IG', 'E', 'N', 'NW', 'W', 'SE', 'SW', 'CR', 'BR', 'DA', 'ME', 'CT', 'TN', 'RH', 'BN', 'GU', 'KT',
  'SM', 'TW', 'UB', 'HA', 'EN', 'WD', 'AL', 'SG', 'LU', 'HP', 'SL',
];

class NationalWorld implements World {
  private carers = 0;
  private readonly urns: string[] = [];
  constructor(rng: Rng) {
    const used = new Set<string>();
    while (this.urns.length < 3500) {
      const u = String(rng.chance(0.3) ? rng.int(100000, 999999) : rng.int(1000000, 2999999));
      if (!used.has(u)) {
        used.add(u);
        this.urns.push(u);
      }
    }
  }
  newCarer(): number {
    return ++this.carers;
  }
  sector(rng: Rng, near: string | null): string {
    if (near && rng.chance(0.6)) {
      const m = /^([A-Z]+\d+) (\d)$/.exec(near);
      if (m) return `${m[1]} ${rng.int(0, 9)}`;
    }
    return `${rng.pick(AREAS)}${rng.int(1, 30)} ${rng.int(0, 9)}`;
  }
  locate(rng: Rng, child: Child, place: string, provider: string, s: Day): Spell {
    if (URN_PLACES.has(place) && provider !== '' && provider !== 'PR0') {
      const i = rng.int(0, this.urns.length - 1);
      return { start: s, place, provider, pl: this.sector(new Rng(`urn-sector:${i}`), null), urn: at(this.urns, i), carer: -(i + 1) };
    }
    const pl = place === 'P1' && rng.chance(0.7) ? child.home : this.sector(rng, child.home);
    return { start: s, place, provider, pl, urn: '', carer: this.newCarer() };
  }
}

function generateNational(target: number, outDir: string, seed: number): { children: number; episodes: number; bytes: number } {
  mkdirSync(outDir, { recursive: true });
  const rng = new Rng(`national:${seed}`);
  const world = new NationalWorld(new Rng(`national-homes:${seed}`));
  const yearEnd = 2024;
  const ys = yearStart(yearEnd);
  const ye = yearEndDay(yearEnd);
  const header = new OutFile(path.join(outDir, 'header.csv'), HEADER_COLUMNS);
  const episodesOut = new OutFile(path.join(outDir, 'episodes.csv'), EPISODE_COLUMNS);
  const uascOut = new OutFile(path.join(outDir, 'uasc.csv'), UASC_COLUMNS);
  // Ages (days) of the children looked after on 1 April, roughly DfE's national shares.
  const stockAges: Weighted<readonly [number, number]> = [
    [[0, 364], 4],
    [[365, 5 * 365 - 2], 14],
    [[5 * 365, 10 * 365 - 3], 18],
    [[10 * 365, 16 * 365 - 4], 38],
    [[16 * 365, Math.floor(17.95 * YEAR)], 26],
  ];
  let written = 0;
  let childCount = 0;
  let childrenWritten = 0;
  let nextReport = 0;
  const progress = () => process.stderr.write(`\r  ${written.toLocaleString('en-GB')} / ${target.toLocaleString('en-GB')} episodes`);
  while (written < target) {
    const i = childCount++;
    const id = String(100_000_000 + ((i * 282_475_249 + 12_345) % 900_000_000));
    const uasc = rng.chance(0.065);
    let child: Child;
    let eps: Episode[];
    const r = rng.next();
    if (r < 0.012) {
      child = newChild(rng, ys - rng.int(6 * 365, 15 * 365), false, world.sector(rng, null));
      child.shortBreaks = true;
      eps = [];
      let d = ys - rng.int(0, 40);
      while (d <= ye) {
        const len = rng.int(1, 4);
        const inUnit = rng.chance(0.7);
        const unit = inUnit ? world.locate(rng, child, 'K2', 'PR1', d) : null;
        eps.push({
          decom: d,
          dec: d + len,
          rne: 'S',
          ls: 'V3',
          cin: 'N2',
          place: inUnit ? 'K2' : 'U4',
          provider: 'PR1',
          rec: 'E4A',
          reason: '',
          home: child.home,
          pl: unit ? unit.pl : world.sector(rng, child.home),
          urn: unit ? unit.urn : '',
        });
        d += len + rng.int(20, 70);
      }
    } else {
      let start: Day;
      let end: Day | null;
      let dob: Day;
      if (r < 0.62) {
        const [lo, hi] = rng.weighted(stockAges);
        const ageDays = uasc ? rng.int(15 * 365, Math.floor(17.9 * YEAR)) : rng.int(lo, hi);
        dob = ys - ageDays;
        const floor = uasc ? birthday(dob, 14) : dob;
        start = Math.max(floor, ys - 1 - Math.min(careLength(rng), ageDays));
        end = rng.chance(0.28) ? ys + rng.int(0, 364) : null;
      } else {
        start = ys + rng.int(0, 365);
        dob = start - entryAgeDays(rng, uasc);
        end = rng.chance(0.42) ? Math.min(ye, start + leaverLength(rng)) : null;
        if (end !== null && end <= start) end = start + 1;
      }
      child = newChild(rng, dob, uasc, world.sector(rng, null));
      const bday18 = birthday(dob, 18);
      let agedOut = false;
      if (bday18 <= (end ?? ye)) {
        end = bday18;
        agedOut = true;
      }
      if (end !== null && end <= start) end = start + 1;
      const age = ageOn(dob, start);
      const remand = !uasc && end !== null && age >= 12 && end - start < 150 && rng.chance(0.05);
      const plan = basePlan(start, end, ye, pickCin(rng, uasc, remand));
      plan.remand = remand;
      plan.agedOut = agedOut;
      if (end !== null && !agedOut && age < 3 && end - start > 450 && rng.chance(0.5)) {
        const aStart = end - rng.int(90, 330);
        const e1 = aStart - rng.int(30, 200);
        if (e1 - start >= 60) plan.adoption = { e1, aStart };
      }
      eps = buildPeriod(rng, world, child, plan);
    }
    child.id = id;
    child.episodes = eps;
    child.upn = fakeUpn(rng, child, String(rng.int(201, 938)));
    const inYear = eps.filter((e) => e.decom <= ye && (e.dec === null || e.dec >= ys));
    if (inYear.length === 0) continue;
    header.write(headerRow(child, ye) + '\n');
    for (const e of inYear) episodesOut.write(episodeRow(child, e, ye) + '\n');
    if (child.uasc) uascOut.write(uascRow(child) + '\n');
    written += inYear.length;
    childrenWritten++;
    if (written >= nextReport) {
      progress();
      while (nextReport <= written) nextReport += 20_000;
    }
  }
  progress();
  process.stderr.write('\n');
  header.close();
  episodesOut.close();
  uascOut.close();
  return { children: childrenWritten, episodes: written, bytes: header.bytes + episodesOut.bytes + uascOut.bytes };
}

// ---------------------------------------------------------------------------------------------
// The check: recomputes from the files alone, by docs/ssda903.md, without the generator's state

interface CheckEpisode {
  row: number;
  child: string;
  decom: Day;
  dec: Day | null;
  rne: string;
  ls: string;
  cin: string;
  place: string;
  provider: string;
  rec: string;
  reason: string;
  home: string;
  pl: string;
  urn: string;
}

interface CheckChild {
  sex: string;
  dob: Day;
  ethnic: string;
  upn: string;
}

class Findings {
  private readonly counts = new Map<string, number>();
  private readonly examples = new Map<string, string[]>();
  add(kind: string, example: string): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    const ex = this.examples.get(kind) ?? [];
    if (ex.length < 3) ex.push(example);
    this.examples.set(kind, ex);
  }
  get total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }
  report(): string[] {
    return [...this.counts.entries()].map(([k, n]) => `  FAIL ${k}: ${n} (e.g. ${(this.examples.get(k) ?? []).join('; ')})`);
  }
}

/** Calls back with each line of a file (without its end), reading in chunks. */
function forEachLine(file: string, cb: (line: string, n: number) => void): void {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(1 << 20);
  let rest = '';
  let n = 0;
  try {
    for (;;) {
      const read = readSync(fd, buf, 0, buf.length, null);
      if (read === 0) break;
      const text = rest + buf.toString('utf8', 0, read);
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) cb(l.replace(/\r$/, ''), ++n);
    }
    if (rest.length > 0) cb(rest.replace(/\r$/, ''), ++n);
  } finally {
    closeSync(fd);
  }
}

/** Ofsted URNs: SC and six digits (older registrations) or six or seven digits. */
const URN_RE = /^(SC\d{6}|\d{6,7})$/;
const SECTOR_RE = /^[A-Z]{1,2}\d[A-Z\d]? \d$/;
const UPN_RE = /^([A-Z]\d{12}|UN[1-5])$/;

/** One return's files, checked row by row and child by child. */
function checkReturn(
  files: { header: string; episodes: string; uasc: string },
  yearEnd: number,
  f: Findings,
  onChild?: (id: string, child: CheckChild, eps: CheckEpisode[], uascDuc: Day | null | undefined) => void,
): { children: number; episodes: number } {
  const ys = yearStart(yearEnd);
  const ye = yearEndDay(yearEnd);
  const places = new Set(PLACES_TO_2024);
  const header = new Map<string, CheckChild>();
  forEachLine(files.header, (line, n) => {
    if (n === 1) {
      if (line.replace(/^\uFEFF/, '') !== HEADER_COLUMNS) f.add('header columns', line);
      return;
    }
    if (line === '') return;
    const c = line.split(',');
    if (c.length !== 7) return f.add('header field count', `row ${n}`);
    const [id = '', sex = '', dobRaw = '', ethnic = '', upn = '', mother = '', mcDob = ''] = c;
    const dob = parseDay(dobRaw);
    if (!/^\d+$/.test(id)) f.add('CHILD not numeric', `row ${n}`);
    if (header.has(id)) f.add('child twice in header', id);
    if (sex !== '1' && sex !== '2') f.add('SEX not 1/2 (until 2023-24)', `row ${n} ${sex}`);
    if (dob === null) return f.add('DOB not a date', `row ${n}`);
    if (!ETHNIC_CODES.includes(ethnic)) f.add('ETHNIC code', `row ${n} ${ethnic}`);
    if (!UPN_RE.test(upn)) f.add('UPN format', `row ${n} ${upn}`);
    if (!['', '0', '1'].includes(mother)) f.add('MOTHER code', `row ${n}`);
    if ((mother === '1') !== (mcDob !== '')) f.add('MC_DOB without MOTHER 1 or the reverse', `row ${n}`);
    if (mother !== '' && sex !== '2') f.add('MOTHER for a male child', `row ${n}`);
    header.set(id, { sex, dob, ethnic, upn });
  });
  const uasc = new Map<string, Day | null>();
  forEachLine(files.uasc, (line, n) => {
    if (n === 1) {
      if (line.replace(/^\uFEFF/, '') !== UASC_COLUMNS) f.add('uasc columns', line);
      return;
    }
    if (line === '') return;
    const [id = '', sex = '', dobRaw = '', ducRaw = ''] = line.split(',');
    const h = header.get(id);
    if (!h) return f.add('UASC child not in header', id);
    if (h.sex !== sex || h.dob !== parseDay(dobRaw)) f.add('UASC SEX/DOB differ from header', id);
    const duc = ducRaw === '' ? null : parseDay(ducRaw);
    if (ducRaw !== '' && duc === null) f.add('DUC not a date', id);
    if (duc !== null && duc >= birthday(h.dob, 18)) f.add('DUC not before the 18th birthday', id);
    uasc.set(id, duc);
  });
  const seen = new Set<string>();
  let group: CheckEpisode[] = [];
  let episodes = 0;
  const flush = () => {
    if (group.length === 0) return;
    const id = at(group, 0).child;
    const h = header.get(id);
    if (!h) f.add('episode child not in header', id);
    else checkChildEpisodes(id, h, group, ys, ye, f);
    if (h && onChild) onChild(id, h, group, uasc.has(id) ? uasc.get(id) : undefined);
    group = [];
  };
  forEachLine(files.episodes, (line, n) => {
    if (n === 1) {
      if (line.replace(/^\uFEFF/, '') !== EPISODE_COLUMNS) f.add('episode columns', line);
      return;
    }
    if (line === '') return;
    const c = line.split(',');
    if (c.length !== 13) return f.add('episode field count', `row ${n}`);
    const [child = '', decomRaw = '', rne = '', ls = '', cin = '', place = '', provider = '', decRaw = '', rec = '', reason = '', home = '', pl = '', urn = ''] = c;
    const decom = parseDay(decomRaw);
    const dec = decRaw === '' ? null : parseDay(decRaw);
    if (decom === null || (decRaw !== '' && dec === null)) return f.add('episode date not a date', `row ${n}`);
    episodes++;
    if (!RNE_CODES.includes(rne)) f.add('RNE code', `row ${n} ${rne}`);
    if (!LS_CODES.includes(ls)) f.add('LS code', `row ${n} ${ls}`);
    if (!CIN_CODES.includes(cin)) f.add('CIN code', `row ${n} ${cin}`);
    if (!places.has(place)) f.add('PLACE not valid for the year', `row ${n} ${place}`);
    if (provider !== '' && !PROVIDER_CODES.includes(provider)) f.add('PLACE_PROVIDER code', `row ${n} ${provider}`);
    if (NO_PROVIDER.has(place) !== (provider === '')) f.add('PLACE_PROVIDER blank exactly for T0-T4/Z1', `row ${n} ${place} ${provider}`);
    if ((place === 'P1') !== (provider === 'PR0')) f.add('PR0 exactly with P1', `row ${n}`);
    if (rec !== '' && !REC_CODES.includes(rec)) f.add('REC code', `row ${n} ${rec}`);
    if (reason !== '' && !REASON_CODES.includes(reason)) f.add('REASON_PLACE_CHANGE code', `row ${n} ${reason}`);
    const needsUrn = URN_PLACES.has(place) && provider !== '' && provider !== 'PR0';
    if (needsUrn && !URN_RE.test(urn)) f.add('URN missing for K1/K2/R1', `row ${n}`);
    if (!needsUrn && urn !== '') f.add('URN where none belongs', `row ${n}`);
    if (home !== '' && !SECTOR_RE.test(home)) f.add('HOME_POST not a sector', `row ${n} ${home}`);
    if (pl !== '' && !SECTOR_RE.test(pl)) f.add('PL_POST not a sector', `row ${n} ${pl}`);
    if (group.length > 0 && at(group, 0).child !== child) flush();
    if (group.length === 0) {
      if (seen.has(child)) f.add("child's episodes not contiguous", child);
      seen.add(child);
    }
    group.push({ row: n, child, decom, dec, rne, ls, cin, place, provider, rec, reason, home, pl, urn });
  });
  flush();
  for (const id of header.keys()) if (!seen.has(id)) f.add('header child without episodes', id);
  return { children: header.size, episodes };
}

function checkChildEpisodes(id: string, h: CheckChild, eps: readonly CheckEpisode[], ys: Day, ye: Day, f: Findings): void {
  const bday18 = birthday(h.dob, 18);
  for (let i = 0; i < eps.length; i++) {
    const e = at(eps, i);
    const where = `${id} row ${e.row}`;
    if (e.decom > ye) f.add('DECOM after the year end', where);
    if (e.dec !== null && (e.dec < ys || e.dec > ye)) f.add('DEC outside the year', where);
    if (e.dec !== null && e.dec < e.decom) f.add('DEC before DECOM', where);
    if ((e.dec === null) !== (e.rec === '')) f.add('DEC and REC not both filled or both blank', where);
    if (e.dec === null && e.reason !== '') f.add('reason for change on an open episode', where);
    if (e.decom < h.dob) f.add('episode before birth', where);
    if (ageOn(h.dob, e.decom) >= 18) f.add('episode starting at 18 or over', where);
    if ((e.dec ?? ye + 1) > bday18) f.add('looked after past the 18th birthday', where);
    if (SUPPORTED.has(e.place) && ageOn(h.dob, e.decom) < 16) f.add('supported accommodation under 16', where);
    if (['J1', 'J2', 'J3'].includes(e.ls) && ageOn(h.dob, e.decom) < 10) f.add('remand under 10', where);
    if (e.ls === 'L1' && e.dec !== null && e.dec - e.decom > 3) f.add('police protection over 72 hours', where);
    const prev = i > 0 ? at(eps, i - 1) : null;
    if (prev && e.decom < prev.decom) f.add('episodes not ordered by DECOM', where);
    if (!prev) {
      if (e.decom >= ys && e.rne !== 'S') f.add('first episode in the year not RNE S', where);
      continue;
    }
    if (prev.dec === null) {
      f.add('an open episode followed by another', where);
      continue;
    }
    if (prev.dec === e.decom) {
      if (prev.rec !== 'X1') f.add('same-day continuation without X1', where);
      if (e.rne === 'S') f.add('RNE S the day the previous episode ended', where);
      const lsChanged = prev.ls !== e.ls;
      const placeSame = prev.place === e.place && prev.provider === e.provider && prev.pl === e.pl && prev.urn === e.urn;
      if (e.rne === 'L' && (!lsChanged || !placeSame)) f.add('RNE L without a legal status change only', where);
      if ((e.rne === 'P' || e.rne === 'T') && lsChanged) f.add('RNE P/T with a legal status change', where);
      if ((e.rne === 'B' || e.rne === 'U') && !lsChanged) f.add('RNE B/U without a legal status change', where);
      const move = MOVE_RNE.has(e.rne) && !TEMPORARY.has(prev.place) && !TEMPORARY.has(e.place);
      if (move !== (prev.reason !== '')) f.add('REASON_PLACE_CHANGE not exactly on the episode a move ended', where);
      if (prev.cin !== e.cin) f.add('CIN changed within a period of care', where);
    } else {
      if (prev.rec === 'X1') f.add('X1 with no episode the same day', where);
      if (e.rne !== 'S') f.add('new period of care not RNE S', where);
      if (prev.reason !== '') f.add('reason for change at the end of care', where);
    }
  }
  const last = at(eps, eps.length - 1);
  if (last.rec === 'X1') f.add('X1 on the last episode', `${id} row ${last.row}`);
}

/** The docs/ssda903.md counting of the stock at a date, from one return's episodes. */
interface StockChild {
  setting: string;
  provision: string | null;
  band: string | null;
  uasc: boolean;
  outside: boolean | null;
  over20: boolean | null;
  place: string;
  provider: string;
  urn: string;
}

function settingOf(place: string): string {
  if (['U1', 'U2', 'U3'].includes(place)) return 'kinship_fostering';
  if (['U4', 'U5', 'U6'].includes(place)) return 'fostering';
  if (place === 'K1') return 'secure';
  if (place === 'K2' || place === 'R1') return 'residential';
  if (SUPPORTED.has(place)) return 'supported_accommodation';
  return 'other';
}

const PROVISION_OF: Record<string, string> = { PR0: 'parents', PR1: 'in_house', PR2: 'other_la', PR3: 'other_public', PR4: 'private', PR5: 'voluntary' };

function bandOf(age: number): string | null {
  if (age < 1) return 'under_1';
  if (age < 5) return '1_4';
  if (age < 10) return '5_9';
  if (age < 16) return '10_15';
  if (age < 18) return '16_17';
  return null;
}

function stockChild(h: CheckChild, eps: readonly CheckEpisode[], duc: Day | null | undefined, date: Day, la: string, sectors: ReadonlyMap<string, Sector>): StockChild | null {
  let now: CheckEpisode | null = null;
  for (const e of eps) {
    const counted = !SHORT_BREAK_LS.has(e.ls) && !(e.dec !== null && e.dec < e.decom);
    const open = e.decom <= date && (e.dec === null || e.dec > date);
    if (counted && open && (now === null || e.decom >= now.decom)) now = e;
  }
  if (!now) return null;
  const home = sectors.get(now.home);
  const placed = sectors.get(now.pl);
  return {
    setting: settingOf(now.place),
    provision: PROVISION_OF[now.provider] ?? null,
    band: bandOf(ageOn(h.dob, date)),
    uasc: duc !== undefined && (duc === null || duc > date),
    outside: placed ? placed.la !== la : null,
    over20: home && placed ? miles(home, placed) > 20 : null,
    place: now.place,
    provider: now.provider,
    urn: now.urn,
  };
}

function readSectors(file: string): Map<string, Sector> {
  const out = new Map<string, Sector>();
  forEachLine(file, (line, n) => {
    if (n === 1 || line === '') return;
    const [code = '', lat = '', lon = '', la = ''] = line.split(',');
    out.set(code, { code, lat: Number(lat), lon: Number(lon), la, weight: 0 });
  });
  return out;
}

/**
 * The children's homes against Ofsted's register, from the returns and the register file alone:
 * the council's own children's homes (K2, PR1) are its Local Authority homes, the private and
 * voluntary children's homes in the borough are the register's, no registered home ever has more
 * children than places or a child before it was registered, and on 31 March 2023 the council's
 * children in the borough's private and voluntary homes are the number it published.
 */
function checkRegisteredHomes(
  la: string,
  sectors: ReadonlyMap<string, Sector>,
  template: readonly TemplateRow[],
  episodes: readonly CheckEpisode[],
  stocks: ReadonlyMap<number, StockChild[]>,
  f: Findings,
  lines: string[],
): void {
  const file = registerFile();
  if (!file) return f.add("Ofsted's register missing", REGISTER_FILES.join(' or '));
  const register = readRegister(file);
  const byUrn = new Map(register.map((r) => [r.urn, r]));
  const homes = settingsOf(register, councilNames(), la).filter((r) => r.active && isChildrensHome(r));
  const urns = (sector: string) => new Map(homes.filter((r) => r.sector === sector).map((r) => [r.urn, r]));
  const own = urns('Local Authority');
  const external = new Map([...urns('Private'), ...urns('Voluntary')]);
  const inLa = (pl: string) => sectors.get(pl)?.la === la;
  const where = (e: CheckEpisode) => `${e.child} ${fmt(e.decom)} ${e.place} ${e.provider} ${e.urn || '-'} ${e.pl}`;
  const stays = new Map<string, Array<readonly [Day, number]>>();
  for (const e of episodes) {
    const mine = own.get(e.urn);
    const ext = external.get(e.urn);
    if (e.place === 'K2' && e.provider === 'PR1') {
      if (!mine) f.add("in-house children's home (K2, PR1) not one of the council's Local Authority homes in the register", where(e));
      else if (mine.shortBreakOnly && !SHORT_BREAK_LS.has(e.ls)) f.add('a placement other than a short break in a short-break-only home', where(e));
    }
    if (mine && !(e.place === 'K2' && e.provider === 'PR1')) f.add("the council's own home with a placement other than K2 PR1", where(e));
    if (ext && !(e.place === 'K2' && e.provider === (ext.sector === 'Private' ? 'PR4' : 'PR5'))) f.add(`a ${ext.sector} home in the borough with a placement other than K2 ${ext.sector === 'Private' ? 'PR4' : 'PR5'}`, where(e));
    if ((mine || ext) && !inLa(e.pl)) f.add("a home in the borough with PL_POST outside it", where(e));
    if (e.place === 'K2' && (e.provider === 'PR4' || e.provider === 'PR5') && inLa(e.pl) && !ext) f.add("private or voluntary children's home in the borough not in the register", where(e));
    const r = byUrn.get(e.urn);
    if (!r) continue;
    if (r.registered !== null && e.decom < r.registered) f.add('placed in a home before Ofsted registered it', `${where(e)}, registered ${fmt(r.registered)}`);
    const ev = stays.get(e.urn) ?? [];
    ev.push([e.decom, 1]);
    if (e.dec !== null) ev.push([e.dec, -1]);
    stays.set(e.urn, ev);
  }
  // Children in each registered home, day by day ([DECOM, DEC): one who leaves on a day is not there that day).
  let homesUsed = 0;
  let fullest = '';
  let fullestShare = -1;
  for (const [urn, ev] of [...stays.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const r = byUrn.get(urn);
    if (!r) continue;
    homesUsed++;
    ev.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let n = 0;
    let max = 0;
    let maxDay: Day = 0;
    for (const [d, delta] of ev) {
      n += delta;
      if (n > max) [max, maxDay] = [n, d];
    }
    if (r.places === null || max > r.places) f.add('more children in a registered home than its places', `${urn}: ${max} on ${fmt(maxDay)}, places ${r.places ?? 'not given'}`);
    else if (max / r.places > fullestShare) [fullestShare, fullest] = [max / r.places, `${urn} ${max} of ${r.places}`];
  }
  const sum = (m: ReadonlyMap<string, RegisteredSetting>) => [...m.values()].reduce((a, r) => a + (r.places ?? 0), 0);
  const bySector = (sector: string) => homes.filter((r) => r.sector === sector);
  const describe = (sector: string) => `${sector} ${bySector(sector).length} homes, ${bySector(sector).reduce((a, r) => a + (r.places ?? 0), 0)} places`;
  lines.push(
    `Ofsted's register (${path.basename(file)}), active children's homes in the council: ${describe('Local Authority')} ` +
      `(short-break-only ${homes.filter((r) => r.shortBreakOnly).map((r) => `${r.urn}, ${r.places ?? '-'} places`).join('; ') || 'none'}), ` +
      `${describe('Private')}, ${describe('Voluntary')}`,
  );
  lines.push(`  ${stays.size} registered homes used in the returns (${homesUsed} with places); fullest on any day: ${fullest || '-'}`);
  // On each 31 March: the council's children in its own homes and in the borough's external homes.
  const ext: Record<number, number> = {};
  for (const [yearEnd, stock] of stocks) {
    const inOwn = stock.filter((s) => own.has(s.urn)).length;
    const inPrivate = stock.filter((s) => external.get(s.urn)?.sector === 'Private').length;
    const inVoluntary = stock.filter((s) => external.get(s.urn)?.sector === 'Voluntary').length;
    const inHouse = stock.filter((s) => s.place === 'K2' && s.provider === 'PR1').length;
    ext[yearEnd] = inPrivate + inVoluntary;
    lines.push(
      `  31 March ${yearEnd}: in the council's own homes ${inOwn} (K2 in-house ${inHouse}); in the borough's private homes ${inPrivate}, voluntary ${inVoluntary}: ` +
        `${inPrivate + inVoluntary} of ${sum(external)} places`,
    );
  }
  const published = PUBLISHED_EXTERNAL[la];
  if (!published) return;
  const at23 = ext[2023];
  if (at23 !== undefined && at23 !== published.children) f.add("the council's children in the borough's external homes on 31 March 2023 are not the published figure", `${at23}, published ${published.children}`);
  // 31 March 2024: the template leaves room only for its residential children inside the borough
  // who are not in the council's own homes; the published number where that allows it.
  const t24 = (measure: string, provision: string) =>
    template.find((t) => t.period === '2024-03-31' && t.measure === measure && t.setting === 'residential' && t.provision === provision && t.age === 'all' && t.need === 'all')?.value ?? 0;
  const room = t24('children_placed', 'all') - t24('placed_outside_la', 'all') - t24('children_placed', 'in_house');
  const at24 = ext[2024];
  const aimed24 = Math.min(published.children, room);
  if (at24 !== undefined && at24 !== aimed24) f.add("the council's children in the borough's external homes on 31 March 2024", `${at24}, expected ${aimed24}`);
  lines.push(
    `  the council published ${published.children} of ${published.places} places (${published.when}); the returns: ${at23 ?? '-'} on 31 March 2023, ` +
      `${at24 ?? '-'} on 31 March 2024 (the template's 2024 residential figures leave room for ${room} inside the borough outside the council's own homes)`,
  );
}

function checkDir(dir: string): boolean {
  const f = new Findings();
  const lines: string[] = [];
  if (existsSync(path.join(dir, 'episodes.csv'))) {
    const t0 = Date.now();
    const r = checkReturn({ header: path.join(dir, 'header.csv'), episodes: path.join(dir, 'episodes.csv'), uasc: path.join(dir, 'uasc.csv') }, 2024, f);
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    lines.push(`check ${dir}: 2023-24 return, ${r.children.toLocaleString('en-GB')} children, ${r.episodes.toLocaleString('en-GB')} episodes (${secs} s)`);
  } else {
    const la = path.basename(path.resolve(dir));
    const sectors = readSectors(path.join(dir, '..', 'postcode_sectors.csv'));
    const template = readTemplate(la);
    const years = DEMO_YEARS.filter((y) => existsSync(path.join(dir, `${y - 1}-episodes.csv`)));
    if (years.length === 0) throw new Error(`no returns in ${dir}`);
    // Across returns: the same child and the same episode agree.
    const childrenSeen = new Map<string, CheckChild>();
    const episodesSeen = new Map<string, { e: CheckEpisode; yearEnd: number }>();
    const stocks = new Map<number, StockChild[]>();
    const flows: string[] = [];
    for (const yearEnd of years) {
      const ys = yearStart(yearEnd);
      const ye = yearEndDay(yearEnd);
      const stock: StockChild[] = [];
      let careStarts = 0;
      let careEnds = 0;
      let moves = 0;
      let blankHome = 0;
      const r = checkReturn(
        {
          header: path.join(dir, `${yearEnd - 1}-header.csv`),
          episodes: path.join(dir, `${yearEnd - 1}-episodes.csv`),
          uasc: path.join(dir, `${yearEnd - 1}-uasc.csv`),
        },
        yearEnd,
        f,
        (id, h, eps, duc) => {
          const before = childrenSeen.get(id);
          if (before && (before.sex !== h.sex || before.dob !== h.dob || before.upn !== h.upn || before.ethnic !== h.ethnic)) f.add('child details differ between returns', id);
          childrenSeen.set(id, h);
          for (const e of eps) {
            const key = `${id}|${e.decom}`;
            const old = episodesSeen.get(key);
            if (old) {
              const a = old.e;
              const fields = (x: CheckEpisode) => [x.rne, x.ls, x.cin, x.place, x.provider, x.home, x.pl, x.urn].join(',');
              const same = fields(a) === fields(e);
              if (!same) f.add('episode differs between returns', key);
              if (a.dec !== null && a.dec !== e.dec) f.add('a closed episode changed its DEC in a later return', key);
              if (a.dec === null && e.dec !== null && e.dec <= yearEndDay(old.yearEnd)) f.add('an episode open at a year end closed before it in a later return', key);
            }
            episodesSeen.set(key, { e, yearEnd });
            if (SHORT_BREAK_LS.has(e.ls)) continue;
            if (e.decom >= ys && e.rne === 'S') careStarts++;
            if (e.decom >= ys && MOVE_RNE.has(e.rne)) moves++;
            if (e.dec !== null && e.rec !== 'X1') careEnds++;
            if (e.home === '') {
              blankHome++;
              if (e.decom <= ye && e.dec === null) f.add('HOME_POST blank on an episode open at the year end', key);
            }
          }
          const s = stockChild(h, eps, duc, ye, la, sectors);
          if (s) stock.push(s);
        },
      );
      stocks.set(yearEnd, stock);
      const uascNow = stock.filter((s) => s.uasc).length;
      const aimed = template.find(
        (t) => t.period === `${yearEnd}-03-31` && t.measure === 'children_placed' && t.setting === 'all' && t.provision === 'all' && t.age === 'all' && t.need === 'all',
      )?.value;
      const outsideNow = stock.filter((s) => s.outside).length;
      const over20Now = stock.filter((s) => s.over20).length;
      flows.push(
        `  ${label(yearEnd)}: ${r.children} children, ${r.episodes} episodes; care starts ${careStarts}, care ends ${careEnds}, moves ${moves}; ` +
          `31 March ${yearEnd}: ${stock.length} looked after (template ${aimed ?? '-'}), ${uascNow} UASC, ` +
          `${outsideNow} outside, ${over20Now} over 20 miles; HOME_POST blank on ${blankHome} episodes`,
      );
    }
    lines.push(`check ${dir}: ${years.length} returns, ${childrenSeen.size} children, ${episodesSeen.size} distinct episodes`);
    lines.push(...flows);
    // The 31 March 2024 stock against the template, figure by figure.
    const last = at(years, years.length - 1);
    const stock = stocks.get(last) ?? [];
    const period = `${last}-03-31`;
    let compared = 0;
    let equal = 0;
    for (const t of template) {
      if (t.period !== period) continue;
      let pred: ((s: StockChild) => boolean) | null = null;
      const base = (s: StockChild) =>
        (t.setting === 'all' || s.setting === t.setting) &&
        (t.provision === 'all' || s.provision === t.provision || (t.provision === 'commissioned' && ['other_la', 'other_public', 'private', 'voluntary'].includes(s.provision ?? ''))) &&
        (t.age === 'all' || s.band === t.age);
      if (t.measure === 'children_placed' && (t.need === 'all' || t.need === 'uasc')) pred = (s) => base(s) && (t.need === 'all' || s.uasc);
      else if (t.measure === 'placed_outside_la' && t.need === 'all') pred = (s) => base(s) && s.outside === true;
      else if (t.measure === 'placed_over_20_miles' && t.need === 'all') pred = (s) => base(s) && s.over20 === true;
      if (!pred) continue;
      compared++;
      const got = stock.filter(pred).length;
      if (got === t.value) equal++;
      else f.add('31 March stock differs from the template', `${t.measure} ${t.setting}/${t.provision}/${t.age}/${t.need}: ${got}, template ${t.value}`);
    }
    const outside = stock.filter((s) => s.outside).length;
    const over20 = stock.filter((s) => s.over20).length;
    const unknown = stock.filter((s) => s.over20 === null).length;
    if (outside !== 222) f.add('placed outside the council is not 222', String(outside));
    if (over20 !== 54) f.add('placed over 20 miles is not 54', String(over20));
    lines.push(
      `31 March ${last} stock from the ${label(last)} return: ${stock.length} children; ${compared} template figures compared ` +
        `(children_placed need all and uasc, placed_outside_la, placed_over_20_miles), ${equal} equal`,
    );
    lines.push(`  placed outside the council: ${outside} (DfE 222); more than 20 miles from home: ${over20} (DfE 54); distance not known: ${unknown}`);
    const bySetting = SETTING_KEYS.map((s) => `${s} ${stock.filter((x) => x.setting === s).length}`).join(', ');
    const count = (pred: (s: StockChild) => boolean) => stock.filter(pred).length;
    lines.push(
      `  by setting: ${bySetting}; UASC ${count((s) => s.uasc)}; 18 and over ${count((s) => s.band === null)}; ` +
        `provider not reported ${count((s) => s.provision === null)}`,
    );
    // The combined view: every return's episodes, the latest return's version of each.
    checkRegisteredHomes(la, sectors, template, [...episodesSeen.values()].map((v) => v.e), stocks, f, lines);
  }
  const failures = f.report();
  lines.push(failures.length === 0 ? 'check passed: no failures' : `check FAILED: ${f.total} findings`, ...failures);
  for (const l of lines) console.log(l);
  return failures.length === 0;
}

// ---------------------------------------------------------------------------------------------
// Command line

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

function argValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
  return v;
}

function main(args: readonly string[]): number {
  const check = argValue(args, '--check');
  if (check !== undefined) return checkDir(check) ? 0 : 1;
  const episodes = argValue(args, '--episodes');
  if (episodes !== undefined) {
    const target = Number(episodes);
    const out = argValue(args, '--out');
    if (!Number.isInteger(target) || target <= 0) throw new Error('--episodes needs a positive whole number');
    if (!out) throw new Error('--episodes needs --out DIR');
    const seed = Number(argValue(args, '--seed') ?? '1');
    if (!Number.isInteger(seed)) throw new Error('--seed needs a whole number');
    const t0 = Date.now();
    const r = generateNational(target, out, seed);
    const secs = (Date.now() - t0) / 1000;
    console.log(
      `wrote ${path.join(out, 'header.csv')}, episodes.csv, uasc.csv: ${r.episodes.toLocaleString('en-GB')} episodes of ` +
        `${r.children.toLocaleString('en-GB')} children, ${(r.bytes / 1e6).toFixed(1)} MB in ${secs.toFixed(1)} s`,
    );
    return 0;
  }
  const { files, summary } = generateStockton();
  for (const [name, text] of files) {
    const file = path.join(DEMO_DIR, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  console.log(`wrote ${files.size} files to ${path.relative(process.cwd(), DEMO_DIR) || '.'}`);
  for (const l of summary) console.log(`  ${l}`);
  return checkDir(path.join(DEMO_DIR, LA_CODE)) ? 0 : 1;
}

if (isDirectRun()) {
  process.exitCode = main(process.argv.slice(2));
}
