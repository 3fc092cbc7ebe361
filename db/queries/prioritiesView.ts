import { evaluatePriority, isoDay } from '../../lib/priorities';
import type { Db } from '../client';
import { listPriorities, type PriorityRecord } from '../priorities';
import { listFigureSeries } from './figures';

/** A council's priorities, each evaluated against every period stored, with its status on `today` (default: the real date). */
export function listEvaluatedPriorities(db: Db, laCode: string, opts: { publishedOnly?: boolean; today?: string } = {}) {
  const today = opts.today ?? isoDay(new Date());
  const priorities = listPriorities(db, laCode, opts);
  if (priorities.length === 0) return [];
  // Needs never add up to one another, so reading only the priorities' need is safe, and at
  // national scale it reads a seventh of the rows.
  const needs = [...new Set(priorities.map((p) => p.need))];
  const series = listFigureSeries(db, laCode, needs.length === 1 ? { need: needs[0] } : {});
  return priorities.map((priority: PriorityRecord) => ({ priority, evaluation: evaluatePriority(priority, series, today) }));
}
