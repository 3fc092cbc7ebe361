/**
 * Series styles: GOV.UK colours with at least 3:1 contrast on white, each paired with a fill
 * pattern (bars) or dash pattern (lines) so that colour is never the only signal.
 */
export const SERIES_STYLES = [
  { colour: '#1d70b8', pattern: 'solid', dash: undefined },
  { colour: '#d4351c', pattern: 'stripes', dash: '8 4' },
  { colour: '#00703c', pattern: 'dots', dash: '2 3' },
  { colour: '#4c2c92', pattern: 'cross', dash: '12 4 2 4' },
  { colour: '#f47738', pattern: 'back-stripes', dash: '4 4' },
  { colour: '#505a5f', pattern: 'grid', dash: '16 6' },
  { colour: '#912b88', pattern: 'vertical', dash: '1 5' },
  { colour: '#28a197', pattern: 'horizontal', dash: '10 2' },
] as const;

export function seriesStyle(i: number) {
  return SERIES_STYLES[i % SERIES_STYLES.length]!;
}
