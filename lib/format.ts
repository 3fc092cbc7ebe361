import { SYMBOL_LABELS, type FigureSymbol } from './template/codes';

/** A number or a symbol: every figure the product shows passes through here. */
export interface Cell {
  value: number | null;
  symbol: FigureSymbol | null;
}

export type Unit = 'count' | 'gbp' | 'percent';

const COUNT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const GBP = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2 });
const GBP_WHOLE = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
const PERCENT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** Formats a cell for display: symbols stay symbols (never 0), a missing figure is an en dash. */
export function formatCell(cell: Cell | undefined, unit: Unit = 'count'): string {
  if (!cell) return '–';
  if (cell.symbol) return cell.symbol;
  if (cell.value === null) return '–';
  return formatNumber(cell.value, unit);
}

export function formatNumber(value: number, unit: Unit = 'count'): string {
  switch (unit) {
    case 'gbp':
      // Pence only where there are any: a figure rounded to whole pounds reads "£108,638", not "£108,638.00".
      return Number.isInteger(value) ? GBP_WHOLE.format(value) : GBP.format(value);
    case 'percent':
      return `${PERCENT.format(value)}%`;
    default:
      return COUNT.format(value);
  }
}

export function formatGbpWhole(value: number): string {
  return GBP_WHOLE.format(value);
}

/** Words for screen readers and footnotes: "c (suppressed)". */
export function describeCell(cell: Cell | undefined, unit: Unit = 'count'): string {
  if (cell?.symbol) return `${cell.symbol} (${SYMBOL_LABELS[cell.symbol]})`;
  return formatCell(cell, unit);
}

/** `2024-03-31` as "31 March 2024". */
export function formatDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/**
 * A moment as the pages write it, in the one date style (day, month in words, year) with the
 * time in London: "6 December 2026 at 05:14".
 */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(d);
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' }).format(d);
  return `${day} at ${time}`;
}

/** The year a period ending 31 March belongs to, as DfE labels it: "2023-24". */
export function formatPeriodShort(iso: string): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  if (!Number.isFinite(y)) return iso;
  const start = m <= 3 ? y - 1 : y;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
