import type { ImportIssue } from '../../lib/issues';
import type { Db } from '../client';
import type { SuppliedSet } from '../imports/pipeline';
import type { ReturnOutcome } from '../imports/ssda903';
import type { DerivedChange } from '../imports/ssda903Derive';

/** What an SSDA903 import stored: its council, the returns, the derived figure sets and the changes of the combined view. */
export interface Ssda903Supplied {
  laCode: string;
  returns: ReturnOutcome[];
  sets: (SuppliedSet & { source: string })[];
  changes: DerivedChange[];
}

export interface ImportSummary {
  id: number;
  kind: string;
  fileName: string;
  sha256: string;
  bytes: number;
  rows: number;
  status: 'stored' | 'unchanged' | 'rejected';
  errorCount: number;
  errors: ImportIssue[];
  warnings: ImportIssue[];
  supplied: SuppliedSet[];
  /** Set for an SSDA903 import that was stored. */
  ssda903: Ssda903Supplied | null;
  source: string;
  actor: string | null;
  createdAt: string;
}

type Raw = Omit<ImportSummary, 'errors' | 'warnings' | 'supplied' | 'ssda903'> & { errors: string; warnings: string; supplied: string };

const COLUMNS = `id, kind, file_name AS fileName, sha256, bytes, rows, status, error_count AS errorCount, errors, warnings,
  supplied, source, actor, created_at AS createdAt`;

function parse(r: Raw): ImportSummary {
  const supplied = JSON.parse(r.supplied) as SuppliedSet[] | Ssda903Supplied;
  return {
    ...r,
    errors: JSON.parse(r.errors),
    warnings: JSON.parse(r.warnings),
    supplied: Array.isArray(supplied) ? supplied : [],
    ssda903: Array.isArray(supplied) ? null : supplied,
  };
}

export function listImports(db: Db, limit = 20): ImportSummary[] {
  return (db.$client.prepare(`SELECT ${COLUMNS} FROM imports ORDER BY id DESC LIMIT ?`).all(limit) as Raw[]).map(parse);
}

export function getImport(db: Db, id: number): ImportSummary | undefined {
  const r = db.$client.prepare(`SELECT ${COLUMNS} FROM imports WHERE id = ?`).get(id) as Raw | undefined;
  return r && parse(r);
}

/** True when nothing has ever been stored: the cue to load the demo data. */
export function isEmpty(db: Db): boolean {
  return !db.$client.prepare('SELECT 1 FROM figure_sets LIMIT 1').get();
}
