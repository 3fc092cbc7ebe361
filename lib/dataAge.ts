/** Figures older than this many months carry a warning (a year's return plus the months to publish it). */
export const STALE_AFTER_MONTHS = 15;

/** Whole months from `periodEnd` to `today` (both YYYY-MM-DD), and whether that is past the limit. */
export function dataAge(periodEnd: string, today: string): { months: number; stale: boolean } | null {
  const p = /^(\d{4})-(\d{2})-(\d{2})$/.exec(periodEnd);
  const t = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!p || !t) return null;
  let months = (Number(t[1]) - Number(p[1])) * 12 + (Number(t[2]) - Number(p[2]));
  if (Number(t[3]) < Number(p[3])) months -= 1;
  months = Math.max(0, months);
  return { months, stale: months > STALE_AFTER_MONTHS };
}

/** "2 years and 8 months", "5 months", "1 year". */
export function monthsInWords(months: number): string {
  const y = Math.floor(months / 12);
  const m = months % 12;
  const part = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (y === 0) return part(m, 'month');
  return m === 0 ? part(y, 'year') : `${part(y, 'year')} and ${part(m, 'month')}`;
}
