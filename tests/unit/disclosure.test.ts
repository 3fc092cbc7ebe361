/**
 * Disclosure control against hand-worked tables: each expected table below is worked out step by
 * step in the comment beside it, not read from the code under test. The properties at the end
 * check the rules an attacker would test, on random tables with every total shown.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protectTable, suppressCount, suppressRate, SUPPRESS_MAX, SUPPRESS_MIN, type CountTable } from '@/lib/disclosure';
import type { Cell } from '@/lib/format';

/** Shorthand for a figure: a number, a symbol, or null for missing. */
type F = number | 'c' | 'x' | 'z' | null;

function cell(f: F): Cell {
  if (f === null) return { value: null, symbol: null };
  return typeof f === 'number' ? { value: f, symbol: null } : { value: null, symbol: f };
}
const cells = (fs: F[]): Cell[] => fs.map(cell);
const grid = (fs: F[][]): Cell[][] => fs.map(cells);

const isC = (c: Cell | undefined): boolean => c?.symbol === 'c';
const shown = (c: Cell): boolean => c.symbol === null && c.value !== null;
const small = (v: number | null): boolean => v !== null && v >= SUPPRESS_MIN && v <= SUPPRESS_MAX;

describe('primary suppression of a count', () => {
  it('shows a true 0 as 0', () => {
    expect(suppressCount(cell(0))).toEqual(cell(0));
  });

  it('suppresses every count from 1 to 5 as c, never as 0', () => {
    for (const v of [1, 2, 3, 4, 5]) expect(suppressCount(cell(v))).toEqual({ value: null, symbol: 'c' });
  });

  it('shows 6 and above as they are', () => {
    expect(suppressCount(cell(6))).toEqual(cell(6));
    expect(suppressCount(cell(120))).toEqual(cell(120));
  });

  it('keeps a missing figure missing, not 0', () => {
    expect(suppressCount(cell(null))).toEqual({ value: null, symbol: null });
  });

  it('keeps x, z and an existing c as they are', () => {
    expect(suppressCount(cell('x'))).toEqual(cell('x'));
    expect(suppressCount(cell('z'))).toEqual(cell('z'));
    expect(suppressCount(cell('c'))).toEqual(cell('c'));
  });

  it('drops any number that travels with a symbol', () => {
    expect(suppressCount({ value: 3, symbol: 'x' })).toEqual(cell('x'));
  });
});

describe('rates built on counts', () => {
  it('suppresses a rate whose numerator is 1 to 5', () => {
    // 4 of 50 = 8%: the 8 and the 50 would give the 4 back.
    expect(suppressRate(cell(8), cell(4), cell(50))).toEqual(cell('c'));
  });

  it('suppresses a rate whose count was suppressed earlier, by a table or at source', () => {
    expect(suppressRate(cell(25), cell('c'), cell(40))).toEqual(cell('c'));
  });

  it('keeps a rate whose counts are all shown, however small the rate', () => {
    expect(suppressRate(cell(3), cell(9), cell(300))).toEqual(cell(3));
    expect(suppressRate(cell(0), cell(0), cell(40))).toEqual(cell(0));
  });

  it('keeps a missing or x rate as it is when no count is suppressed', () => {
    expect(suppressRate(cell(null), cell(12))).toEqual(cell(null));
    expect(suppressRate(cell('x'), cell(12))).toEqual(cell('x'));
  });
});

describe('secondary suppression in a table', () => {
  it('hides the smallest other part of a row with one suppressed cell and keeps its total', () => {
    // Row 3 + 10 + 20 = 33: 3 is c, so 33 - 10 - 20 would give it back; hide the 10 as well.
    const t = protectTable({ rows: grid([[3, 10, 20]]), rowTotals: cells([33]) });
    expect(t.rows).toEqual(grid([['c', 'c', 20]]));
    expect(t.rowTotals).toEqual(cells([33]));
    expect(t.secondary).toEqual([[0, 1]]);
  });

  it('does the same down a column', () => {
    // Column 2 + 7 + 9 = 18: 2 is c; the smallest other part is 7.
    const t = protectTable({ rows: grid([[2], [7], [9]]), colTotals: cells([18]) });
    expect(t.rows).toEqual(grid([['c'], ['c'], [9]]));
    expect(t.colTotals).toEqual(cells([18]));
    expect(t.secondary).toEqual([[1, 0]]);
  });

  it('breaks a tie by taking the first part', () => {
    // 4 + 8 + 8 + 30 = 50: the two 8s tie; the first (column 1) goes.
    const t = protectTable({ rows: grid([[4, 8, 8, 30]]), rowTotals: cells([50]) });
    expect(t.rows).toEqual(grid([['c', 'c', 8, 30]]));
    expect(t.secondary).toEqual([[0, 1]]);
  });

  it('follows a suppression into the other dimension until every line is safe', () => {
    //          cols   0   1   2 | total
    //   row 0:        3   8  12 |  23
    //   row 1:        9   6  15 |  30
    //   total:       12  14  27 |  53
    // 3 is c. Row 0 has one c: hide 8 (smaller than 12).
    // Column 0 (c, 9 | 12) has one c: hide 9. Column 1 (c, 6 | 14) has one c: hide 6.
    // Row 1 now has two (c, c, 15 | 30): safe. Every total is above 5 and stays.
    const t = protectTable({
      rows: grid([
        [3, 8, 12],
        [9, 6, 15],
      ]),
      rowTotals: cells([23, 30]),
      colTotals: cells([12, 14, 27]),
      grandTotal: cell(53),
    });
    expect(t.rows).toEqual(
      grid([
        ['c', 'c', 12],
        ['c', 'c', 15],
      ]),
    );
    expect(t.rowTotals).toEqual(cells([23, 30]));
    expect(t.colTotals).toEqual(cells([12, 14, 27]));
    expect(t.grandTotal).toEqual(cell(53));
    expect(t.secondary).toEqual([
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
  });

  it('hides the total of a line whose only other parts are true zeros, and keeps the zeros', () => {
    //          cols   0   1 | total
    //   row 0:        2   9 |  11
    //   row 1:        0   6 |   6
    //   total:        2  15
    // 2 is c, and so is column 0's total 2 (primary). Row 0 (c, 9 | 11): hide 9.
    // Column 0 (c, 0 | c) has two: safe. Column 1 (c, 6 | 15): hide 6.
    // Row 1 is now (0, c | 6): a 0 hides nothing, so its total 6 goes.
    const t = protectTable({
      rows: grid([
        [2, 9],
        [0, 6],
      ]),
      rowTotals: cells([11, 6]),
      colTotals: cells([2, 15]),
    });
    expect(t.rows).toEqual(
      grid([
        ['c', 'c'],
        [0, 'c'],
      ]),
    );
    expect(t.rowTotals).toEqual(cells([11, 'c']));
    expect(t.colTotals).toEqual(cells(['c', 15]));
    expect(t.secondary).toEqual([[0, 1], [1, 1], ['rowTotal', 1]]);
  });

  it('protects a row total through the grand total line as well', () => {
    //   rows 3, 10, 20 (one column), row totals 3, 10, 20, grand total 33.
    // 3 and its row total are c. The row totals (c, 10, 20 | 33) have one c: hide the row total 10.
    // Row 1 is now (10 | c): the hidden total is just its one shown part, so hide the 10 too.
    const t = protectTable({ rows: grid([[3], [10], [20]]), rowTotals: cells([3, 10, 20]), grandTotal: cell(33) });
    expect(t.rows).toEqual(grid([['c'], ['c'], [20]]));
    expect(t.rowTotals).toEqual(cells(['c', 'c', 20]));
    expect(t.grandTotal).toEqual(cell(33));
    expect(t.secondary).toEqual([['rowTotal', 1], [1, 0]]);
  });

  it('covers a 1 that several totals together would give away, though every line has two c', () => {
    //          cols   0   1   2   3 | total
    //   row 0:        1   6   0   3 |  10
    //   row 1:        6   7   7   0 |  20
    //   row 2:        3  15   5   7 |  30
    //   row 3:       16  14  21   5 |  56
    //   total:       26  42  33  15 | 116
    // Primary: 1, 3 (row 0), 3 and 5 (row 2), 5 (row 3).
    // Line rule, pass 1: row 3 (16, 14, 21, c) hides 14; column 1 (6, 7, 15, c) hides 6;
    //   column 2 (0, 7, c, 21) hides 7. Pass 2: row 1 (6, 7, c, 0) hides 6. Pass 3: stable.
    // Now every line has 0 or 2+ c, yet the 1 can be worked out:
    //   column 0: 1 + r1 + r2 = 26 - 16 = 10, and rows 1 and 2 less column 2 give
    //   r1 + r2 = (20 - 7 - 0) + (30 - 15 - 7) - (33 - 0 - 21) = 13 + 8 - 12 = 9, so the c is 1.
    // The smallest shown figure whose suppression stops that is the 7 in row 1, column 1: it ties
    // rows 0 and 1 together through column 1 (the 7 in row 2, column 3 does not, being on no line
    // with the others). Rows 1 and column 1 then have three c each: nothing more to do.
    const t = protectTable({
      rows: grid([
        [1, 6, 0, 3],
        [6, 7, 7, 0],
        [3, 15, 5, 7],
        [16, 14, 21, 5],
      ]),
      rowTotals: cells([10, 20, 30, 56]),
      colTotals: cells([26, 42, 33, 15]),
      grandTotal: cell(116),
    });
    expect(t.rows).toEqual(
      grid([
        ['c', 'c', 0, 'c'],
        ['c', 'c', 'c', 0],
        ['c', 15, 'c', 7],
        [16, 'c', 21, 'c'],
      ]),
    );
    expect(t.rowTotals).toEqual(cells([10, 20, 30, 56]));
    expect(t.colTotals).toEqual(cells([26, 42, 33, 15]));
    expect(t.grandTotal).toEqual(cell(116));
    expect(t.secondary).toEqual([
      [3, 1],
      [0, 1],
      [1, 2],
      [1, 0],
      [1, 1],
    ]);
  });

  it('treats a grand total with no row or column totals as the total of every cell', () => {
    // 3 + 10 + 20 + 7 = 40: 3 is c; the smallest other cell is 7.
    const t = protectTable({
      rows: grid([
        [3, 10],
        [20, 7],
      ]),
      grandTotal: cell(40),
    });
    expect(t.rows).toEqual(
      grid([
        ['c', 10],
        [20, 'c'],
      ]),
    );
    expect(t.secondary).toEqual([[1, 1]]);
  });

  it('adds nothing where no total is published', () => {
    const none = protectTable({ rows: grid([[3, 10, 20]]) });
    expect(none.rows).toEqual(grid([['c', 10, 20]]));
    expect(none.secondary).toEqual([]);
    const notAvailable = protectTable({ rows: grid([[3, 10, 20]]), rowTotals: cells(['x']) });
    expect(notAvailable.rows).toEqual(grid([['c', 10, 20]]));
    expect(notAvailable.rowTotals).toEqual(cells(['x']));
    expect(notAvailable.secondary).toEqual([]);
  });

  it('leaves the table it was given unchanged', () => {
    const input: CountTable = { rows: grid([[3, 10, 20]]), rowTotals: cells([33]) };
    const copy = structuredClone(input);
    protectTable(input);
    expect(input).toEqual(copy);
  });

  it('rejects totals that do not match the shape of the table', () => {
    expect(() => protectTable({ rows: grid([[1, 2], [3]]) })).toThrow(RangeError);
    expect(() => protectTable({ rows: grid([[1, 2]]), rowTotals: cells([3, 3]) })).toThrow(RangeError);
    expect(() => protectTable({ rows: grid([[1, 2]]), colTotals: cells([3]) })).toThrow(RangeError);
  });
});

describe('properties of a protected table with every total shown', () => {
  // Small numbers (and 0) often, so most tables have something to suppress.
  const count = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 7 }), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 40 }), weight: 2 });
  const matrix = fc
    .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }))
    .chain(([r, c]) => fc.array(fc.array(count, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }));

  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  function withTotals(m: number[][]) {
    const rowSums = m.map(sum);
    const colSums = m[0]!.map((_, j) => sum(m.map((row) => row[j]!)));
    const table: CountTable = {
      rows: m.map((row) => row.map((v) => cell(v))),
      rowTotals: rowSums.map((v) => cell(v)),
      colTotals: colSums.map((v) => cell(v)),
      grandTotal: cell(sum(rowSums)),
    };
    return { table, rowSums, colSums, grand: sum(rowSums) };
  }
  const column = (rows: Cell[][], j: number) => rows.map((row) => row[j]!);
  const hiddenCount = (cs: Cell[]) => cs.filter(isC).length;
  const runs = { numRuns: 500 };

  it('shows no figure from 1 to 5, and every shown figure is the original', () => {
    fc.assert(
      fc.property(matrix, (m) => {
        const { table, rowSums, colSums, grand } = withTotals(m);
        const t = protectTable(table);
        const pairs: Array<[Cell, number]> = [
          ...t.rows.flatMap((row, i) => row.map((c, j): [Cell, number] => [c, m[i]![j]!])),
          ...t.rowTotals!.map((c, i): [Cell, number] => [c, rowSums[i]!]),
          ...t.colTotals!.map((c, j): [Cell, number] => [c, colSums[j]!]),
          [t.grandTotal!, grand],
        ];
        for (const [c, original] of pairs) {
          // Every figure is either shown or c: nothing turns into missing, and no 0 stands for a
          // suppressed number.
          expect(shown(c) || isC(c)).toBe(true);
          if (shown(c)) {
            expect(small(c.value)).toBe(false);
            expect(c.value).toBe(original);
          }
        }
      }),
      runs,
    );
  });

  it('suppresses every original count from 1 to 5', () => {
    fc.assert(
      fc.property(matrix, (m) => {
        const { table, rowSums, colSums, grand } = withTotals(m);
        const t = protectTable(table);
        m.forEach((row, i) => row.forEach((v, j) => small(v) && expect(isC(t.rows[i]![j])).toBe(true)));
        rowSums.forEach((v, i) => small(v) && expect(isC(t.rowTotals![i])).toBe(true));
        colSums.forEach((v, j) => small(v) && expect(isC(t.colTotals![j])).toBe(true));
        if (small(grand)) expect(isC(t.grandTotal)).toBe(true);
      }),
      runs,
    );
  });

  it('never leaves exactly one suppressed part in a row or column whose total is shown', () => {
    fc.assert(
      fc.property(matrix, (m) => {
        const t = protectTable(withTotals(m).table);
        t.rows.forEach((row, i) => {
          if (shown(t.rowTotals![i]!)) expect(hiddenCount(row)).not.toBe(1);
        });
        t.colTotals!.forEach((total, j) => {
          if (shown(total)) expect(hiddenCount(column(t.rows, j))).not.toBe(1);
        });
      }),
      runs,
    );
  });

  it('never leaves exactly one suppressed row total, or column total, under a shown grand total', () => {
    fc.assert(
      fc.property(matrix, (m) => {
        const t = protectTable(withTotals(m).table);
        if (shown(t.grandTotal!)) {
          expect(hiddenCount(t.rowTotals!)).not.toBe(1);
          expect(hiddenCount(t.colTotals!)).not.toBe(1);
        }
      }),
      runs,
    );
  });

  it('never leaves a suppressed total that is just the sum of shown parts', () => {
    fc.assert(
      fc.property(matrix, (m) => {
        const t = protectTable(withTotals(m).table);
        t.rowTotals!.forEach((total, i) => isC(total) && expect(hiddenCount(t.rows[i]!)).toBeGreaterThan(0));
        t.colTotals!.forEach((total, j) => isC(total) && expect(hiddenCount(column(t.rows, j))).toBeGreaterThan(0));
        if (isC(t.grandTotal)) {
          expect(hiddenCount(t.rowTotals!)).toBeGreaterThan(0);
          expect(hiddenCount(t.colTotals!)).toBeGreaterThan(0);
        }
      }),
      runs,
    );
  });

  it('leaves no hidden figure that the totals, taken together, give back', () => {
    // An independent check: draw the table with its totals as a graph, one node per row (the
    // column totals being one more row) and per column (the row totals one more column), and one
    // edge per c. The linear sums pin a c down exactly when its edge is on no cycle (a bridge).
    fc.assert(
      fc.property(matrix, (m) => {
        const t = protectTable(withTotals(m).table);
        const nR = m.length + 1;
        const hiddenGrid = [...t.rows.map((row, i) => [...row, t.rowTotals![i]!]), [...t.colTotals!, t.grandTotal!]].map((row) => row.map(isC));
        const edges: Array<[number, number]> = [];
        hiddenGrid.forEach((row, i) => row.forEach((h, j) => h && edges.push([i, nR + j])));
        edges.forEach(([a, b], e) => {
          // Is there another way from a to b without this edge?
          const seen = new Set([a]);
          const todo = [a];
          while (todo.length > 0) {
            const x = todo.pop()!;
            edges.forEach(([p, q], f) => {
              if (f === e) return;
              const y = p === x ? q : q === x ? p : undefined;
              if (y !== undefined && !seen.has(y)) {
                seen.add(y);
                todo.push(y);
              }
            });
          }
          expect(seen.has(b)).toBe(true);
        });
      }),
      runs,
    );
  });

  it('lists as secondary exactly the suppressed figures that were not 1 to 5, none of them 0, and is stable', () => {
    fc.assert(
      fc.property(matrix, (m) => {
        const { table, rowSums, colSums, grand } = withTotals(m);
        const t = protectTable(table);
        const expected: string[] = [];
        m.forEach((row, i) => row.forEach((v, j) => isC(t.rows[i]![j]) && !small(v) && expected.push(`${i},${j}`)));
        rowSums.forEach((v, i) => isC(t.rowTotals![i]) && !small(v) && expected.push(`rowTotal,${i}`));
        colSums.forEach((v, j) => isC(t.colTotals![j]) && !small(v) && expected.push(`colTotal,${j}`));
        if (isC(t.grandTotal) && !small(grand)) expected.push('grandTotal');
        expect(t.secondary.map((ref) => ref.join(',')).sort()).toEqual(expected.sort());
        // A true 0 is never chosen as cover: it hides nothing.
        for (const ref of t.secondary) {
          const original = ref[0] === 'rowTotal' ? rowSums[ref[1]] : ref[0] === 'colTotal' ? colSums[ref[1]] : ref[0] === 'grandTotal' ? grand : m[ref[0]]![ref[1]];
          expect(original).toBeGreaterThan(0);
        }
        // Protecting a protected table changes nothing.
        const again = protectTable(t);
        expect(again.secondary).toEqual([]);
        expect(again.rows).toEqual(t.rows);
      }),
      runs,
    );
  });
});
