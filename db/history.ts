import type Database from 'better-sqlite3';
import { recordAudit } from './audit';

export interface RollbackInput {
  laCode: string;
  periodEnd: string;
  /** The version to make current again. */
  version: number;
  /** Who asked for it: a user's email or `cli:<os user>`. */
  actor: string | null;
  ip?: string | null;
}

export interface RollbackResult {
  /** The version that was current before (null only if none was). */
  from: number | null;
  to: number;
}

/** Why a rollback was refused; nothing was changed. */
export class RollbackError extends Error {
  constructor(
    message: string,
    readonly reason: 'not_found' | 'already_current',
  ) {
    super(message);
    this.name = 'RollbackError';
  }
}

/**
 * Makes an earlier (or later) version of a council and period's figures current again. Nothing
 * is deleted: the version that was current stays in the history and can be made current in turn.
 * The change and its audit event are written in one transaction, which takes the write lock up
 * front so a concurrent import waits rather than failing midway.
 */
export function rollbackToVersion(sqlite: Database.Database, input: RollbackInput): RollbackResult {
  const { laCode, periodEnd, version } = input;
  const run = sqlite.transaction((): RollbackResult => {
    const target = sqlite
      .prepare("SELECT id, is_current AS isCurrent FROM figure_sets WHERE la_code = ? AND period_end = ? AND version = ? AND source = 'template'")
      .get(laCode, periodEnd, version) as { id: number; isCurrent: number } | undefined;
    if (!target) {
      throw new RollbackError(`There is no version ${version} of the figures for ${laCode} ${periodEnd}`, 'not_found');
    }
    if (target.isCurrent === 1) {
      throw new RollbackError(`Version ${version} of the figures for ${laCode} ${periodEnd} is already current`, 'already_current');
    }
    const current = sqlite
      .prepare("SELECT id, version FROM figure_sets WHERE la_code = ? AND period_end = ? AND is_current = 1 AND source = 'template'")
      .get(laCode, periodEnd) as { id: number; version: number } | undefined;
    // Retire the current one first: the partial unique index allows one current set per council and period.
    if (current) sqlite.prepare('UPDATE figure_sets SET is_current = 0 WHERE id = ?').run(current.id);
    sqlite.prepare('UPDATE figure_sets SET is_current = 1 WHERE id = ?').run(target.id);
    const result = { from: current?.version ?? null, to: version };
    recordAudit(sqlite, {
      actor: input.actor,
      action: 'rollback',
      target: `${laCode} ${periodEnd}`,
      details: result,
      ip: input.ip ?? null,
    });
    return result;
  });
  return run.immediate();
}
