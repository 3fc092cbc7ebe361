import {
  AGE_BAND_PARTS,
  AVERAGE_MEASURES,
  COMMISSIONED_PARTS,
  FOSTERING_SETTINGS,
  PROVISIONS,
  RECRUITMENT_MEASURES,
  PROVISION_PARTS,
  SETTINGS,
  SETTING_PARTS,
  type AgeBand,
  type FigureSymbol,
  type Measure,
  type Need,
  type Provision,
  type Setting,
} from './template/codes';

/** One figure of one council and period, as stored or as derived from stored ones. */
export interface Figure {
  setting: Setting;
  provision: Provision;
  ageBand: AgeBand;
  need: Need;
  measure: Measure;
  value: number | null;
  symbol: FigureSymbol | null;
  /** True when the figure was not supplied but added up from the figures that were. */
  derived: boolean;
}

export type FigureKey = Pick<Figure, 'setting' | 'provision' | 'ageBand' | 'need' | 'measure'>;

export function figureKey(k: FigureKey): string {
  return `${k.measure}|${k.setting}|${k.provision}|${k.ageBand}|${k.need}`;
}

const AVERAGE = new Set<Measure>(AVERAGE_MEASURES);

type Cell = { value: number | null; symbol: FigureSymbol | null } | undefined;

/**
 * The effective figures of one council and period: every stored figure, plus every total that
 * was not supplied but can be derived. Supplied figures always win over derived ones.
 *
 * A total is the sum of its parts that were supplied (settings add up to `all`; in-house,
 * commissioned and parents to `all` provision; PR2-PR5 to `commissioned`; age bands to `all`
 * ages; needs overlap and never add up). A part that is a symbol makes the total `x` (not
 * available), unless every part is `z`. Average weekly cost is weighted by children_placed
 * and rounded to pence, so an exported total imports back as the same figure.
 */
export function withTotals(stored: readonly Omit<Figure, 'derived'>[]): Figure[] {
  const byKey = new Map<string, Omit<Figure, 'derived'>>();
  for (const f of stored) byKey.set(figureKey(f), f);
  const memo = new Map<string, Cell>();

  function resolve(k: FigureKey): Cell {
    const key = figureKey(k);
    if (memo.has(key)) return memo.get(key);
    const hit = byKey.get(key);
    let cell: Cell;
    if (hit) cell = { value: hit.value, symbol: hit.symbol };
    else {
      memo.set(key, undefined); // guards against cycles while resolving
      cell = derive(k);
    }
    memo.set(key, cell);
    return cell;
  }

  function decompositions(k: FigureKey): FigureKey[][] {
    const out: FigureKey[][] = [];
    if (k.setting === 'all') out.push(SETTING_PARTS.map((setting) => ({ ...k, setting })));
    if (k.provision === 'all') out.push(PROVISION_PARTS.map((provision) => ({ ...k, provision })));
    if (k.provision === 'commissioned') out.push(COMMISSIONED_PARTS.map((provision) => ({ ...k, provision })));
    if (k.ageBand === 'all') out.push(AGE_BAND_PARTS.map((ageBand) => ({ ...k, ageBand })));
    return out;
  }

  function derive(k: FigureKey): Cell {
    for (const parts of decompositions(k)) {
      const present = parts
        .map((p) => ({ key: p, cell: resolve(p) }))
        .filter((p): p is { key: FigureKey; cell: NonNullable<Cell> } => p.cell !== undefined);
      if (present.length === 0) continue;
      if (present.every((p) => p.cell.symbol === 'z')) return { value: null, symbol: 'z' };
      if (present.some((p) => p.cell.symbol !== null)) return { value: null, symbol: 'x' };
      if (!AVERAGE.has(k.measure)) {
        return { value: present.reduce((s, p) => s + (p.cell.value ?? 0), 0), symbol: null };
      }
      let weighted = 0;
      let weight = 0;
      for (const p of present) {
        const w = resolve({ ...p.key, measure: 'children_placed' });
        if (!w || w.value === null) return { value: null, symbol: 'x' };
        weighted += (p.cell.value ?? 0) * w.value;
        weight += w.value;
      }
      if (weight === 0) return { value: null, symbol: 'x' };
      return { value: Math.round((weighted / weight) * 100) / 100, symbol: null };
    }
    return undefined;
  }

  const slices = new Map<string, Pick<Figure, 'ageBand' | 'need' | 'measure'>>();
  const ageSlices = new Map<string, Pick<Figure, 'setting' | 'provision' | 'need' | 'measure'>>();
  for (const f of stored) {
    slices.set(`${f.ageBand}|${f.need}|${f.measure}`, { ageBand: f.ageBand, need: f.need, measure: f.measure });
    if (f.ageBand !== 'all') {
      ageSlices.set(`${f.setting}|${f.provision}|${f.need}|${f.measure}`, {
        setting: f.setting,
        provision: f.provision,
        need: f.need,
        measure: f.measure,
      });
    }
  }
  const result: Figure[] = stored.map((f) => ({ ...f, derived: false }));
  const emitted = new Set(byKey.keys());
  const recruitment = new Set<Measure>(RECRUITMENT_MEASURES);
  const fostering = new Set<Setting>(FOSTERING_SETTINGS);
  const emit = (k: FigureKey) => {
    // The template allows recruitment measures only on the fostering settings: no totals elsewhere.
    if (recruitment.has(k.measure) && !fostering.has(k.setting)) return;
    const key = figureKey(k);
    if (emitted.has(key)) return;
    const cell = resolve(k);
    if (!cell) return;
    emitted.add(key);
    result.push({ ...k, value: cell.value, symbol: cell.symbol, derived: true });
  };
  for (const s of slices.values()) {
    for (const setting of SETTINGS) for (const provision of PROVISIONS) emit({ ...s, setting, provision });
  }
  for (const s of ageSlices.values()) emit({ ...s, ageBand: 'all' });
  return result;
}

const indexes = new WeakMap<readonly Figure[], FigureIndex>();

/** Looks figures up by key; the pages read their cells through this. */
export class FigureIndex {
  /**
   * The index of a list of figures, built once per list: the lists a page reads are kept between
   * requests (db/cache.ts, frozen: only frozen lists are kept here), and building the map of 27,000 figures costs more than the
   * lookups a page makes in it.
   */
  static of(figures: readonly Figure[]): FigureIndex {
    if (!Object.isFrozen(figures)) return new FigureIndex(figures); // could still change: never kept
    let ix = indexes.get(figures);
    if (!ix) {
      ix = new FigureIndex(figures);
      indexes.set(figures, ix);
    }
    return ix;
  }

  private readonly map = new Map<string, Figure>();
  constructor(readonly figures: readonly Figure[]) {
    for (const f of figures) this.map.set(figureKey(f), f);
  }
  get(k: Partial<FigureKey> & Pick<FigureKey, 'measure'>): Figure | undefined {
    return this.map.get(
      figureKey({ setting: 'all', provision: 'all', ageBand: 'all', need: 'all', ...k }),
    );
  }
}

/** True when two sets of effective figures hold the same values at the same keys. */
export function sameFigures(a: readonly Figure[], b: readonly Figure[]): boolean {
  if (a.length !== b.length) return false;
  const m = new Map<string, Figure>();
  for (const f of a) m.set(figureKey(f), f);
  for (const f of b) {
    const o = m.get(figureKey(f));
    if (!o || o.value !== f.value || o.symbol !== f.symbol) return false;
  }
  return true;
}

/**
 * True when two councils-periods of supplied figures have the same effective figures (with their
 * totals), as `sameFigures(withTotals(a), withTotals(b))` but without working out the totals when
 * the supplied figures already decide: identical supplied figures are the same, and a key
 * supplied in both with different values differs (supplied figures always win over derived
 * ones). Only otherwise are the totals compared. Re-importing a national file that changes most
 * council-periods was minutes of totals before.
 */
export function sameEffectiveFigures(a: readonly Omit<Figure, 'derived'>[], b: readonly Omit<Figure, 'derived'>[]): boolean {
  const m = new Map<string, Omit<Figure, 'derived'>>();
  for (const f of a) m.set(figureKey(f), f);
  let common = 0;
  for (const f of b) {
    const o = m.get(figureKey(f));
    if (!o) continue;
    if (o.value !== f.value || o.symbol !== f.symbol) return false;
    common += 1;
  }
  if (common === a.length && common === b.length && m.size === a.length) return true;
  return sameFigures(withTotals(a), withTotals(b));
}
