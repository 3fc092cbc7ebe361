import type { Unit } from './format';

/**
 * Chart scales and words, framework-free (the chart components draw with them). Ticks step by
 * 1, 2 or 5 times a power of ten (never 55/110/165); bars start at zero.
 */

/** The smallest step of 1, 2 or 5 times a power of ten that is at least `rough`. */
export function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const m of [1, 2, 5, 10]) if (m * power >= rough * (1 - 1e-9)) return m * power;
  return 10 * power;
}

/**
 * Ticks from zero (or below, for negative values) to past the largest value, at most `maxTicks`
 * intervals, each step 1, 2 or 5 times a power of ten. Whole numbers only for counts.
 */
export function niceTicks(
  min: number,
  max: number,
  maxTicks = 5,
  wholeNumbers = true,
  /** Bars start at zero; a line may start nearer its lowest value, so that its changes show. */
  fromZero = true,
): { domain: [number, number]; ticks: number[] } {
  const lo = fromZero ? Math.min(0, Number.isFinite(min) ? min : 0) : Number.isFinite(min) ? min : 0;
  const hi = fromZero ? Math.max(0, Number.isFinite(max) ? max : 0) : Number.isFinite(max) ? max : 0;
  if (hi === lo) return hi === 0 ? { domain: [0, 1], ticks: [0, 1] } : niceTicks(Math.min(0, lo), Math.max(0, hi), maxTicks, wholeNumbers);
  let step = niceStep((hi - lo) / Math.max(1, maxTicks));
  if (wholeNumbers) step = Math.max(1, step);
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  // Rounded at each step so that 0.1 + 0.2 prints as 0.3.
  for (let v = start; v <= end + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return { domain: [start, end], ticks };
}

/** The value axis's title from the unit of what is plotted. */
export function valueAxisTitle(unit: Unit, what?: string): string {
  if (unit === 'gbp') return what ? `${what} (£)` : 'Pounds (£)';
  if (unit === 'percent') return what ? `${what} (%)` : 'Per cent (%)';
  return what ? `${what} (number)` : 'Number';
}

/** Category labels this long, or this many, read better down the side of a horizontal bar chart. */
export function wantsHorizontalBars(labels: readonly string[]): boolean {
  const longest = Math.max(0, ...labels.map((l) => l.length));
  return longest > 14 || labels.length * Math.max(longest, 4) > 60;
}

/** Whether a chart has anything to draw: at least one number that is not zero. */
export function hasSomethingToDraw(rows: ReadonlyArray<Record<string, string | number | null>>, keys: readonly string[]): boolean {
  return rows.some((r) => keys.some((k) => typeof r[k] === 'number' && Number.isFinite(r[k]) && r[k] !== 0));
}

type ChartRow = Readonly<Record<string, string | number | null>>;

/**
 * A chart's main point in one sentence, worked out from what it draws, for charts that are not
 * given their own: the largest bar, or where a line went from its first point to its last.
 */
export function chartHeadline(
  rows: readonly ChartRow[],
  series: ReadonlyArray<{ key: string; label: string }>,
  kind: 'bar' | 'stacked-bar' | 'line',
  format: (v: number) => string,
): string | null {
  const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (kind === 'line') {
    const s = series[0];
    if (!s) return null;
    const points = rows.filter((r) => num(r[s.key]));
    const first = points[0];
    const last = points[points.length - 1];
    if (!first || !last || first === last) return null;
    const a = first[s.key] as number;
    const b = last[s.key] as number;
    const verb = b > a ? 'rose' : b < a ? 'fell' : 'stayed';
    return verb === 'stayed'
      ? `${s.label}: ${format(a)} in ${first.label} and still ${format(b)} in ${last.label}.`
      : `${s.label} ${verb} from ${format(a)} in ${first.label} to ${format(b)} in ${last.label}.`;
  }
  let best: { row: ChartRow; s: { key: string; label: string }; v: number } | null = null;
  for (const row of rows) {
    if (kind === 'stacked-bar') {
      const total = series.reduce((t, s) => t + (num(row[s.key]) ? (row[s.key] as number) : 0), 0);
      if (!best || total > best.v) best = { row, s: { key: '', label: '' }, v: total };
    } else {
      for (const s of series) {
        const v = row[s.key];
        if (num(v) && (!best || v > best.v)) best = { row, s, v };
      }
    }
  }
  if (!best || best.v <= 0) return null;
  const what = series.length > 1 && kind === 'bar' ? `${best.row.label} (${best.s.label.toLowerCase()})` : String(best.row.label);
  return `${what} is the largest: ${format(best.v)}.`;
}
