import type Database from 'better-sqlite3';

import type { AuditAction } from '../lib/audit';

export { AUDIT_ACTIONS, type AuditAction } from '../lib/audit';

export interface AuditEventInput {
  actor: string | null;
  action: AuditAction;
  target?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

/** Appends to the audit trail (the table refuses updates and deletes). Runs inside the caller's transaction if any. */
export function recordAudit(sqlite: Database.Database, e: AuditEventInput): void {
  sqlite
    .prepare('INSERT INTO audit_events (at, actor, action, target, details, ip) VALUES (?, ?, ?, ?, ?, ?)')
    .run(new Date().toISOString(), e.actor, e.action, e.target ?? null, JSON.stringify(e.details ?? {}), e.ip ?? null);
}

/** The actor name for the command-line tools: they run with the rights of whoever runs them. */
export function cliActor(): string {
  const name = process.env.SUDO_USER || process.env.USER || process.env.LOGNAME || 'unknown';
  return `cli:${name}`;
}
