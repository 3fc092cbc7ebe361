import { getMetric } from './catalogue';
import { formatPeriodShort } from './format';
import type { PriorityEvaluation } from './priorities';
import type { DataTable } from './tables';

/** A priority's history as a table: the figure each period against the straight line to the target. */
export function priorityHistoryTable(p: { id: number; title: string; metric: string }, e: PriorityEvaluation): DataTable {
  const unit = getMetric(p.metric)?.unit ?? 'count';
  return {
    id: `priority-${p.id}-history`,
    title: `${p.title}: progress by year`,
    description: `Line chart of ${getMetric(p.metric)?.label.toLowerCase() ?? p.metric} in each period loaded, against the straight line from the baseline to the target.`,
    rowHeader: 'Year',
    columns: [
      { key: 'value', label: 'Figure', unit },
      { key: 'expected', label: 'Straight line to target', unit },
    ],
    rows: e.history.map((h) => ({
      key: h.periodEnd,
      label: formatPeriodShort(h.periodEnd),
      cells: { value: h.value, expected: { value: Math.round(h.expected * 10) / 10, symbol: null } },
    })),
    notes: ['Before the baseline date the line shows the baseline; after the target date, the target.'],
    keys: [],
  };
}
