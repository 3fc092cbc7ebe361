import { evaluatePriority } from '../../lib/priorities';
import type { Db } from '../client';
import { listPriorities, type PriorityRecord } from '../priorities';
import { listFigureSeries } from './figures';

/** A council's priorities, each evaluated against every period stored. */
export function listEvaluatedPriorities(db: Db, laCode: string, opts: { publishedOnly?: boolean } = {}) {
  const priorities = listPriorities(db, laCode, opts);
  if (priorities.length === 0) return [];
  const series = listFigureSeries(db, laCode);
  return priorities.map((priority: PriorityRecord) => ({ priority, evaluation: evaluatePriority(priority, series) }));
}
