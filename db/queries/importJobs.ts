import { jobView, type ImportJobRecord, type ImportJobView } from '../../lib/importJobs';
import type { Db } from '../client';

const COLUMNS = `id, kind, state, files, la_code AS laCode, source, actor, phase, bytes, total_bytes AS totalBytes, rows,
  import_id AS importId, outcome, error_count AS errorCount, message, created_at AS createdAt, started_at AS startedAt,
  finished_at AS finishedAt`;

export function getImportJob(db: Db, id: number): ImportJobView | null {
  const r = db.$client.prepare(`SELECT ${COLUMNS} FROM import_jobs WHERE id = ?`).get(id) as ImportJobRecord | undefined;
  return r ? jobView(r) : null;
}

/** The jobs still waiting or running, then the latest others, newest first. */
export function listImportJobs(db: Db, limit: number): ImportJobView[] {
  const rows = db.$client
    .prepare(`SELECT ${COLUMNS} FROM import_jobs ORDER BY (state IN ('queued', 'running')) DESC, id DESC LIMIT ?`)
    .all(limit) as ImportJobRecord[];
  return rows.map(jobView);
}
