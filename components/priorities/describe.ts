import { getMetric, type Segment } from '@/lib/catalogue';
import { formatCell, formatDate, type Cell } from '@/lib/format';
import { AGE_BAND_LABELS, NEED_LABELS, PROVISION_LABELS, SETTING_LABELS } from '@/lib/template/codes';

/** "Places available: Fostering (other foster carers), In-house (PR1)". */
export function describeMeasure(p: { metric: string } & Segment): string {
  const metric = getMetric(p.metric);
  const parts = [
    p.setting !== 'all' ? SETTING_LABELS[p.setting] : null,
    p.provision !== 'all' ? PROVISION_LABELS[p.provision] : null,
    p.ageBand !== 'all' ? `aged ${AGE_BAND_LABELS[p.ageBand]}` : null,
    p.need !== 'all' ? NEED_LABELS[p.need] : null,
  ].filter(Boolean);
  return `${metric?.label ?? p.metric}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

export function formatMetric(metricId: string, value: number | Cell | null): string {
  const unit = getMetric(metricId)?.unit ?? 'count';
  const cell: Cell = typeof value === 'number' ? { value, symbol: null } : (value ?? { value: null, symbol: null });
  return formatCell(cell, unit);
}

export { formatDate };
