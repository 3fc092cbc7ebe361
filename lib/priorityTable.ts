import { getMetric } from './catalogue';
import { formatDate } from './format';
import { expectedOn, type PriorityEvaluation, type PriorityPlan } from './priorities';
import type { DataTable } from './tables';

const EMPTY = { value: null, symbol: null };

/** "Mar 2025": a short date for a chart's axis (the table keeps the full date). */
function shortDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/**
 * The dates a priority's chart runs over: every period loaded, then each 31 March after the
 * latest period up to the target date, then the target date itself, so the chart reaches the
 * target at an even yearly step however far ahead it is.
 */
export function priorityDates(periods: readonly string[], targetDate: string): string[] {
  const dates = new Set(periods);
  const last = [...periods].sort().at(-1);
  if (last) {
    for (let y = Number(last.slice(0, 4)) + 1; `${y}-03-31` < targetDate; y++) dates.add(`${y}-03-31`);
  }
  dates.add(targetDate);
  return [...dates].sort();
}

/**
 * A priority's history as a table: the figure each period against the straight line from the
 * baseline to the target, running on to the target date, where the target itself is given.
 */
export function priorityHistoryTable(p: PriorityPlan & { id: number; title: string; metric: string }, e: PriorityEvaluation): DataTable {
  const metric = getMetric(p.metric);
  const unit = metric?.unit ?? 'count';
  const figures = new Map(e.history.map((h) => [h.periodEnd, h.value]));
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    id: `priority-${p.id}-history`,
    title: `${p.title}: progress to the target`,
    description: `Line chart of ${metric?.label.toLowerCase() ?? p.metric} in each period loaded, against the straight line from the baseline to the target of ${round(p.targetValue)} by ${formatDate(p.targetDate)}, which is marked on its date.`,
    rowHeader: 'Date',
    columns: [
      { key: 'value', label: 'Figure', unit },
      { key: 'expected', label: 'Straight line to target', unit },
      { key: 'target', label: `Target (${formatDate(p.targetDate)})`, unit },
    ],
    rows: priorityDates([...figures.keys()], p.targetDate).map((date) => ({
      key: date,
      label: formatDate(date),
      chartLabel: shortDate(date),
      cells: {
        value: figures.get(date) ?? EMPTY,
        expected: { value: round(expectedOn(p, date)), symbol: null },
        target: date === p.targetDate ? { value: p.targetValue, symbol: null } : EMPTY,
      },
    })),
    notes: [
      'Before the baseline date the line shows the baseline; after the target date, the target.',
      'Dates after the latest period loaded have no figure yet: the line shows where the figure should be.',
    ],
    keys: [],
  };
}
