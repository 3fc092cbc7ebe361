import { formatBytes } from './format';

/** A one-line text progress bar for the command line: "[#####-----]  50%  12.0 MB  120,000 rows  checking". */
export function progressLine(p: { phase: string; bytes: number; totalBytes: number | null; rows: number }, width = 24): string {
  const fraction = p.totalBytes ? Math.min(1, p.bytes / p.totalBytes) : 0;
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const pct = `${Math.round(fraction * 100)}%`.padStart(4);
  return `${bar} ${pct}  ${formatBytes(p.bytes)}  ${p.rows.toLocaleString('en-GB')} rows  ${p.phase}`;
}
