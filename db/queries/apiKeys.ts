import type { Db } from '../client';

export interface ApiKeyListRow {
  id: number;
  name: string;
  prefix: string;
  role: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

/** Every key ever issued (revoked ones too, for the record), newest first; never their secrets. */
export function listApiKeys(db: Db): ApiKeyListRow[] {
  return db.$client
    .prepare(
      `SELECT id, name, prefix, role, created_by AS createdBy, created_at AS createdAt, last_used_at AS lastUsedAt,
         revoked_at AS revokedAt, revoked_by AS revokedBy
       FROM api_keys ORDER BY id DESC`,
    )
    .all() as ApiKeyListRow[];
}
