/**
 * The demand forecast (docs/forecast.md): children looked after by setting and age band, month by
 * month, 1 to 3 years ahead, with a 5th-95th percentile band. Pure: no database, no I/O.
 *
 * A discrete-time Markov chain on month-end snapshots. The states are setting x month of age
 * (0-215) plus "not looked after"; transition probabilities are estimated per setting x age band
 * from the month-end states of the reference window, entries are Poisson per setting x year of
 * age, ageing is deterministic (one month per step; at 216 months a child leaves). Uncertainty
 * comes from Monte Carlo runs that draw the parameters from their posterior and then the
 * transitions (multinomial) and entries (Poisson) of every month.
 */
import { SHORT_BREAK_LS, settingOfPlace } from '../ssda903/codes';

// ---------------------------------------------------------------------------------------------
// Types

export const FORECAST_SETTINGS = ['fostering', 'kinship_fostering', 'residential', 'secure', 'supported_accommodation', 'other'] as const;
export type ForecastSetting = (typeof FORECAST_SETTINGS)[number];
export const FORECAST_BANDS = ['under_1', '1_4', '5_9', '10_15', '16_17'] as const;
export type ForecastBand = (typeof FORECAST_BANDS)[number];

export interface EpisodeInput {
  /** ISO dates. */
  decom: string;
  dec: string | null;
  ls: string;
  place: string;
}

export interface ChildInput {
  /** ISO date; null when not known (the child is then counted in the total only). */
  dob: string | null;
  /** In the order of the view (by DECOM; ties in file order): a tie at a date goes to the later one. */
  episodes: EpisodeInput[];
}

export interface ModelInput {
  /** Any iterable: a generator streaming from the database is read once. */
  children: Iterable<ChildInput>;
  /**
   * First day the data are complete from (1 April of the first return of an unbroken run).
   * Default: the earliest DECOM of a counted episode (the data are taken as complete from it).
   */
  observedFrom?: string;
  /** Last day the data cover. Default: the first 31 March on or after the latest DECOM or DEC. */
  observedTo?: string;
}

export interface Scenario {
  /** Relative change of the entry rate: +0.1 is 10% more children entering care. */
  entryRateChange?: number;
  /** Relative change of the monthly probability of leaving care. */
  exitRateChange?: number;
  /** Relative change of the monthly probability of a move from one setting to another: 0.2 is 20% more such moves. */
  moves?: { from: ForecastSetting; to: ForecastSetting; extraShare: number }[];
}

export interface ForecastWindow {
  /** First day of the reference window (the window is the whole months from this day). */
  start?: string;
  /** Last day of the reference window (the window ends at the last month end on or before it). */
  end?: string;
}

export class ForecastInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForecastInputError';
  }
}

// ---------------------------------------------------------------------------------------------
// Dimensions

const NS = FORECAST_SETTINGS.length; // 6
const NB = FORECAST_BANDS.length; // 5
const NA = 216; // months of age 0..215; at 216 (18 years) a child leaves the model
const NY = 18; // years of age 0..17
const EXIT = NS; // outcome index of "not looked after at the next month end"
const NO = NS + 1; // outcomes: each setting (own setting = stays) and exit
const NCELL = NS * NB;
/** The minimum history and the default reference window, in months. */
export const MIN_HISTORY_MONTHS = 24;
export const DEFAULT_WINDOW_MONTHS = 24;
export const MIN_WINDOW_MONTHS = 12;
/** Pseudo-count (child-months) of the prior that shrinks a state's rates toward its setting's. */
export const PRIOR_CHILD_MONTHS = 12;

const SETTING_INDEX = new Map<string, number>(FORECAST_SETTINGS.map((s, i) => [s, i]));
const bandOfYear = (y: number) => (y < 1 ? 0 : y < 5 ? 1 : y < 10 ? 2 : y < 16 ? 3 : 4);
const BAND_OF_MONTH = Uint8Array.from({ length: NA }, (_, a) => bandOfYear(Math.floor(a / 12)));

// ---------------------------------------------------------------------------------------------
// Calendar months: index = year * 12 + (month - 1)

const monthOf = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
const dayOf = (iso: string) => Number(iso.slice(8, 10));
const daysInMonth = (mi: number) => new Date(Date.UTC(Math.floor(mi / 12), (mi % 12) + 1, 0)).getUTCDate();
export function monthEndOf(mi: number): string {
  return `${Math.floor(mi / 12)}-${String((mi % 12) + 1).padStart(2, '0')}-${String(daysInMonth(mi)).padStart(2, '0')}`;
}
/** The last month end on or before a date. */
const monthEndOnOrBefore = (iso: string) => (dayOf(iso) === daysInMonth(monthOf(iso)) ? monthOf(iso) : monthOf(iso) - 1);
/** The first month end on or after the day before a date: the snapshot just before the date's whole months. */
const snapshotBefore = (iso: string) => (dayOf(iso) === 1 ? monthOf(iso) - 1 : monthOf(iso));
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function dayAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const isCounted = (e: EpisodeInput) => !SHORT_BREAK_LS.has(e.ls) && !(e.dec !== null && e.dec < e.decom);

// ---------------------------------------------------------------------------------------------
// History

/**
 * Month-end snapshots of the observed period and the month-to-month flows between them, all
 * aggregated (no child-level data is kept). Snapshot k is the month end firstMonth + k.
 */
export interface History {
  kind: 'history';
  observedFrom: string;
  observedTo: string;
  firstMonth: number;
  lastMonth: number;
  monthEnds: string[];
  /** Children looked after at each month end, every age (the published total). */
  total: Int32Array;
  /** Of those, aged 18 or over or with no date of birth: in the total only. */
  outsideBands: Int32Array;
  /** [k][setting]: every age. */
  bySetting: Int32Array;
  /** [k][setting][band]. */
  cells: Int32Array;
  /** [k][setting][month of age]: the starting stock of a projection. */
  detail: Int32Array;
  /** Step k (snapshot k to k+1): [k][setting*5+band][outcome] for children under 18 at both ends. */
  transitions: Int32Array;
  /** Step k: [k][setting*5+band] children who turn 18 by snapshot k+1 (they leave the model). */
  agedOut: Int32Array;
  /** Step k: [k][setting][year of age at k+1] children not looked after at k and looked after at k+1. */
  entries: Int32Array;
  children: number;
}

function latestDates(children: ChildInput[]): { first: string | null; last: string | null } {
  let first: string | null = null;
  let last: string | null = null;
  for (const c of children)
    for (const e of c.episodes) {
      if (!isCounted(e)) continue;
      if (first === null || e.decom < first) first = e.decom;
      for (const d of [e.decom, e.dec]) if (d !== null && (last === null || d > last)) last = d;
    }
  return { first, last };
}

/** The first 31 March on or after a date (the SSDA903 collection year end). */
const yearEndOn = (iso: string) => `${iso.slice(5) <= '03-31' ? iso.slice(0, 4) : Number(iso.slice(0, 4)) + 1}-03-31`;

/**
 * One pass over the children: each child's setting at every month end (DfE's "looked after at
 * D": counted episodes, DECOM <= D < DEC, the latest DECOM winning), its age in completed months,
 * and the tallies. Without observedFrom/observedTo the children are read into memory first to
 * find them.
 */
export function buildHistory(input: ModelInput): History {
  let children: Iterable<ChildInput> = input.children;
  let from = input.observedFrom;
  let to = input.observedTo;
  if (from === undefined || to === undefined) {
    const list = Array.isArray(children) ? (children as ChildInput[]) : Array.from(children);
    children = list;
    const { first, last } = latestDates(list);
    if (first === null || last === null) throw new ForecastInputError('There are no counted episodes (every one is a short break or has DEC before DECOM).');
    from ??= first;
    to ??= yearEndOn(last);
  }
  if (!isoDate.test(from) || !isoDate.test(to)) throw new ForecastInputError('observedFrom and observedTo must be ISO dates (YYYY-MM-DD).');
  const firstMonth = snapshotBefore(from);
  const lastMonth = monthEndOnOrBefore(to);
  if (lastMonth < firstMonth) throw new ForecastInputError(`The observed period ${from} to ${to} holds no month end.`);
  const K = lastMonth - firstMonth; // steps; K + 1 snapshots
  const n1 = K + 1;
  const lastDay = Uint8Array.from({ length: n1 }, (_, k) => daysInMonth(firstMonth + k));
  const h: History = {
    kind: 'history',
    observedFrom: from,
    observedTo: to,
    firstMonth,
    lastMonth,
    monthEnds: Array.from({ length: n1 }, (_, k) => monthEndOf(firstMonth + k)),
    total: new Int32Array(n1),
    outsideBands: new Int32Array(n1),
    bySetting: new Int32Array(n1 * NS),
    cells: new Int32Array(n1 * NCELL),
    detail: new Int32Array(n1 * NS * NA),
    transitions: new Int32Array(Math.max(K, 0) * NCELL * NO),
    agedOut: new Int32Array(Math.max(K, 0) * NCELL),
    entries: new Int32Array(Math.max(K, 0) * NS * NY),
    children: 0,
  };
  // Per-child scratch, reused: setting index per snapshot (-1 not looked after), age in months (-1 unknown or 18+).
  const state = new Int8Array(n1);
  const age = new Int16Array(n1);
  const order: EpisodeInput[] = [];
  for (const child of children) {
    h.children++;
    order.length = 0;
    for (const e of child.episodes) if (isCounted(e)) order.push(e);
    if (order.length === 0) continue;
    // Stable sort: later DECOM overwrites earlier, and of equal DECOMs the later in the view wins.
    order.sort((a, b) => (a.decom < b.decom ? -1 : a.decom > b.decom ? 1 : 0));
    state.fill(-1);
    let any = false;
    for (const e of order) {
      // Open at month end m iff monthOf(DECOM) <= m < monthOf(DEC): a month end is >= every day of its month.
      const lo = Math.max(monthOf(e.decom), firstMonth) - firstMonth;
      const hi = (e.dec === null ? lastMonth : Math.min(monthOf(e.dec) - 1, lastMonth)) - firstMonth;
      if (hi < lo) continue;
      const s = SETTING_INDEX.get(settingOfPlace(e.place))!;
      state.fill(s, lo, hi + 1);
      any = true;
    }
    if (!any) continue;
    if (child.dob && isoDate.test(child.dob)) {
      const base = monthOf(child.dob);
      const bd = dayOf(child.dob);
      for (let k = 0; k < n1; k++) {
        // Completed months at the month end; floor(months / 12) is codes.ts ageOn at that date.
        const m = firstMonth + k - base - (lastDay[k]! < bd ? 1 : 0);
        age[k] = m >= NA ? -1 : Math.max(m, 0);
      }
    } else age.fill(-1);
    for (let k = 0; k < n1; k++) {
      const s = state[k]!;
      if (s < 0) continue;
      h.total[k]! += 1;
      h.bySetting[k * NS + s]! += 1;
      const a = age[k]!;
      if (a < 0) h.outsideBands[k]! += 1;
      else {
        h.cells[k * NCELL + s * NB + BAND_OF_MONTH[a]!]! += 1;
        h.detail[(k * NS + s) * NA + a]! += 1;
      }
    }
    for (let k = 0; k < K; k++) {
      const s = state[k]!;
      const a = age[k]!;
      const s1 = state[k + 1]!;
      const a1 = age[k + 1]!;
      if (s >= 0 && a >= 0) {
        const cell = s * NB + BAND_OF_MONTH[a]!;
        // Turning 18 removes a child whatever happens: censored, not an exit.
        if (a1 < 0) h.agedOut[k * NCELL + cell]! += 1;
        else h.transitions[(k * NCELL + cell) * NO + (s1 >= 0 ? s1 : EXIT)]! += 1;
      } else if (s < 0 && s1 >= 0 && a1 >= 0) {
        h.entries[(k * NS + s1) * NY + Math.floor(a1 / 12)]! += 1;
      }
    }
  }
  return h;
}

export interface HistoryRecord {
  monthEnd: string;
  setting: ForecastSetting | 'all';
  ageBand: ForecastBand | 'all';
  count: number;
}

/**
 * The history as flat records. Totals follow the published figures: setting x 'all' and
 * 'all' x 'all' count every age (18 and over, or no date of birth, in the totals only).
 */
export function historyRecords(h: History): HistoryRecord[] {
  const out: HistoryRecord[] = [];
  for (let k = 0; k < h.monthEnds.length; k++) {
    const monthEnd = h.monthEnds[k]!;
    const bandTotals = new Array<number>(NB).fill(0);
    for (let s = 0; s < NS; s++) {
      for (let b = 0; b < NB; b++) {
        const count = h.cells[k * NCELL + s * NB + b]!;
        bandTotals[b]! += count;
        out.push({ monthEnd, setting: FORECAST_SETTINGS[s]!, ageBand: FORECAST_BANDS[b]!, count });
      }
      out.push({ monthEnd, setting: FORECAST_SETTINGS[s]!, ageBand: 'all', count: h.bySetting[k * NS + s]! });
    }
    for (let b = 0; b < NB; b++) out.push({ monthEnd, setting: 'all', ageBand: FORECAST_BANDS[b]!, count: bandTotals[b]! });
    out.push({ monthEnd, setting: 'all', ageBand: 'all', count: h.total[k]! });
  }
  return out;
}

/** A snapshot of the history as the starting stock of a projection. */
export interface StartStock {
  monthEnd: string;
  /** [setting][month of age]. */
  counts: Int32Array;
}

export function stockAt(h: History, monthEnd?: string): StartStock {
  const mi = monthEnd === undefined ? h.lastMonth : monthEndOnOrBefore(monthEnd);
  if (mi < h.firstMonth || mi > h.lastMonth) throw new ForecastInputError(`${monthEnd} is outside the history (${h.monthEnds[0]} to ${h.monthEnds[h.monthEnds.length - 1]}).`);
  const k = mi - h.firstMonth;
  return { monthEnd: monthEndOf(mi), counts: h.detail.slice(k * NS * NA, (k + 1) * NS * NA) };
}

// ---------------------------------------------------------------------------------------------
// Rates

export interface Rates {
  window: { start: string; end: string; months: number };
  /** [setting*5+band][outcome]: monthly probability (posterior mean); the own setting's column is staying. */
  transition: Float64Array;
  /** [state][outcome]: Dirichlet posterior parameters (observed counts + prior pseudo-counts). */
  posterior: Float64Array;
  /** [state]: child-months observed (month ends in the state whose next month end is under 18). */
  exposure: Float64Array;
  /** [setting][year of age]: children entering care in the window. */
  entryCounts: Float64Array;
  /** [setting][year of age]: expected entries per month (entryCounts / months). */
  entryRate: Float64Array;
}

/** The snapshots bounding a window: [startK, endK], or the reason it cannot be used. */
export function resolveWindow(h: History, w: ForecastWindow = {}, defaultMonths = DEFAULT_WINDOW_MONTHS): { startK: number; endK: number } | { reason: string } {
  for (const d of [w.start, w.end]) if (d !== undefined && !isoDate.test(d)) return { reason: `${d} is not an ISO date (YYYY-MM-DD).` };
  const endMi = w.end === undefined ? h.lastMonth : monthEndOnOrBefore(w.end);
  const startMi = w.start === undefined ? endMi - defaultMonths : snapshotBefore(w.start);
  const first = h.monthEnds[0]!;
  const last = h.monthEnds[h.monthEnds.length - 1]!;
  if (startMi < h.firstMonth || endMi > h.lastMonth)
    return {
      reason: `The reference window ${dayAfter(monthEndOf(startMi))} to ${monthEndOf(endMi)} is not inside the data, which cover ${dayAfter(first)} to ${last}.`,
    };
  if (endMi - startMi < MIN_WINDOW_MONTHS)
    return { reason: `The reference window must cover at least ${MIN_WINDOW_MONTHS} whole months (one of each calendar month); ${dayAfter(monthEndOf(startMi))} to ${monthEndOf(endMi)} covers ${Math.max(endMi - startMi, 0)}.` };
  return { startK: startMi - h.firstMonth, endK: endMi - h.firstMonth };
}

/**
 * Monthly transition probabilities and entry rates from the steps of a window. A state's row
 * is the posterior mean under a Dirichlet prior of PRIOR_CHILD_MONTHS pseudo-counts centred on
 * its setting's pooled row, which is itself shrunk the same way toward the all-settings row.
 */
export function estimateRates(h: History, window: ForecastWindow = {}, defaultMonths = DEFAULT_WINDOW_MONTHS): Rates {
  const w = resolveWindow(h, window, defaultMonths);
  if ('reason' in w) throw new ForecastInputError(w.reason);
  const months = w.endK - w.startK;
  const counts = new Float64Array(NCELL * NO);
  const entryCounts = new Float64Array(NS * NY);
  for (let k = w.startK; k < w.endK; k++) {
    for (let i = 0; i < NCELL * NO; i++) counts[i]! += h.transitions[k * NCELL * NO + i]!;
    for (let i = 0; i < NS * NY; i++) entryCounts[i]! += h.entries[k * NS * NY + i]!;
  }
  const exposure = new Float64Array(NCELL);
  for (let c = 0; c < NCELL; c++) for (let o = 0; o < NO; o++) exposure[c]! += counts[c * NO + o]!;
  // All settings pooled, by kind of outcome: exit, a move to each destination, and staying.
  let allN = 0;
  let allExit = 0;
  const allTo = new Float64Array(NS);
  const settingN = new Float64Array(NS);
  for (let s = 0; s < NS; s++)
    for (let b = 0; b < NB; b++) {
      const c = s * NB + b;
      allN += exposure[c]!;
      settingN[s]! += exposure[c]!;
      allExit += counts[c * NO + EXIT]!;
      for (let d = 0; d < NS; d++) if (d !== s) allTo[d]! += counts[c * NO + d]!;
    }
  const transition = new Float64Array(NCELL * NO);
  const posterior = new Float64Array(NCELL * NO);
  const k0 = PRIOR_CHILD_MONTHS;
  for (let s = 0; s < NS; s++) {
    // The all-settings row as seen from setting s (its own column is staying).
    const overall = new Float64Array(NO);
    if (allN > 0) {
      overall[EXIT] = allExit / allN;
      let moved = 0;
      for (let d = 0; d < NS; d++)
        if (d !== s) {
          // Moves into d per child-month spent outside d (only those children can move into it).
          const outside = allN - settingN[d]!;
          overall[d] = outside > 0 ? allTo[d]! / outside : 0;
          moved += overall[d]!;
        }
      overall[s] = Math.max(0, 1 - overall[EXIT]! - moved);
      // Sums to 1 already unless the moves and exits of a tiny history exceed 1: then rescale.
      const sum = overall.reduce((x, v) => x + v, 0);
      for (let o = 0; o < NO; o++) overall[o]! /= sum;
    } else overall[s] = 1;
    const settingCounts = new Float64Array(NO);
    for (let b = 0; b < NB; b++) for (let o = 0; o < NO; o++) settingCounts[o]! += counts[(s * NB + b) * NO + o]!;
    const settingRow = new Float64Array(NO);
    for (let o = 0; o < NO; o++) settingRow[o] = (settingCounts[o]! + k0 * overall[o]!) / (settingN[s]! + k0);
    for (let b = 0; b < NB; b++) {
      const c = s * NB + b;
      for (let o = 0; o < NO; o++) {
        const alpha = counts[c * NO + o]! + k0 * settingRow[o]!;
        posterior[c * NO + o] = alpha;
        transition[c * NO + o] = alpha / (exposure[c]! + k0);
      }
    }
  }
  const entryRate = entryCounts.map((x) => x / months);
  return {
    window: { start: dayAfter(h.monthEnds[w.startK]!), end: h.monthEnds[w.endK]!, months },
    transition,
    posterior,
    exposure,
    entryCounts,
    entryRate,
  };
}

export interface RateRecord {
  setting: ForecastSetting;
  ageBand: ForecastBand;
  childMonths: number;
  /** Monthly probabilities. */
  exit: number;
  stay: number;
  moves: Partial<Record<ForecastSetting, number>>;
  /** Expected entries per month into this setting and band. */
  entriesPerMonth: number;
}

/** The estimated rates as readable records (for the JSON output and for checking by hand). */
export function rateRecords(r: Rates): RateRecord[] {
  const out: RateRecord[] = [];
  for (let s = 0; s < NS; s++)
    for (let b = 0; b < NB; b++) {
      const c = s * NB + b;
      const moves: Partial<Record<ForecastSetting, number>> = {};
      for (let d = 0; d < NS; d++) if (d !== s) moves[FORECAST_SETTINGS[d]!] = r.transition[c * NO + d]!;
      let entries = 0;
      for (let y = 0; y < NY; y++) if (bandOfYear(y) === b) entries += r.entryRate[s * NY + y]!;
      out.push({
        setting: FORECAST_SETTINGS[s]!,
        ageBand: FORECAST_BANDS[b]!,
        childMonths: r.exposure[c]!,
        exit: r.transition[c * NO + EXIT]!,
        stay: r.transition[c * NO + s]!,
        moves,
        entriesPerMonth: entries,
      });
    }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Random numbers: mulberry32 and the samplers the simulation needs

export type Rng = () => number;

/** mulberry32: a small seeded PRNG, uniform on [0, 1). */
export function mulberry32(seed: number): Rng {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = t;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rng: Rng): number {
  // Box-Muller; 1 - u keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

// log k! by table, grown on demand (the binomial's mode search needs it for n up to the largest cell).
let logFactTable = new Float64Array(1);
function logFactorial(k: number): number {
  if (k >= logFactTable.length) {
    if (k > 1 << 22) return (k + 0.5) * Math.log(k + 1) - (k + 1) + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * (k + 1)); // Stirling, for log Gamma(k + 1)
    const old = logFactTable;
    logFactTable = new Float64Array(Math.max(k + 1, 2 * old.length, 1024));
    logFactTable.set(old);
    for (let i = old.length; i < logFactTable.length; i++) logFactTable[i] = logFactTable[i - 1]! + Math.log(i);
  }
  return logFactTable[k]!;
}

/** Poisson: inversion for small means, Hormann's PTRS (transformed rejection) for large ones. Exact. */
export function poisson(lambda: number, rng: Rng): number {
  if (!(lambda > 0)) return 0;
  if (lambda < 30) {
    let x = 0;
    let p = Math.exp(-lambda);
    let s = p;
    const u = rng();
    while (u > s && x < 1000) {
      x++;
      p *= lambda / x;
      s += p;
    }
    return x;
  }
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const U = rng() - 0.5;
    const V = rng();
    const us = 0.5 - Math.abs(U);
    const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43);
    if (us >= 0.07 && V <= vr) return k;
    if (k < 0 || (us < 0.013 && V > us)) continue;
    if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) return k;
  }
}

/**
 * Binomial, exact, by inversion in two orders: from 0 upward while n*min(p,1-p) < 15, otherwise
 * from the mode outward, alternately down and up (any fixed order of the outcomes inverts the
 * distribution function exactly; this one takes about 1.6 sqrt(npq) steps instead of np).
 */
export function binomial(n: number, p: number, rng: Rng): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(n, 1 - p, rng);
  const q = 1 - p;
  const r = p / q;
  let u = rng();
  if (n * p < 15) {
    let pk = Math.pow(q, n);
    let k = 0;
    u -= pk;
    while (u > 0 && k < n) {
      k++;
      pk *= (r * (n - k + 1)) / k;
      u -= pk;
    }
    return k;
  }
  const m = Math.floor((n + 1) * p);
  const pm = Math.exp(logFactorial(n) - logFactorial(m) - logFactorial(n - m) + m * Math.log(p) + (n - m) * Math.log(q));
  u -= pm;
  if (u <= 0) return m;
  let lo = m;
  let hi = m;
  let plo = pm;
  let phi = pm;
  while (lo > 0 || hi < n) {
    if (lo > 0) {
      plo *= lo / ((n - lo + 1) * r);
      lo--;
      u -= plo;
      if (u <= 0) return lo;
    }
    if (hi < n) {
      phi *= ((n - hi) * r) / (hi + 1);
      hi++;
      u -= phi;
      if (u <= 0) return hi;
    }
  }
  return m; // u above the total by rounding only
}

/** Gamma(shape, 1): Marsaglia and Tsang, with the boost for shape < 1. */
export function gamma(shape: number, rng: Rng): number {
  if (!(shape > 0)) return 0;
  if (shape < 1) return gamma(shape + 1, rng) * Math.pow(1 - rng(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

// ---------------------------------------------------------------------------------------------
// Projection

export interface ProjectOptions {
  months: number;
  runs: number;
  seed: number;
  scenario?: Scenario;
  /** Draw each run's rates from their posterior (default true); false: process noise only. */
  parameterUncertainty?: boolean;
  onProgress?: (runsDone: number, runs: number) => void;
}

export interface ProjectionRecord {
  monthEnd: string;
  setting: ForecastSetting | 'all';
  ageBand: ForecastBand | 'all';
  p5: number;
  p50: number;
  p95: number;
  /** Mean over the runs. */
  mean: number;
}

export interface Projection {
  start: string;
  monthEnds: string[];
  runs: number;
  seed: number;
  scenario: Scenario | null;
  records: ProjectionRecord[];
  /** [run][month][setting*5+band]: every run's stock, for costs and checks. */
  samples: Int32Array;
  /** [run][month][0 entries, 1 exits, 2 aged out]. */
  flows: Int32Array;
  /** [month][setting*5+band]: the deterministic projection with the point estimates (no noise). */
  expected: Float64Array;
}

function validateScenario(sc: Scenario | undefined): void {
  if (!sc) return;
  for (const [name, v] of [
    ['entryRateChange', sc.entryRateChange],
    ['exitRateChange', sc.exitRateChange],
  ] as const)
    if (v !== undefined && !(Number.isFinite(v) && v >= -1)) throw new ForecastInputError(`${name} must be a number of at least -1 (-1 is -100%).`);
  for (const m of sc.moves ?? []) {
    if (!SETTING_INDEX.has(m.from) || !SETTING_INDEX.has(m.to) || m.from === m.to) throw new ForecastInputError(`A scenario move must be between two different settings (${m.from} to ${m.to}).`);
    if (!(Number.isFinite(m.extraShare) && m.extraShare >= -1)) throw new ForecastInputError('A scenario move extraShare must be a number of at least -1.');
  }
}

/**
 * Applies a scenario to one set of rates, in place: changed probabilities take from (or give
 * to) staying, and are capped so a row stays a probability distribution.
 */
function applyScenario(P: Float64Array, lambda: Float64Array, sc: Scenario | null): void {
  if (!sc) return;
  if (sc.entryRateChange) for (let i = 0; i < lambda.length; i++) lambda[i]! *= 1 + sc.entryRateChange;
  const change = (row: number, stay: number, o: number, factor: number) => {
    const old = P[row + o]!;
    const wanted = old * factor;
    const next = Math.min(wanted, old + P[row + stay]!);
    P[row + o] = next;
    P[row + stay]! -= next - old;
  };
  for (let s = 0; s < NS; s++)
    for (let b = 0; b < NB; b++) {
      const row = (s * NB + b) * NO;
      if (sc.exitRateChange) change(row, s, EXIT, 1 + sc.exitRateChange);
      for (const m of sc.moves ?? []) if (SETTING_INDEX.get(m.from) === s) change(row, s, SETTING_INDEX.get(m.to)!, 1 + m.extraShare);
    }
}

/** Percentile by nearest rank on sorted values: the ceil(p * n)-th smallest. */
function nearestRank(sorted: Int32Array | Float64Array, p: number): number {
  const n = sorted.length;
  const rank = Math.min(n, Math.max(1, Math.ceil(p * n - 1e-9)));
  return sorted[rank - 1]!;
}

/** One step of the expected (mean) dynamics, for `expected`. */
function expectedStep(cur: Float64Array, P: Float64Array, lambda: Float64Array): Float64Array {
  const next = new Float64Array(NS * NA);
  for (let s = 0; s < NS; s++)
    for (let a = 0; a < NA - 1; a++) {
      const n = cur[s * NA + a]!;
      if (n === 0) continue;
      const row = (s * NB + BAND_OF_MONTH[a]!) * NO;
      for (let d = 0; d < NS; d++) next[d * NA + a + 1]! += n * P[row + d]!;
    }
  for (let s = 0; s < NS; s++)
    for (let y = 0; y < NY; y++) {
      const lam = lambda[s * NY + y]!;
      if (lam > 0) for (let m = 0; m < 12; m++) next[s * NA + y * 12 + m]! += lam / 12;
    }
  return next;
}

// Leavers (or entrants) up to this many draw their destination (or month) one uniform each; more use conditional binomials.
const ONE_BY_ONE_MAX = 32;
// Cells up to this size find their number of leavers from a per-run table of (1 - leave)^n.
const TABLE_MAX = 64;

/**
 * Projects a starting stock forward, `runs` times. Each month: children aged 215 months leave
 * (they turn 18); every other child moves, stays or leaves by its state's row (multinomial);
 * entries are Poisson per setting x year of age, each entrant at a uniformly drawn month of
 * that year; then everyone is a month older.
 */
export function project(rates: Rates, start: StartStock, opts: ProjectOptions): Projection {
  const { months, runs, seed } = opts;
  if (!(Number.isInteger(months) && months >= 1)) throw new ForecastInputError('months must be a whole number of at least 1.');
  if (!(Number.isInteger(runs) && runs >= 1)) throw new ForecastInputError('runs must be a whole number of at least 1.');
  validateScenario(opts.scenario);
  const scenario = opts.scenario ?? null;
  const withParams = opts.parameterUncertainty ?? true;
  const rng = mulberry32(seed);
  const startMi = monthOf(start.monthEnd);
  const monthEnds = Array.from({ length: months }, (_, m) => monthEndOf(startMi + m + 1));
  const samples = new Int32Array(runs * months * NCELL);
  const flows = new Int32Array(runs * months * 3);
  const windowMonths = rates.window.months;

  // The deterministic projection with the point estimates.
  const P0 = rates.transition.slice();
  const L0 = rates.entryRate.slice();
  applyScenario(P0, L0, scenario);
  const expected = new Float64Array(months * NCELL);
  let ex: Float64Array = Float64Array.from(start.counts);
  for (let m = 0; m < months; m++) {
    ex = expectedStep(ex, P0, L0);
    for (let s = 0; s < NS; s++) for (let a = 0; a < NA; a++) expected[m * NCELL + s * NB + BAND_OF_MONTH[a]!]! += ex[s * NA + a]!;
  }

  const P = new Float64Array(NCELL * NO);
  // Per state: the probability of leaving it, the cumulative over the outcomes other than
  // staying (for the leavers' destinations), and (1 - leave)^n for n up to TABLE_MAX.
  const leave = new Float64Array(NCELL);
  const cumLeave = new Float64Array(NCELL * NO);
  const stayPow = new Float64Array(NCELL * (TABLE_MAX + 1));
  const odds = new Float64Array(NCELL);
  const lambda = new Float64Array(NS * NY);
  const expNegLambda = new Float64Array(NS * NY);
  let cur = new Int32Array(NS * NA);
  let next = new Int32Array(NS * NA);
  for (let r = 0; r < runs; r++) {
    // This run's parameters: a draw from the posterior, or the point estimates.
    if (withParams) {
      for (let c = 0; c < NCELL; c++) {
        let sum = 0;
        for (let o = 0; o < NO; o++) {
          const g = gamma(rates.posterior[c * NO + o]!, rng);
          P[c * NO + o] = g;
          sum += g;
        }
        for (let o = 0; o < NO; o++) P[c * NO + o] = sum > 0 ? P[c * NO + o]! / sum : rates.transition[c * NO + o]!;
      }
      for (let i = 0; i < NS * NY; i++) lambda[i] = gamma(rates.entryCounts[i]!, rng) / windowMonths;
    } else {
      P.set(rates.transition);
      lambda.set(rates.entryRate);
    }
    applyScenario(P, lambda, scenario);
    for (let i = 0; i < NS * NY; i++) expNegLambda[i] = Math.exp(-lambda[i]!);
    for (let c = 0; c < NCELL; c++) {
      const s = Math.floor(c / NB);
      let out = 0;
      for (let o = 0; o < NO; o++) {
        if (o !== s) out += P[c * NO + o]!;
        cumLeave[c * NO + o] = out;
      }
      leave[c] = out;
      cumLeave[c * NO + NO - 1] = 2; // rounding never leaves a leaver without a destination
      odds[c] = out / (1 - out);
      let pw = 1;
      for (let n = 0; n <= TABLE_MAX; n++, pw *= 1 - out) stayPow[c * (TABLE_MAX + 1) + n] = pw;
    }
    cur.set(start.counts);
    for (let m = 0; m < months; m++) {
      next.fill(0);
      let exits = 0;
      let aged = 0;
      let entered = 0;
      for (let s = 0; s < NS; s++) {
        for (let a = 0; a < NA; a++) {
          const n = cur[s * NA + a]!;
          if (n === 0) continue;
          if (a === NA - 1) {
            aged += n;
            continue;
          }
          const row = (s * NB + BAND_OF_MONTH[a]!) * NO;
          const a1 = a + 1;
          // Multinomial in two exact stages: how many leave the state (a binomial), then where
          // each leaver goes. Most children stay, so this costs about one uniform per cell.
          const c = row / NO;
          const out = leave[c]!;
          let k: number;
          if (n <= TABLE_MAX && out < 0.5) {
            // Inversion from 0 with (1 - out)^n from the table.
            let pk = stayPow[c * (TABLE_MAX + 1) + n]!;
            const r = odds[c]!;
            let u = rng() - pk;
            k = 0;
            while (u > 0 && k < n) {
              k++;
              pk *= (r * (n - k + 1)) / k;
              u -= pk;
            }
          } else k = binomial(n, out, rng);
          next[s * NA + a1]! += n - k;
          if (k === 0) continue;
          if (k <= ONE_BY_ONE_MAX) {
            for (let i = 0; i < k; i++) {
              const u = rng() * out;
              let o = 0;
              while (o === s || u >= cumLeave[row + o]!) o++;
              if (o === EXIT) exits++;
              else next[o * NA + a1]! += 1;
            }
          } else {
            // Many leavers (national-scale cells): conditional binomials, the last outcome taking the rest.
            let left = k;
            let mass = out;
            let last = EXIT;
            while (last === s || (P[row + last]! <= 0 && last > 0)) last--;
            for (let o = 0; o < NO && left > 0; o++) {
              const p = P[row + o]!;
              if (o === s || p <= 0) continue;
              const x = o === last ? left : binomial(left, p < mass ? p / mass : 1, rng);
              mass -= p;
              left -= x;
              if (o === EXIT) exits += x;
              else next[o * NA + a1]! += x;
            }
          }
        }
      }
      for (let s = 0; s < NS; s++)
        for (let y = 0; y < NY; y++) {
          const lam = lambda[s * NY + y]!;
          if (lam <= 0) continue;
          let k: number;
          if (lam < 30) {
            // Inversion with e^-lambda computed once a run.
            let pk = expNegLambda[s * NY + y]!;
            let u = rng() - pk;
            k = 0;
            while (u > 0 && k < 1000) {
              k++;
              pk *= lam / k;
              u -= pk;
            }
          } else k = poisson(lam, rng);
          entered += k;
          if (k <= ONE_BY_ONE_MAX) for (let i = 0; i < k; i++) next[s * NA + y * 12 + Math.floor(rng() * 12)]! += 1;
          else {
            // Many entrants: the uniform month of age as a multinomial by conditional binomials.
            let left = k;
            for (let j = 0; j < 11 && left > 0; j++) {
              const x = binomial(left, 1 / (12 - j), rng);
              next[s * NA + y * 12 + j]! += x;
              left -= x;
            }
            next[s * NA + y * 12 + 11]! += left;
          }
        }
      const swap = cur;
      cur = next;
      next = swap;
      const base = (r * months + m) * NCELL;
      for (let s = 0; s < NS; s++) for (let a = 0; a < NA; a++) samples[base + s * NB + BAND_OF_MONTH[a]!]! += cur[s * NA + a]!;
      const f = (r * months + m) * 3;
      flows[f] = entered;
      flows[f + 1] = exits;
      flows[f + 2] = aged;
    }
    opts.onProgress?.(r + 1, runs);
  }
  return { start: start.monthEnd, monthEnds, runs, seed, scenario, records: summarise(samples, runs, monthEnds), samples, flows, expected };
}

/** The aggregates reported: each cell, each setting over bands, each band over settings, the total. */
const AGGREGATES: { setting: ForecastSetting | 'all'; ageBand: ForecastBand | 'all'; cells: number[] }[] = (() => {
  const list: { setting: ForecastSetting | 'all'; ageBand: ForecastBand | 'all'; cells: number[] }[] = [];
  for (let s = 0; s < NS; s++) {
    for (let b = 0; b < NB; b++) list.push({ setting: FORECAST_SETTINGS[s]!, ageBand: FORECAST_BANDS[b]!, cells: [s * NB + b] });
    list.push({ setting: FORECAST_SETTINGS[s]!, ageBand: 'all', cells: Array.from({ length: NB }, (_, b) => s * NB + b) });
  }
  for (let b = 0; b < NB; b++) list.push({ setting: 'all', ageBand: FORECAST_BANDS[b]!, cells: Array.from({ length: NS }, (_, s) => s * NB + b) });
  list.push({ setting: 'all', ageBand: 'all', cells: Array.from({ length: NCELL }, (_, c) => c) });
  return list;
})();

function summarise(samples: Int32Array, runs: number, monthEnds: string[]): ProjectionRecord[] {
  const months = monthEnds.length;
  const values = new Int32Array(runs);
  const out: ProjectionRecord[] = [];
  for (let m = 0; m < months; m++)
    for (const agg of AGGREGATES) {
      let sum = 0;
      for (let r = 0; r < runs; r++) {
        const base = (r * months + m) * NCELL;
        let v = 0;
        for (const c of agg.cells) v += samples[base + c]!;
        values[r] = v;
        sum += v;
      }
      values.sort();
      out.push({ monthEnd: monthEnds[m]!, setting: agg.setting, ageBand: agg.ageBand, p5: nearestRank(values, 0.05), p50: nearestRank(values, 0.5), p95: nearestRank(values, 0.95), mean: sum / runs });
    }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Back-test

export interface BackTestSetting {
  setting: ForecastSetting | 'all';
  /** Mean absolute percentage error of p50 against the actual under-18 stock, over months with an actual above 0; null when none. */
  mape: number | null;
  monthsCompared: number;
}

export interface BackTest {
  fitWindow: { start: string; end: string; months: number };
  predicted: { from: string; to: string };
  perSetting: BackTestSetting[];
  /** Share of (month, setting) actuals inside their p5-p95 band. */
  coverage: number;
  series: { monthEnd: string; setting: ForecastSetting | 'all'; p5: number; p50: number; p95: number; actual: number }[];
}

export interface BackTestOptions {
  runs?: number;
  seed?: number;
  /** Length of the fit window in months (default: the reference window's, 24). */
  windowMonths?: number;
  parameterUncertainty?: boolean;
  onProgress?: (runsDone: number, runs: number) => void;
}

const BACKTEST_MONTHS = 12;

/**
 * Fits on the months up to one year before the last month end (a window of the same length as
 * the reference window, cut at the start of the data) and predicts the last year. Null with a
 * reason when fewer than MIN_WINDOW_MONTHS months come before that year.
 */
export function backTest(source: ModelInput | History, opts: BackTestOptions = {}): BackTest | { reason: string } {
  const h = 'kind' in source ? source : buildHistory(source);
  const fitEnd = h.lastMonth - BACKTEST_MONTHS;
  const windowMonths = opts.windowMonths ?? DEFAULT_WINDOW_MONTHS;
  const fitStart = Math.max(h.firstMonth, fitEnd - windowMonths);
  if (fitEnd - fitStart < MIN_WINDOW_MONTHS)
    return { reason: `A back-test needs ${MIN_WINDOW_MONTHS} months of history before the last ${BACKTEST_MONTHS}; the data have ${Math.max(h.lastMonth - h.firstMonth - BACKTEST_MONTHS, 0)}.` };
  const rates = estimateRates(h, { start: dayAfter(monthEndOf(fitStart)), end: monthEndOf(fitEnd) });
  const runs = opts.runs ?? DEFAULT_RUNS;
  const p = project(rates, stockAt(h, monthEndOf(fitEnd)), { months: BACKTEST_MONTHS, runs, seed: opts.seed ?? DEFAULT_SEED, parameterUncertainty: opts.parameterUncertainty, onProgress: opts.onProgress });
  const byKey = new Map(p.records.filter((r) => r.ageBand === 'all').map((r) => [`${r.monthEnd}|${r.setting}`, r]));
  const series: BackTest['series'] = [];
  const perSetting: BackTestSetting[] = [];
  let inside = 0;
  let compared = 0;
  for (const setting of [...FORECAST_SETTINGS, 'all'] as const) {
    let err = 0;
    let n = 0;
    for (let m = 1; m <= BACKTEST_MONTHS; m++) {
      const k = fitEnd + m - h.firstMonth;
      // The model covers under-18s: compare with the under-18 stock (the sum of the bands).
      let actual = 0;
      for (let s = 0; s < NS; s++) if (setting === 'all' || FORECAST_SETTINGS[s] === setting) for (let b = 0; b < NB; b++) actual += h.cells[k * NCELL + s * NB + b]!;
      const r = byKey.get(`${h.monthEnds[k]}|${setting}`)!;
      series.push({ monthEnd: h.monthEnds[k]!, setting, p5: r.p5, p50: r.p50, p95: r.p95, actual });
      if (setting !== 'all') {
        compared++;
        if (actual >= r.p5 && actual <= r.p95) inside++;
      }
      if (actual > 0) {
        err += Math.abs(r.p50 - actual) / actual;
        n++;
      }
    }
    perSetting.push({ setting, mape: n > 0 ? (100 * err) / n : null, monthsCompared: n });
  }
  return {
    fitWindow: rates.window,
    predicted: { from: dayAfter(monthEndOf(fitEnd)), to: monthEndOf(h.lastMonth) },
    perSetting,
    coverage: compared > 0 ? inside / compared : 0,
    series,
  };
}

// ---------------------------------------------------------------------------------------------
// Costs

export interface CostYear {
  year: number;
  from: string;
  to: string;
  months: number;
  p5: number;
  p50: number;
  p95: number;
  mean: number;
  /** Mean cost of each setting. */
  bySetting: Record<ForecastSetting, number>;
}

/**
 * Annual cost of a projection: each month end's stock of a setting is taken as the month's
 * average, costing weeklyCost x days in the month / 7, at prices rising by `inflation` a year
 * (projection year 1 at the weekly costs given). Percentiles over runs of each year's cost.
 */
export function projectCost(p: Projection, weeklyCost: Partial<Record<ForecastSetting, number>>, inflation: number): CostYear[] {
  const months = p.monthEnds.length;
  const years: CostYear[] = [];
  for (let y = 0; y * 12 < months; y++) {
    const m0 = y * 12;
    const m1 = Math.min(months, m0 + 12);
    const factor = Math.pow(1 + inflation, y);
    const perRun = new Float64Array(p.runs);
    const bySetting = Object.fromEntries(FORECAST_SETTINGS.map((s) => [s, 0])) as Record<ForecastSetting, number>;
    for (let r = 0; r < p.runs; r++) {
      let total = 0;
      for (let m = m0; m < m1; m++) {
        const weeks = daysInMonth(monthOf(p.monthEnds[m]!)) / 7;
        const base = (r * months + m) * NCELL;
        for (let s = 0; s < NS; s++) {
          let n = 0;
          for (let b = 0; b < NB; b++) n += p.samples[base + s * NB + b]!;
          const cost = n * (weeklyCost[FORECAST_SETTINGS[s]!] ?? 0) * weeks * factor;
          total += cost;
          bySetting[FORECAST_SETTINGS[s]!] += cost / p.runs;
        }
      }
      perRun[r] = total;
    }
    const mean = perRun.reduce((a, b) => a + b, 0) / p.runs;
    perRun.sort();
    years.push({ year: y + 1, from: dayAfter(y === 0 ? p.start : p.monthEnds[m0 - 1]!), to: p.monthEnds[m1 - 1]!, months: m1 - m0, p5: nearestRank(perRun, 0.05), p50: nearestRank(perRun, 0.5), p95: nearestRank(perRun, 0.95), mean, bySetting });
  }
  return years;
}

export interface ScenarioComparison {
  /** Per month end: mean total (under 18) of each, and the difference. */
  months: { monthEnd: string; baseline: number; scenario: number; difference: number }[];
  /** Per projection year: mean annual cost of each, and the difference (when costs are given). */
  costs: { year: number; baseline: number; scenario: number; difference: number }[];
}

/** A scenario against the baseline: differences of means (the runs share the seed, not a coupling). */
export function compareScenario(baseline: Projection, scenario: Projection, weeklyCost?: Partial<Record<ForecastSetting, number>>, inflation = 0): ScenarioComparison {
  const total = (p: Projection) => p.records.filter((r) => r.setting === 'all' && r.ageBand === 'all');
  const b = total(baseline);
  const s = total(scenario);
  const months = b.map((r, i) => ({ monthEnd: r.monthEnd, baseline: r.mean, scenario: s[i]!.mean, difference: s[i]!.mean - r.mean }));
  const costs: ScenarioComparison['costs'] = [];
  if (weeklyCost) {
    const cb = projectCost(baseline, weeklyCost, inflation);
    const cs = projectCost(scenario, weeklyCost, inflation);
    cb.forEach((y, i) => costs.push({ year: y.year, baseline: y.mean, scenario: cs[i]!.mean, difference: cs[i]!.mean - y.mean }));
  }
  return { months, costs };
}

// ---------------------------------------------------------------------------------------------
// The whole forecast

export const DEFAULT_RUNS = 200;
export const DEFAULT_SEED = 903;
export const DEFAULT_MONTHS = 36;

export interface ForecastOptions {
  months?: number;
  runs?: number;
  seed?: number;
  window?: ForecastWindow;
  scenario?: Scenario;
  parameterUncertainty?: boolean;
  /** Run the back-test (default true). */
  backTest?: boolean;
  onProgress?: (phase: 'projection' | 'scenario' | 'back-test', runsDone: number, runs: number) => void;
}

export interface ForecastResult {
  observed: { from: string; to: string; months: number };
  window: Rates['window'] | null;
  history: HistoryRecord[];
  rates: RateRecord[] | null;
  projection: Projection | null;
  scenario: Projection | null;
  backTest: BackTest | null;
  /** Why there is no back-test, when there is none. */
  backTestNote: string | null;
  insufficient?: { reason: string };
}

export function forecast(input: ModelInput | History, opts: ForecastOptions = {}): ForecastResult {
  const h = 'kind' in input ? input : buildHistory(input);
  const observedMonths = h.lastMonth - h.firstMonth;
  const observed = { from: dayAfter(h.monthEnds[0]!), to: h.monthEnds[h.monthEnds.length - 1]!, months: observedMonths };
  const history = historyRecords(h);
  const none = (reason: string): ForecastResult => ({ observed, window: null, history, rates: null, projection: null, scenario: null, backTest: null, backTestNote: null, insufficient: { reason } });
  if (observedMonths < MIN_HISTORY_MONTHS)
    return none(
      `The data cover ${observedMonths} whole month${observedMonths === 1 ? '' : 's'} (${observed.from} to ${observed.to}). A forecast needs at least ${MIN_HISTORY_MONTHS} months (two years of SSDA903 returns, one after the other), so that the rates of entering care, moving and leaving are estimated over every calendar month twice. Import the returns of the earlier years and run it again.`,
    );
  const w = resolveWindow(h, opts.window ?? {});
  if ('reason' in w) return none(w.reason);
  const rates = estimateRates(h, opts.window ?? {});
  const months = opts.months ?? DEFAULT_MONTHS;
  const runs = opts.runs ?? DEFAULT_RUNS;
  const seed = opts.seed ?? DEFAULT_SEED;
  const start = stockAt(h);
  const progress = (phase: 'projection' | 'scenario' | 'back-test') => (opts.onProgress ? (d: number, n: number) => opts.onProgress!(phase, d, n) : undefined);
  const projection = project(rates, start, { months, runs, seed, parameterUncertainty: opts.parameterUncertainty, onProgress: progress('projection') });
  const scenario = opts.scenario ? project(rates, start, { months, runs, seed, scenario: opts.scenario, parameterUncertainty: opts.parameterUncertainty, onProgress: progress('scenario') }) : null;
  let bt: BackTest | null = null;
  let backTestNote: string | null = null;
  if (opts.backTest ?? true) {
    const r = backTest(h, { runs, seed, windowMonths: rates.window.months, parameterUncertainty: opts.parameterUncertainty, onProgress: progress('back-test') });
    if ('reason' in r) backTestNote = r.reason;
    else bt = r;
  }
  return { observed, window: rates.window, history, rates: rateRecords(rates), projection, scenario, backTest: bt, backTestNote };
}
