/**
 * Disclosure control for every figure a provider or the public can see (docs/disclosure.md).
 * Framework-free: the published snapshot is built with these functions once, and the page, the
 * CSV downloads and the public API all serve it.
 *
 * - Primary: a count of 1 to 5 becomes "c". A stored 0 stays 0 (a true zero reveals no child);
 *   a missing figure stays missing and "x"/"z" stay as they are.
 * - Percentages: whole numbers, rounded half up exactly; "c" where the numerator or its complement
 *   is 1 to 5.
 * - Secondary: over everything published at once, as linear constraints, until no count of 1 to 5
 *   can be bounded within [0, 5] (protectSystem).
 */
import { solve as solveLp } from 'yalps';
import type { Cell } from './format';

export const SUPPRESS_MIN = 1;
export const SUPPRESS_MAX = 5;

/** A fresh object each time, so a caller editing one cell can never change another. */
function suppressed(): Cell {
  return { value: null, symbol: 'c' };
}

/** Primary suppression of one count. */
export function suppressCount(c: Cell): Cell {
  // A symbol never carries a number out with it, even if the source row had one.
  if (c.symbol !== null) return { value: null, symbol: c.symbol };
  if (c.value !== null && c.value >= SUPPRESS_MIN && c.value <= SUPPRESS_MAX) return suppressed();
  return { value: c.value, symbol: null };
}

// ---------------------------------------------------------------------------------------------
// Disclosure control as a system (docs/disclosure.md): everything published for a council is a
// set of linear constraints over unknown counts, and no count of 1 to 5 may be bounded within
// [0, 5] by linear programming over all of them.
// ---------------------------------------------------------------------------------------------

/** A linear expression over named unknowns: name to coefficient. */
export type LinearExpr = Readonly<Record<string, number>>;

/** expr >= min and/or expr <= max. */
export interface LinearConstraint {
  expr: LinearExpr;
  min?: number;
  max?: number;
}

/** A percentage published as a whole number: numerator over a published (or hidden) denominator. */
export interface PublishedRate {
  id: string;
  numerator: LinearExpr;
  denominator: string;
}

export interface DisclosureSystem {
  /** The true value of every unknown count; null where the council gave no figure. */
  values: ReadonlyMap<string, number | null>;
  /** The unknowns that are published as cells (shown unless suppressed). */
  cells: readonly string[];
  rates: readonly PublishedRate[];
  /** What anyone knows about how the figures relate (totals, demand = placed + unmatched, ...). */
  constraints: readonly LinearConstraint[];
  /**
   * Relations an attacker might guess (e.g. places to commission adding up over age bands), true
   * or not: taken in order, each one the publication does not contradict is assumed, as an attacker
   * would. A false one can only mislead; it still counts if it leads to the true value.
   */
  guesses: readonly LinearConstraint[];
  /** Counts that are never published but follow from those that are (unmatched referrals, ...). */
  derived: readonly { name: string; expr: LinearExpr }[];
}

export interface SystemProtection {
  /** Cells and rates (by name or id) to show as "c". */
  suppressed: ReadonlySet<string>;
  /** The shown value of each rate: a whole-number percentage, or null when suppressed or not defined. */
  rates: ReadonlyMap<string, number | null>;
  /** The secondary suppressions, in the order they were chosen. */
  secondary: readonly string[];
  /** Sensitive quantities no further suppression could protect (should be empty; tests check it). */
  unprotected: readonly string[];
}

/** The attacker's bound must reach at least this for a count of 1 to 5 to be safe. */
export const PROTECTION_UPPER = SUPPRESS_MAX + 1;

/** A count of 1 to 5: what primary suppression hides. */
export const isSmallCount = (v: number | null | undefined): boolean => v !== null && v !== undefined && v >= SUPPRESS_MIN && v <= SUPPRESS_MAX;

/**
 * 100 n / d as a whole-number percentage, halves rounded up, in integer arithmetic (23/40 = 57.5%
 * gives 58, where binary floating point gives 57). Null when d is 0 or a figure is not a whole
 * number of children.
 */
export function roundPercent(n: number, d: number): number | null {
  if (!Number.isInteger(n) || !Number.isInteger(d) || d <= 0 || n < 0) return null;
  return Math.floor((200 * n + d) / (2 * d));
}

/** The largest value of `objective` given the constraints (Infinity if unbounded, null if infeasible). */
function maximise(constraints: readonly LinearConstraint[], objective: LinearExpr): number | null {
  const names = new Set<string>(Object.keys(objective));
  for (const c of constraints) for (const k of Object.keys(c.expr)) names.add(k);
  const coefficients = new Map<string, Array<[string, number]>>([...names].map((n) => [n, []]));
  const lpConstraints: Array<[string, { min?: number; max?: number }]> = [];
  constraints.forEach((c, i) => {
    const key = `c${i}`;
    lpConstraints.push([key, { ...(c.min !== undefined ? { min: c.min } : {}), ...(c.max !== undefined ? { max: c.max } : {}) }]);
    for (const [k, v] of Object.entries(c.expr)) coefficients.get(k)!.push([key, v]);
  });
  for (const [k, v] of Object.entries(objective)) coefficients.get(k)!.push(['objective', v]);
  // Every unknown is a count, so never below 0 (YALPS's variables are non-negative).
  const s = solveLp({ direction: 'maximize', objective: 'objective', constraints: lpConstraints, variables: [...coefficients] });
  if (s.status === 'infeasible') return null;
  if (s.status === 'unbounded') return Infinity;
  if (s.status !== 'optimal') throw new Error(`disclosure check: the linear programme ${s.status}`);
  return s.result;
}

const EPS = 1e-6;

/**
 * Primary suppression, then secondary suppression until no count of 1 to 5 (published, hidden or
 * derived) can be bounded within [0, 5] by an attacker who knows every shown figure, every
 * constraint and every true guess, and solves linear programmes over them.
 *
 * Primary: cells of 1 to 5; rates whose numerator or complement (denominator - numerator) is 1
 * to 5. Secondary, one at a time: for the first count still pinned, the cheapest shown figure
 * (the smallest count above 0, a rate at the cost of its numerator) near it whose suppression
 * lifts its bound to 6 or more; if no single figure does, the cheapest that raises the bound at
 * all, or failing that the cheapest of all. Greedy, so "least information lost" is approximate, not optimal (docs/disclosure.md).
 */
export function protectSystem(sys: DisclosureSystem): SystemProtection {
  const value = (expr: LinearExpr): number | null => {
    let total = 0;
    for (const [k, v] of Object.entries(expr)) {
      const x = sys.values.get(k);
      if (x === null || x === undefined) return null;
      total += v * x;
    }
    return total;
  };
  const suppressed = new Set<string>();
  const trueRate = new Map<string, number | null>();
  for (const name of sys.cells) if (isSmallCount(sys.values.get(name))) suppressed.add(name);
  for (const r of sys.rates) {
    const n = value(r.numerator);
    const d = sys.values.get(r.denominator) ?? null;
    const p = n === null || d === null ? null : roundPercent(n, d);
    trueRate.set(r.id, p);
    if (p === null || isSmallCount(n) || isSmallCount(d! - n!)) suppressed.add(r.id);
  }

  const sensitive: { name: string; expr: LinearExpr }[] = [];
  for (const [name, v] of sys.values) if (isSmallCount(v)) sensitive.push({ name, expr: { [name]: 1 } });
  for (const q of sys.derived) if (isSmallCount(value(q.expr))) sensitive.push(q);

  const shownCell = (name: string, hidden: ReadonlySet<string>) => !hidden.has(name) && sys.values.get(name) !== null && sys.values.get(name) !== undefined;
  let guessed: LinearConstraint[] = [];
  const published = (hidden: ReadonlySet<string>): LinearConstraint[] => {
    const out: LinearConstraint[] = [...sys.constraints, ...guessed];
    for (const name of sys.cells) if (shownCell(name, hidden)) out.push({ expr: { [name]: 1 }, min: sys.values.get(name)!, max: sys.values.get(name)! });
    for (const r of sys.rates) {
      const p = trueRate.get(r.id);
      if (hidden.has(r.id) || p === null || p === undefined) continue;
      // Half up: (p - 0.5) d <= 100 n < (p + 0.5) d.
      out.push({ expr: { ...addTo(r.numerator, 100), [r.denominator]: (r.numerator[r.denominator] ?? 0) * 100 - (p - 0.5) }, min: 0 });
      out.push({ expr: { ...addTo(r.numerator, 100), [r.denominator]: (r.numerator[r.denominator] ?? 0) * 100 - (p + 0.5) }, max: 0 });
    }
    return out;
  };
  const bound = (hidden: ReadonlySet<string>, q: LinearExpr) => maximise(published(hidden), q) ?? -Infinity;

  const secondary: string[] = [];
  const unprotected: string[] = [];
  const skip = new Set<string>();
  for (let guard = 0; guard < 10_000; guard++) {
    // Hiding more only loosens the system, so a guess once consistent stays so; one that was
    // contradicted may not be any more.
    guessed = [];
    for (const g of sys.guesses) {
      guessed.push(g);
      if (maximise(published(suppressed), {}) === null) guessed.pop();
    }
    const pinned = sensitive.find((q) => {
      if (skip.has(q.name)) return false;
      const b = bound(suppressed, q.expr);
      // Below the true value: a false guess misled the attacker, who learnt nothing true.
      return b < PROTECTION_UPPER - EPS && b >= value(q.expr)! - EPS;
    });
    if (!pinned) break;
    const candidates = coverCandidates(sys, pinned.expr, suppressed, value, trueRate);
    const now = bound(suppressed, pinned.expr);
    let pick = candidates.find((c) => bound(new Set([...suppressed, c]), pinned.expr) >= PROTECTION_UPPER - EPS);
    pick ??= candidates.find((c) => bound(new Set([...suppressed, c]), pinned.expr) > now + EPS);
    // No one figure helps (a one-cell row: the part is its total): hide the cheapest, which brings
    // its own lines into reach, and look again.
    pick ??= candidates[0];
    if (pick === undefined) {
      skip.add(pinned.name);
      unprotected.push(pinned.name);
      continue;
    }
    suppressed.add(pick);
    secondary.push(pick);
  }
  const rates = new Map<string, number | null>();
  for (const r of sys.rates) rates.set(r.id, suppressed.has(r.id) ? null : (trueRate.get(r.id) ?? null));
  return { suppressed, rates, secondary, unprotected };
}

function addTo(expr: LinearExpr, times: number): Record<string, number> {
  return Object.fromEntries(Object.entries(expr).map(([k, v]) => [k, v * times]));
}

/**
 * Shown figures that could cover a pinned quantity, cheapest first: cells above 0 and rates that
 * share a constraint with it or with a hidden unknown linked to it (anything else cannot change
 * its bound, and leaving it out keeps the number of linear programmes small).
 */
function coverCandidates(
  sys: DisclosureSystem,
  target: LinearExpr,
  hidden: ReadonlySet<string>,
  value: (e: LinearExpr) => number | null,
  rate: ReadonlyMap<string, number | null>,
): string[] {
  const cellSet = new Set(sys.cells);
  const isHidden = (k: string) => !cellSet.has(k) || hidden.has(k) || sys.values.get(k) === null;
  const all = [...sys.constraints, ...sys.guesses, ...sys.rates.map((r) => ({ expr: { ...r.numerator, [r.denominator]: 1 } }))];
  const reached = new Set(Object.keys(target));
  const near = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of all) {
      const keys = Object.keys(c.expr);
      if (!keys.some((k) => reached.has(k) && isHidden(k))) continue;
      for (const k of keys) {
        if (isHidden(k) && !reached.has(k)) {
          reached.add(k);
          grew = true;
        }
        if (!isHidden(k)) near.add(k);
      }
    }
  }
  for (const k of Object.keys(target)) if (!isHidden(k)) near.add(k);
  const cost = new Map<string, number>();
  for (const k of near) if ((sys.values.get(k) ?? 0) > 0) cost.set(k, sys.values.get(k)!);
  for (const r of sys.rates) {
    if (hidden.has(r.id) || rate.get(r.id) === null) continue;
    if ([...Object.keys(r.numerator), r.denominator].some((k) => reached.has(k) || near.has(k))) cost.set(r.id, value(r.numerator) ?? 0);
  }
  return [...cost.keys()].sort((a, b) => cost.get(a)! - cost.get(b)! || a.localeCompare(b));
}
