/** What an import job shows to people and scripts: its state in words and its progress. */

export type ImportJobStateName = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

export interface ImportJobView {
  id: number;
  kind: 'file' | 'ssda903';
  state: ImportJobStateName;
  /** True while the job may still change (queued or running). */
  active: boolean;
  files: { name: string; bytes: number; sha256: string }[];
  laCode: string | null;
  source: string;
  actor: string | null;
  phase: string | null;
  bytes: number;
  totalBytes: number | null;
  rows: number;
  /** 0-100: how far the import has gone (reading the files is most of it). */
  percent: number;
  importId: number | null;
  outcome: string | null;
  errorCount: number | null;
  message: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Where to read the job (JSON) and, once imported, the import's report. */
  url: string;
  reportUrl: string | null;
}

export interface ImportJobRecord {
  id: number;
  kind: 'file' | 'ssda903';
  state: ImportJobStateName;
  files: string;
  laCode: string | null;
  source: string;
  actor: string | null;
  phase: string | null;
  bytes: number;
  totalBytes: number | null;
  rows: number;
  importId: number | null;
  outcome: string | null;
  errorCount: number | null;
  message: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const JOB_STATE_LABELS: Record<ImportJobStateName, string> = {
  queued: 'Waiting its turn',
  running: 'Importing',
  done: 'Finished',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

const PHASE_LABELS: Record<string, string> = {
  queued: 'Waiting for the import before it to finish',
  starting: 'Starting',
  reading: 'Reading and checking every row',
  checking: 'Checking every row',
  storing: 'Storing the figures',
  deriving: 'Working out the figures',
};

/** Reading the files is most of the work; storing is the last tenth. */
export function jobPercent(j: Pick<ImportJobRecord, 'state' | 'phase' | 'bytes' | 'totalBytes'>): number {
  if (j.state === 'done') return 100;
  if (j.state !== 'running') return 0;
  if (j.phase === 'storing' || j.phase === 'deriving') return 95;
  if (!j.totalBytes) return 0;
  return Math.min(90, Math.floor((j.bytes / j.totalBytes) * 90));
}

export function jobPhaseText(j: Pick<ImportJobRecord, 'state' | 'phase'>): string {
  if (j.state !== 'running' && j.state !== 'queued') return JOB_STATE_LABELS[j.state];
  return PHASE_LABELS[j.phase ?? ''] ?? JOB_STATE_LABELS[j.state];
}

export function jobView(r: ImportJobRecord): ImportJobView {
  const files = (JSON.parse(r.files) as { name: string; bytes: number; sha256: string }[]).map(({ name, bytes, sha256 }) => ({ name, bytes, sha256 }));
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    active: r.state === 'queued' || r.state === 'running',
    files,
    laCode: r.laCode,
    source: r.source,
    actor: r.actor,
    phase: r.phase,
    bytes: r.bytes,
    totalBytes: r.totalBytes,
    rows: r.rows,
    percent: jobPercent(r),
    importId: r.importId,
    outcome: r.outcome,
    errorCount: r.errorCount,
    message: r.message,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    url: `/api/imports/jobs/${r.id}`,
    reportUrl: r.importId ? `/dashboard/imports/${r.importId}` : null,
  };
}
