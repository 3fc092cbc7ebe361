/**
 * Disclosure control for every figure a provider or the public can see (domain README,
 * "Disclosure control"). Framework-free: the pages, the public API and the CSV downloads all call
 * these functions, so a small number is hidden the same way wherever it appears.
 *
 * - Primary: a count of 1 to 5 becomes "c". A stored 0 stays 0 (a true zero reveals no child);
 *   a missing figure stays missing and "x"/"z" stay as they are.
 * - Rates: a rate built on a suppressed count is suppressed too, or the count could be worked back.
 * - Secondary: in a table with shown totals, no line (parts plus its total) may have exactly one
 *   suppressed entry, or that entry is its total minus the shown parts; and no suppressed entry may
 *   be worked out by combining several lines either.
 */
import type { Cell } from './format';

export const SUPPRESS_MIN = 1;
export const SUPPRESS_MAX = 5;

/** Where a secondary suppression was made: a part `[row, col]`, or one of the totals. */
export type SuppressedRef = [number, number] | ['rowTotal', number] | ['colTotal', number] | ['grandTotal'];

/** A parts matrix with the totals shown beside it; totals are taken as given, not recomputed. */
export interface CountTable {
  rows: Cell[][];
  rowTotals?: Cell[];
  colTotals?: Cell[];
  grandTotal?: Cell;
}

export type ProtectedTable = CountTable & { secondary: SuppressedRef[] };

/** A fresh object each time, so a caller editing one cell can never change another. */
function suppressed(): Cell {
  return { value: null, symbol: 'c' };
}

function isSuppressed(c: Cell): boolean {
  return c.symbol === 'c';
}

/** Primary suppression of one count. */
export function suppressCount(c: Cell): Cell {
  // A symbol never carries a number out with it, even if the source row had one.
  if (c.symbol !== null) return { value: null, symbol: c.symbol };
  if (c.value !== null && c.value >= SUPPRESS_MIN && c.value <= SUPPRESS_MAX) return suppressed();
  return { value: c.value, symbol: null };
}

/**
 * A rate or percentage is "c" when any count it is built from is suppressed. Pass the counts as
 * published (after `protectTable` where they sit in a table), so secondary suppressions count too.
 */
export function suppressRate(rate: Cell, ...fromCounts: Cell[]): Cell {
  if (fromCounts.some((count) => isSuppressed(suppressCount(count)))) return suppressed();
  return { value: rate.symbol === null ? rate.value : null, symbol: rate.symbol };
}

/** One published equation: the parts add up to the total. Indexes point into the flat entry list. */
interface Line {
  parts: number[];
  total: number;
}

/**
 * Primary suppression of every cell and total, then secondary suppression until stable.
 *
 * A line is a row, a column, or the grand total over the row totals (and over the column totals);
 * with a grand total but no row or column totals, the grand total's line is every cell. A line
 * counts only when its total is published: a number, or "c" (a hidden total is still an equation).
 * Whenever a line has exactly one "c" among its parts and total, the smallest part above 0 that is
 * still shown is suppressed (the first in row-major order on a tie); a true 0 is no cover, since it
 * hides nothing. With no such part the total is suppressed instead. Counting the total in the line
 * also catches a total suppressed to cover another line while its own parts are all shown: it
 * would just be their sum. Each step adds a "c", so the loop ends.
 *
 * The line rule alone can leave a figure that several lines pin down together (two blocks of "c"
 * joined by one cell: add two rows, take two columns, and that cell is left). So after it, every
 * hidden figure is checked against all the published lines at once, and where one can still be
 * worked out exactly, the smallest shown figure above 0 whose suppression stops that is suppressed
 * too; then the line rule runs again. Cover figures are held to this as well as the small ones:
 * a "c" that came in from elsewhere may be a small number, and it makes a second run a no-op.
 */
export function protectTable(t: CountTable): ProtectedTable {
  const nRows = t.rows.length;
  const nCols = t.rows[0]?.length ?? 0;
  if (t.rows.some((r) => r.length !== nCols)) throw new RangeError('protectTable: every row needs the same number of cells');
  if (t.rowTotals && t.rowTotals.length !== nRows) throw new RangeError('protectTable: one row total per row');
  if (t.colTotals && t.colTotals.length !== nCols) throw new RangeError('protectTable: one column total per column');

  // Every entry in one flat list (cells row-major, then row totals, column totals, grand total),
  // so a line is just a list of indexes and the fix-up loop needs no cases.
  const entries: Cell[] = [];
  const refs: SuppressedRef[] = [];
  const add = (c: Cell, ref: SuppressedRef): number => {
    entries.push(suppressCount(c));
    refs.push(ref);
    return entries.length - 1;
  };
  const cellIx = t.rows.map((r, i) => r.map((c, j) => add(c, [i, j])));
  const rowTotalIx = t.rowTotals?.map((c, i) => add(c, ['rowTotal', i]));
  const colTotalIx = t.colTotals?.map((c, j) => add(c, ['colTotal', j]));
  const grandIx = t.grandTotal ? add(t.grandTotal, ['grandTotal']) : undefined;

  const at = (k: number): Cell => entries[k]!;
  const published = (k: number): boolean => at(k).value !== null || isSuppressed(at(k));
  const lines: Line[] = [];
  const addLine = (parts: number[], total: number | undefined) => {
    if (total !== undefined && published(total)) lines.push({ parts, total });
  };
  cellIx.forEach((row, i) => addLine(row, rowTotalIx?.[i]));
  for (let j = 0; j < nCols; j++) addLine(cellIx.map((row) => row[j]!), colTotalIx?.[j]);
  if (rowTotalIx) addLine(rowTotalIx, grandIx);
  if (colTotalIx) addLine(colTotalIx, grandIx);
  if (!rowTotalIx && !colTotalIx) addLine(cellIx.flat(), grandIx);

  const secondary: SuppressedRef[] = [];
  const suppress = (k: number) => {
    entries[k] = suppressed();
    secondary.push(refs[k]!);
  };
  const hidden = (k: number): boolean => isSuppressed(at(k));
  for (;;) {
    applyLineRule(lines, entries, suppress);
    const exposed = [...workedOut(lines, hidden)].sort((a, b) => a - b);
    if (exposed.length === 0) break;
    // Shown figures above 0, smallest first (the first in row-major order on a tie).
    const candidates = entries
      .map((_, k) => k)
      .filter((k) => at(k).symbol === null && at(k).value !== null && at(k).value! > 0)
      .sort((a, b) => at(a).value! - at(b).value! || a - b);
    let fixed = false;
    for (const k of exposed) {
      const pick = candidates.find((s) => !workedOut(lines, (j) => j === s || hidden(j)).has(k));
      if (pick === undefined) continue;
      suppress(pick);
      fixed = true;
      break;
    }
    // Whatever is still exposed has no shown figure left that could cover it.
    if (!fixed) break;
  }

  const out: ProtectedTable = { rows: cellIx.map((row) => row.map(at)), secondary };
  if (rowTotalIx) out.rowTotals = rowTotalIx.map(at);
  if (colTotalIx) out.colTotals = colTotalIx.map(at);
  if (grandIx !== undefined) out.grandTotal = at(grandIx);
  return out;
}

/** The line rule: no line may have exactly one "c" among its parts and total. Runs until stable. */
function applyLineRule(lines: Line[], entries: Cell[], suppress: (k: number) => void): void {
  const at = (k: number): Cell => entries[k]!;
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const hidden = [...line.parts, line.total].filter((k) => isSuppressed(at(k))).length;
      if (hidden !== 1) continue;
      let pick: number | undefined;
      for (const k of line.parts) {
        const v = at(k).value;
        if (at(k).symbol === null && v !== null && v > 0 && (pick === undefined || v < at(pick).value!)) pick = k;
      }
      if (pick === undefined && !isSuppressed(at(line.total))) pick = line.total;
      // No shown part above 0 and the total already hidden: nothing left to hide on this line.
      if (pick === undefined) continue;
      suppress(pick);
      changed = true;
    }
  }
}

/**
 * The hidden entries that the published lines pin down exactly. Each line is an equation
 * (parts - total = 0) in the hidden entries, the shown ones being known. A hidden entry is pinned
 * down exactly when it alone makes up a row of the reduced row echelon form: some combination of
 * lines then reads "entry = known figures". Anything not "c" counts as known, missing and "x"
 * included: that can only over-protect. Tables are small (a few dozen entries), so plain
 * Gauss-Jordan elimination is quick, and in a two-way table with totals every coefficient stays
 * -1, 0 or 1, so floating point is exact here.
 */
function workedOut(lines: Line[], hidden: (k: number) => boolean): Set<number> {
  const unknowns = [...new Set(lines.flatMap((l) => [...l.parts, l.total]))].filter(hidden);
  const col = new Map(unknowns.map((k, i) => [k, i]));
  const m = lines.map((l) => {
    const row = new Array<number>(unknowns.length).fill(0);
    for (const p of l.parts) if (col.has(p)) row[col.get(p)!]! += 1;
    if (col.has(l.total)) row[col.get(l.total)!]! -= 1;
    return row;
  });
  const EPS = 1e-9;
  const pivots: Array<[number, number]> = [];
  let r = 0;
  for (let c = 0; c < unknowns.length && r < m.length; c++) {
    const p = m.findIndex((row, i) => i >= r && Math.abs(row[c]!) > EPS);
    if (p === -1) continue;
    [m[r], m[p]] = [m[p]!, m[r]!];
    const pivotRow = m[r]!.map((v) => v / m[r]![c]!);
    m[r] = pivotRow;
    m.forEach((row, i) => {
      const f = row[c]!;
      if (i !== r && Math.abs(f) > EPS) m[i] = row.map((v, j) => v - f * pivotRow[j]!);
    });
    pivots.push([r, c]);
    r++;
  }
  const out = new Set<number>();
  for (const [i, c] of pivots) if (m[i]!.every((v, j) => j === c || Math.abs(v) < EPS)) out.add(unknowns[c]!);
  return out;
}
