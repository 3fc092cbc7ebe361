import { diffFigures, type FigureDiff, type StoredFigure } from '../../lib/diff';
import { sortFigures } from '../../lib/template/export';
import type { Db } from '../client';

/** One version of the figures of a council and period, with the import that brought it. */
export interface VersionSummary {
  setId: number;
  laCode: string;
  periodEnd: string;
  version: number;
  isCurrent: boolean;
  /** Figures stored in this version (as supplied, without derived totals). */
  rowCount: number;
  createdAt: string;
  /** The version that was current when this one was stored, if any. */
  replacesSetId: number | null;
  replacesVersion: number | null;
  importId: number;
  fileName: string;
  sha256: string;
  /** Rows of the whole file, which may have supplied other councils or periods too. */
  importRows: number;
  actor: string | null;
  source: string;
  importedAt: string;
}

/** Every version of a council and period, newest first. Empty when there is none. */
export function listVersions(db: Db, laCode: string, periodEnd: string): VersionSummary[] {
  const rows = db.$client
    .prepare(
      `SELECT s.id AS setId, s.la_code AS laCode, s.period_end AS periodEnd, s.version, s.is_current AS isCurrent,
         s.row_count AS rowCount, s.created_at AS createdAt, s.replaces_set_id AS replacesSetId,
         r.version AS replacesVersion, i.id AS importId, i.file_name AS fileName, i.sha256, i.rows AS importRows,
         i.actor, i.source, i.created_at AS importedAt
       FROM figure_sets s
       JOIN imports i ON i.id = s.import_id
       LEFT JOIN figure_sets r ON r.id = s.replaces_set_id
       WHERE s.la_code = ? AND s.period_end = ? AND s.source = 'template'
       ORDER BY s.version DESC`,
    )
    .all(laCode, periodEnd) as (Omit<VersionSummary, 'isCurrent'> & { isCurrent: number })[];
  return rows.map((r) => ({ ...r, isCurrent: r.isCurrent === 1 }));
}

export interface SetHistory {
  laCode: string;
  councilName: string;
  periodEnd: string;
  /** Null only if no version is current, which the import and rollback never leave. */
  currentVersion: number | null;
  latestVersion: number;
  versions: number;
  /** When the latest version was stored. */
  lastStoredAt: string;
}

/** The councils and periods with stored figures (one council's, when given), with how many versions each has. */
export function listSetsWithHistory(db: Db, laCode?: string): SetHistory[] {
  return db.$client
    .prepare(
      `SELECT s.la_code AS laCode, c.name AS councilName, s.period_end AS periodEnd,
         max(CASE WHEN s.is_current = 1 THEN s.version END) AS currentVersion,
         max(s.version) AS latestVersion, count(*) AS versions, max(s.created_at) AS lastStoredAt
       FROM figure_sets s JOIN councils c ON c.code = s.la_code
       WHERE s.source = 'template' ${laCode ? 'AND s.la_code = ?' : ''}
       GROUP BY s.la_code, s.period_end
       ORDER BY c.name, s.period_end DESC`,
    )
    .all(...(laCode ? [laCode] : [])) as SetHistory[];
}

export interface CouncilHistory {
  laCode: string;
  councilName: string;
  periods: number;
  versions: number;
  latestPeriod: string;
  lastStoredAt: string;
}

/**
 * The history index: one line a council (a regional or national database holds thousands of
 * council-period pairs, too many for one page), with its periods and versions.
 */
export function listCouncilHistory(db: Db): CouncilHistory[] {
  return db.$client
    .prepare(
      `SELECT s.la_code AS laCode, c.name AS councilName, count(DISTINCT s.period_end) AS periods, count(*) AS versions,
         max(s.period_end) AS latestPeriod, max(s.created_at) AS lastStoredAt
       FROM figure_sets s JOIN councils c ON c.code = s.la_code
       WHERE s.source = 'template'
       GROUP BY s.la_code
       ORDER BY c.name`,
    )
    .all() as CouncilHistory[];
}

/** The stored figures of one version (no derived totals), in code-list order. */
export function getSetFigures(db: Db, setId: number): StoredFigure[] {
  const rows = db.$client
    .prepare(
      `SELECT setting, provision, age_band AS ageBand, need, measure, value, symbol FROM figures WHERE set_id = ?`,
    )
    .all(setId) as StoredFigure[];
  return sortFigures(rows);
}

function setIdOf(db: Db, laCode: string, periodEnd: string, version: number): number | undefined {
  const r = db.$client
    .prepare("SELECT id FROM figure_sets WHERE la_code = ? AND period_end = ? AND version = ? AND source = 'template'")
    .get(laCode, periodEnd, version) as { id: number } | undefined;
  return r?.id;
}

/** What changed from one version to another (either way round); null if either does not exist. */
export function diffVersions(
  db: Db,
  laCode: string,
  periodEnd: string,
  fromVersion: number,
  toVersion: number,
): FigureDiff | null {
  const from = setIdOf(db, laCode, periodEnd, fromVersion);
  const to = setIdOf(db, laCode, periodEnd, toVersion);
  if (from === undefined || to === undefined) return null;
  return diffFigures(getSetFigures(db, from), getSetFigures(db, to));
}
