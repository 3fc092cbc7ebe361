import solver from 'javascript-lp-solver';

/**
 * An attacker who reads only the published JSON of one council (what /api/v1/public/needs/CODE
 * serves, which is also every CSV and the page) and works out, by linear programming, how far
 * each hidden count can range given everything published. Written from the published shape alone,
 * independently of lib/disclosure.ts (which uses another solver, yalps), so the two cannot share a
 * mistake in how the constraints are set up.
 *
 * Unknowns, per setting: children placed (P), demand (D), places to commission (TC) and unmet need
 * (UN) by age band and all ages; D, TC, UN by need and by year; the counts placed outside the
 * council (O) and over 20 miles (M). What the attacker knows for certain:
 * - every shown number, and that the same figure is one unknown wherever it appears (the latest
 *   year of the trend is the all-ages row, which is the summary);
 * - counts are never below 0; P and D add up over age bands; D = P + unmatched referrals, so
 *   D >= P; TC <= D and UN <= TC (each is demand above some places, never below 0);
 * - a percentage p of a denominator d: its numerator n is within the rounding of p
 *   (for a whole number, 100n is between (p - 0.5)d and (p + 0.5)d; for a figure with k decimals,
 *   half a unit of the k-th decimal), and so is d - n, the complement.
 * What it guesses, and keeps only if the published figures do not contradict it (the LP stays
 * feasible): that TC and UN add up over age bands too (true whenever no age band has more own
 * places than demand), and that a need's demand is at most all children's demand.
 *
 * Sensitive quantities: every count whose true value is 1 to 5, shown or hidden, including those
 * never published but implied (unmatched referrals D - P, the complements of percentages).
 * The rule (docs/disclosure.md): such a count is pinned when the attacker's upper bound is below 6,
 * i.e. the attacker can bound it within [0, 5], and that bound is true (a range that a false guess
 * has pushed below the true value misleads rather than discloses).
 */

export interface Cellish {
  value: number | null;
  symbol: string | null;
}
interface TableLike {
  id: string;
  columns: { key: string }[];
  rows: { key: string; cells: Record<string, Cellish | undefined> }[];
}
export interface NeedsLike {
  periodEnd: string;
  settings: {
    setting: string;
    summary: Record<string, Cellish | undefined>;
    byAge: TableLike;
    byNeed: TableLike;
    trend: TableLike;
  }[];
}

/** A linear expression: unknown name to coefficient. */
type Expr = Record<string, number>;
interface Constraint {
  expr: Expr;
  min?: number;
  max?: number;
}

const LETTER: Record<string, string> = { children_placed: 'P', demand: 'D', commissioning_need: 'TC', unmet_need: 'UN' };

/** The unknown's name: `setting|letter|row` (row = age band, need:..., or all). */
export const unknown = (setting: string, letter: string, row: string) => `${setting}|${letter}|${row}`;

function decimals(x: number): number {
  const s = String(x);
  if (s.includes('e')) return 12;
  const i = s.indexOf('.');
  return i === -1 ? 0 : Math.min(12, s.length - i - 1);
}

export interface SensitiveQuantity {
  name: string;
  expr: Expr;
}

interface Model {
  certain: Constraint[];
  guessed: Constraint[][];
  sensitive: SensitiveQuantity[];
  unknowns: Set<string>;
}

/** Every published constraint of one council, from its published JSON alone. */
export function modelOf(needs: NeedsLike): Model {
  const certain: Constraint[] = [];
  // Each guess on its own, so one that fails does not take the others with it.
  const guesses: Constraint[][] = [];
  const unknowns = new Set<string>();
  const sensitive: SensitiveQuantity[] = [];
  const declare = (name: string) => (unknowns.add(name), name);
  const shown = (name: string, c: Cellish | undefined) => {
    declare(name);
    if (c && c.symbol === null && c.value !== null) certain.push({ expr: { [name]: 1 }, min: c.value, max: c.value });
  };
  for (const s of needs.settings) {
    const S = s.setting;
    const ages = s.byAge.rows.map((r) => r.key).filter((k) => k !== 'all');
    // The same figure in several places is one unknown.
    const rowName = (t: 'age' | 'need' | 'year', key: string) =>
      t === 'age' ? key : t === 'need' ? `need:${key}` : key === needs.periodEnd ? 'all' : `year:${key}`;
    const tables: Array<['age' | 'need' | 'year', TableLike]> = [['age', s.byAge], ['need', s.byNeed], ['year', s.trend]];
    const rows = new Set<string>();
    for (const [t, table] of tables) {
      for (const r of table.rows) {
        const row = rowName(t, r.key);
        rows.add(row);
        for (const col of table.columns) if (LETTER[col.key]) shown(unknown(S, LETTER[col.key]!, row), r.cells[col.key]);
      }
    }
    shown(unknown(S, 'D', 'all'), s.summary.demand);
    shown(unknown(S, 'TC', 'all'), s.summary.toCommission);
    shown(unknown(S, 'UN', 'all'), s.summary.unmetNeed);
    for (const row of rows) {
      const [D, TC, UN, P] = ['D', 'TC', 'UN', 'P'].map((l) => declare(unknown(S, l, row)));
      for (const u of [D, TC, UN, P]) certain.push({ expr: { [u!]: 1 }, min: 0 });
      certain.push({ expr: { [TC!]: 1, [D!]: -1 }, max: 0 }, { expr: { [UN!]: 1, [TC!]: -1 }, max: 0 });
      if (!row.startsWith('need:') && !row.startsWith('year:')) {
        // Unmatched referrals: never below 0, and sensitive when 1 to 5.
        certain.push({ expr: { [D!]: 1, [P!]: -1 }, min: 0 });
        sensitive.push({ name: unknown(S, 'R', row), expr: { [D!]: 1, [P!]: -1 } });
      }
      if (row.startsWith('need:')) guesses.push([{ expr: { [D!]: 1, [unknown(S, 'D', 'all')]: -1 }, max: 0 }]);
    }
    for (const l of ['P', 'D', 'TC', 'UN']) {
      const expr: Expr = { [unknown(S, l, 'all')]: -1 };
      for (const a of ages) expr[unknown(S, l, a)] = 1;
      if (l === 'P' || l === 'D') certain.push({ expr, min: 0, max: 0 });
      else guesses.push([{ expr, min: 0, max: 0 }]);
      // Without the guess, the total is still at most the sum of the parts (max(0, .) is convex).
      if (l === 'TC' || l === 'UN') certain.push({ expr, min: 0 });
    }
    // Percentages of children placed (all ages): numerator and complement from the rounding band.
    const Pall = unknown(S, 'P', 'all');
    for (const [key, letter] of [['pctOutsideLa', 'O'], ['pctOver20Miles', 'M']] as const) {
      const n = declare(unknown(S, letter, 'all'));
      certain.push({ expr: { [n]: 1 }, min: 0 }, { expr: { [Pall]: 1, [n]: -1 }, min: 0 });
      sensitive.push({ name: n, expr: { [n]: 1 } }, { name: `${n}:complement`, expr: { [Pall]: 1, [n]: -1 } });
      const c = s.summary[key];
      if (!c || c.symbol !== null || c.value === null) continue;
      const half = 0.5 * 10 ** -decimals(c.value);
      // (p - half) * d <= 100 n <= (p + half) * d
      certain.push({ expr: { [n]: 100, [Pall]: -(c.value - half) }, min: 0 }, { expr: { [n]: 100, [Pall]: -(c.value + half) }, max: 0 });
    }
  }
  for (const u of unknowns) if (!u.includes('|O|') && !u.includes('|M|')) sensitive.push({ name: u, expr: { [u]: 1 } });
  return { certain, guessed: guesses, sensitive, unknowns };
}

type Bound = { max: number | null; feasible: boolean };

function maximise(constraints: Constraint[], unknownNames: Set<string>, objective: Expr): Bound {
  const lpConstraints: Record<string, { min?: number; max?: number }> = {};
  const variables: Record<string, Record<string, number>> = {};
  for (const u of unknownNames) variables[u] = {};
  constraints.forEach((c, i) => {
    const name = `c${i}`;
    lpConstraints[name] = { ...(c.min !== undefined ? { min: c.min } : {}), ...(c.max !== undefined ? { max: c.max } : {}) };
    for (const [u, k] of Object.entries(c.expr)) (variables[u] ??= {})[name] = k;
  });
  for (const [u, k] of Object.entries(objective)) (variables[u] ??= {}).objective = k;
  const r = solver.Solve({ optimize: 'objective', opType: 'max', constraints: lpConstraints, variables } as never) as {
    feasible: boolean;
    bounded?: boolean;
    result: number;
  };
  if (!r.feasible) return { max: null, feasible: false };
  return { max: r.bounded === false ? Infinity : r.result, feasible: true };
}

export interface Pinned {
  name: string;
  truth: number;
  upper: number;
}

/** Constraints the attacker keeps: the certain ones, plus each guess the published figures allow. */
export function attackerConstraints(model: Model): Constraint[] {
  let kept = [...model.certain];
  if (!maximise(kept, model.unknowns, {}).feasible) throw new Error('the published figures contradict the certain constraints');
  for (const g of model.guessed) {
    const withGuess = [...kept, ...g];
    if (maximise(withGuess, model.unknowns, {}).feasible) kept = withGuess;
  }
  return kept;
}

/**
 * The sensitive quantities (true value 1 to 5) that the attacker can bound within [0, 5].
 * `truth` gives the true value of an unknown by name (null when the council gave no figure).
 */
export function attack(needs: NeedsLike, truth: (unknownName: string) => number | null): Pinned[] {
  // Settings share no published figure, so each is its own (smaller, quicker) programme.
  return needs.settings.flatMap((s) => attackOne({ ...needs, settings: [s] }, truth));
}

function attackOne(needs: NeedsLike, truth: (unknownName: string) => number | null): Pinned[] {
  const model = modelOf(needs);
  const constraints = attackerConstraints(model);
  const pinned: Pinned[] = [];
  const seen = new Set<string>();
  for (const q of model.sensitive) {
    if (seen.has(q.name)) continue;
    seen.add(q.name);
    let value = 0;
    let known = true;
    for (const [u, k] of Object.entries(q.expr)) {
      const t = truth(u);
      if (t === null) known = false;
      else value += k * t;
    }
    if (!known || value < 1 || value > 5) continue;
    const { max } = maximise(constraints, model.unknowns, q.expr);
    // A guess that is false can make the attacker's range miss the true value: misled, not informed.
    if (max !== null && max < 6 - 1e-6 && max >= value - 1e-6) pinned.push({ name: q.name, truth: value, upper: Math.round(max * 1000) / 1000 });
  }
  return pinned;
}
