import type { Db } from '../client';

/** Failed sign-ins for an email in the last `minutes`, from the audit trail: the lockout counts these. */
export function recentFailedSignIns(db: Db, email: string, minutes: number): number {
  const since = new Date(Date.now() - minutes * 60_000).toISOString();
  const row = db.$client
    .prepare(
      `SELECT count(*) AS n FROM audit_events WHERE action = 'sign_in_failed' AND lower(target) = lower(?) AND at >= ?`,
    )
    .get(email, since) as { n: number };
  return row.n;
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  demo: boolean;
  createdAt: number;
}

export function listUsers(db: Db): UserRow[] {
  return (
    db.$client
      .prepare('SELECT id, email, name, role, demo, created_at AS createdAt FROM user ORDER BY email')
      .all() as (Omit<UserRow, 'demo'> & { demo: number })[]
  ).map((u) => ({ ...u, demo: u.demo === 1 }));
}
