/**
 * API keys for scripts. A key is `suf_<prefix>_<secret>`: the prefix finds the row, the secret is
 * compared with its stored SHA-256 in constant time. The secret has 256 bits of randomness, so a
 * fast hash is enough (no password stretching needed). Keys are shown once, when issued.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ApiKeyRow } from './schema';
import type { Role } from '../lib/roles';
import { recordAudit } from './audit';
import { getDb } from './client';

export type { ApiKeyRow };

export interface ApiKeyUser {
  id: number;
  name: string;
  prefix: string;
  role: Role;
}

const KEY = /^suf_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** The actor name an API key's actions are recorded under. */
export function apiKeyActor(k: Pick<ApiKeyUser, 'name' | 'prefix'>): string {
  return `apikey:${k.name} (${k.prefix})`;
}

/** Issues a key; the returned `key` is the only time the secret exists outside the caller. */
export function issueApiKey(sqlite: Database.Database, k: { name: string; role: Role; createdBy: string }): { key: string; row: ApiKeyRow } {
  const prefix = randomBytes(6).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 8).padEnd(8, '0');
  const secret = randomBytes(32).toString('base64url');
  const row = sqlite
    .prepare(
      `INSERT INTO api_keys (name, prefix, secret_hash, role, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?)
       RETURNING id, name, prefix, secret_hash AS secretHash, role, created_by AS createdBy, created_at AS createdAt,
         last_used_at AS lastUsedAt, revoked_at AS revokedAt, revoked_by AS revokedBy`,
    )
    .get(k.name, prefix, hashSecret(secret).toString('hex'), k.role, k.createdBy, new Date().toISOString()) as ApiKeyRow;
  recordAudit(sqlite, { actor: k.createdBy, action: 'api_key_issued', target: apiKeyActor(row), details: { role: k.role } });
  return { key: `suf_${prefix}_${secret}`, row };
}

export function revokeApiKey(sqlite: Database.Database, id: number, by: string): boolean {
  const row = sqlite.prepare('SELECT name, prefix FROM api_keys WHERE id = ? AND revoked_at IS NULL').get(id) as { name: string; prefix: string } | undefined;
  if (!row) return false;
  sqlite.prepare('UPDATE api_keys SET revoked_at = ?, revoked_by = ? WHERE id = ?').run(new Date().toISOString(), by, id);
  recordAudit(sqlite, { actor: by, action: 'api_key_revoked', target: apiKeyActor(row) });
  return true;
}

/**
 * The key a request's `Authorization: Bearer` header carries, if it is valid and not revoked.
 * Every use, and every refused key, is written to the audit trail.
 */
export function verifyApiKey(
  sqlite: Database.Database,
  token: string,
  use: { method: string; path: string; ip: string | null },
  /** How the use is written down: at once by default; the server passes a writer that never blocks a request. */
  write: (w: (sqlite: Database.Database) => void) => void = (w) => w(sqlite),
): ApiKeyUser | null {
  const m = KEY.exec(token.trim());
  const row = m
    ? (sqlite
        .prepare('SELECT id, name, prefix, secret_hash AS secretHash, role, revoked_at AS revokedAt FROM api_keys WHERE prefix = ?')
        .get(m[1]) as { id: number; name: string; prefix: string; secretHash: string; role: Role; revokedAt: string | null } | undefined)
    : undefined;
  const ok = !!row && !row.revokedAt && timingSafeEqual(hashSecret(m![2]!), Buffer.from(row.secretHash, 'hex'));
  const at = new Date().toISOString();
  if (!ok || !row) {
    const target = row ? apiKeyActor(row) : (m?.[1] ?? 'not a key').slice(0, 40);
    const details = { method: use.method, path: use.path.slice(0, 200), reason: row?.revokedAt ? 'revoked' : 'unknown' };
    write((w) => recordAudit(w, { actor: null, action: 'api_key_refused', target, details, ip: use.ip }));
    return null;
  }
  const actor = apiKeyActor(row);
  write((w) => {
    w.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(at, row.id);
    recordAudit(w, { actor, action: 'api_key_used', target: `${use.method} ${use.path.slice(0, 200)}`, ip: use.ip });
  });
  return { id: row.id, name: row.name, prefix: row.prefix, role: row.role };
}

/** For the API keys page: issue and revoke on behalf of an administrator. */
export function issueAppApiKey(k: { name: string; role: Role; createdBy: string }): { key: string; row: ApiKeyRow } {
  return issueApiKey(getDb().$client, k);
}

export function revokeAppApiKey(id: number, by: string): boolean {
  return revokeApiKey(getDb().$client, id, by);
}
