import { figureKey, type Figure, type FigureKey } from './figures';
import { sortFigures } from './template/export';

/** A figure as stored: what a file supplied, without the derived totals. */
export type StoredFigure = Omit<Figure, 'derived'>;

/** A number or a symbol (c, x, z). */
export type FigureCell = Pick<Figure, 'value' | 'symbol'>;

export interface FigureChange {
  key: FigureKey;
  before: FigureCell;
  after: FigureCell;
}

export interface FigureDiff {
  /** In `after` but not in `before`. */
  added: StoredFigure[];
  /** In `before` but not in `after`. */
  removed: StoredFigure[];
  /** At the same key in both, with a different value or symbol. */
  changed: FigureChange[];
}

function keyOf(f: FigureKey): FigureKey {
  return { setting: f.setting, provision: f.provision, ageBand: f.ageBand, need: f.need, measure: f.measure };
}

function cellOf(f: FigureCell): FigureCell {
  return { value: f.value, symbol: f.symbol };
}

function sameCell(a: FigureCell, b: FigureCell): boolean {
  return a.value === b.value && a.symbol === b.symbol;
}

/**
 * What changed between two versions of the stored figures of one council and period,
 * matched by key. Compare stored rows, not derived totals: a total that moved because a part
 * did is not a change someone made. Each list is in the template's code-list order.
 */
export function diffFigures(before: readonly StoredFigure[], after: readonly StoredFigure[]): FigureDiff {
  const old = new Map<string, StoredFigure>();
  for (const f of before) old.set(figureKey(f), f);
  const seen = new Set<string>();
  const added: StoredFigure[] = [];
  const changed: (FigureKey & { change: FigureChange })[] = [];
  for (const f of after) {
    const k = figureKey(f);
    seen.add(k);
    const o = old.get(k);
    if (!o) added.push({ ...keyOf(f), ...cellOf(f) });
    else if (!sameCell(o, f)) {
      const key = keyOf(f);
      changed.push({ ...key, change: { key, before: cellOf(o), after: cellOf(f) } });
    }
  }
  const removed: StoredFigure[] = [];
  for (const [k, f] of old) if (!seen.has(k)) removed.push({ ...keyOf(f), ...cellOf(f) });
  return {
    added: sortFigures(added),
    removed: sortFigures(removed),
    changed: sortFigures(changed).map((c) => c.change),
  };
}
