import type { Db } from '../client';

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
