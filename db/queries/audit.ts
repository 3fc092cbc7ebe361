import { toCsv } from '../../lib/csv/write';
import type { Db } from '../client';

export interface AuditFilter {
  /** Exact action, e.g. `rollback`. */
  action?: string;
  /** Part of the actor, any case. */
  actor?: string;
  /** First day, YYYY-MM-DD (UTC), inclusive. */
  from?: string;
  /** Last day, YYYY-MM-DD (UTC), inclusive. */
  to?: string;
  /** Rows per page: default 50, at most 10,000. */
  limit?: number;
  offset?: number;
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_MAX_LIMIT = 10_000;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC day as a Date, or null when the text is not a real YYYY-MM-DD date (then the bound is ignored). */
function parseDay(s: string | undefined): Date | null {
  if (!s || !DAY.test(s)) return null;
  const d = new Date(`${s}T00:00:00.000Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s ? null : d;
}

function parseDetails(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { text };
  }
}

/** The audit trail, newest first, filtered; `total` counts every match, not just this page. */
export function listAudit(db: Db, filter: AuditFilter = {}): { rows: AuditRow[]; total: number } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.action) {
    where.push('action = ?');
    args.push(filter.action);
  }
  const actor = filter.actor?.trim();
  if (actor) {
    // instr, not LIKE: % and _ in what was typed are matched as themselves.
    where.push('instr(lower(actor), lower(?)) > 0');
    args.push(actor);
  }
  const from = parseDay(filter.from);
  if (from) {
    where.push('at >= ?');
    args.push(from.toISOString());
  }
  const to = parseDay(filter.to);
  if (to) {
    // Inclusive: everything before the start of the next day.
    where.push('at < ?');
    args.push(new Date(to.getTime() + 86_400_000).toISOString());
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? AUDIT_PAGE_SIZE) || AUDIT_PAGE_SIZE, 1), AUDIT_MAX_LIMIT);
  const offset = Math.max(Math.trunc(filter.offset ?? 0) || 0, 0);
  const total = (db.$client.prepare(`SELECT count(*) AS n FROM audit_events ${clause}`).get(...args) as { n: number }).n;
  const raw = db.$client
    .prepare(
      `SELECT id, at, actor, action, target, details, ip FROM audit_events ${clause}
       ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
    )
    .all(...args, limit, offset) as (Omit<AuditRow, 'details'> & { details: string })[];
  return { rows: raw.map((r) => ({ ...r, details: parseDetails(r.details) })), total };
}

export const AUDIT_CSV_COLUMNS = ['id', 'at', 'actor', 'action', 'target', 'details', 'ip'] as const;

/** The audit rows as CSV; text a spreadsheet would run as a formula is neutralised. */
export function auditCsv(rows: readonly AuditRow[]): string {
  return toCsv(
    AUDIT_CSV_COLUMNS,
    rows.map((r) => [r.id, r.at, r.actor, r.action, r.target, JSON.stringify(r.details), r.ip]),
  );
}
