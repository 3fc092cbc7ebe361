import type { FigureKey } from './figures';
import type { Cell, Unit } from './format';
import { toCsv } from './csv/write';

/** A table of figures as every chart, table and download of a page sees it. */
export interface DataTable {
  id: string;
  title: string;
  /** What the figure shows, in words: the chart's alternative text. */
  description: string;
  /** Heading of the first column. */
  rowHeader: string;
  columns: { key: string; label: string; unit: Unit }[];
  /** `chartLabel` is a short form for chart axes; the table always uses `label`. */
  rows: { key: string; label: string; chartLabel?: string; cells: Record<string, Cell>; total?: boolean }[];
  notes: string[];
  /** The stored or derived figures the table is built from, for the CSV download. */
  keys: FigureKey[];
}

/** The table as on screen, as CSV: the same labels and columns; numbers as numbers, symbols as their letters. */
export function tableCsv(table: DataTable): string {
  return toCsv(
    [table.rowHeader, ...table.columns.map((c) => c.label)],
    table.rows.map((r) => [r.label, ...table.columns.map((c) => r.cells[c.key]?.symbol ?? r.cells[c.key]?.value ?? null)]),
  );
}
