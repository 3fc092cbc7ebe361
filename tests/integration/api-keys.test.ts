/**
 * API keys: the secret exists only in what issueApiKey returns; a key is found by its prefix and
 * checked against its hash; revoked, altered and malformed keys are refused; every use and every
 * refusal is in the audit trail. And writes made while serving never wait for a held write lock.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueApiKey, revokeApiKey, verifyApiKey } from '@/db/apiKeys';
import { openConnection, openDatabase } from '@/db/client';
import { whenFree } from '@/db/whenFree';
import { freshDb } from '@/tests/helpers/db';

const use = { method: 'POST', path: '/api/imports', ip: '127.0.0.1' };

function auditOf(db: ReturnType<typeof freshDb>, action: string) {
  return db.$client.prepare('SELECT actor, target, details FROM audit_events WHERE action = ? ORDER BY id').all(action) as { actor: string | null; target: string; details: string }[];
}

describe('API keys', () => {
  it('are stored only as a hash, work until revoked, and every use and refusal is audited', () => {
    const db = freshDb();
    const { key, row } = issueApiKey(db.$client, { name: 'Warehouse', role: 'commissioner', createdBy: 'admin@example.org' });
    const stored = db.$client.prepare('SELECT * FROM api_keys').get() as Record<string, unknown>;
    expect(JSON.stringify(stored)).not.toContain(key.split('_')[2]);
    expect(key.startsWith(`suf_${row.prefix}_`)).toBe(true);

    expect(verifyApiKey(db.$client, key, use)).toEqual({ id: row.id, name: 'Warehouse', prefix: row.prefix, role: 'commissioner' });
    expect(auditOf(db, 'api_key_used')).toEqual([{ actor: `apikey:Warehouse (${row.prefix})`, target: 'POST /api/imports', details: '{}' }]);
    expect((db.$client.prepare('SELECT last_used_at AS t FROM api_keys').get() as { t: string | null }).t).not.toBeNull();

    const altered = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
    expect(verifyApiKey(db.$client, altered, use)).toBeNull();
    expect(verifyApiKey(db.$client, 'suf_nothing', use)).toBeNull();
    expect(revokeApiKey(db.$client, row.id, 'admin@example.org')).toBe(true);
    expect(revokeApiKey(db.$client, row.id, 'admin@example.org')).toBe(false);
    expect(verifyApiKey(db.$client, key, use)).toBeNull();

    const refused = auditOf(db, 'api_key_refused').map((r) => JSON.parse(r.details).reason);
    expect(refused).toEqual(['unknown', 'unknown', 'revoked']);
    expect(auditOf(db, 'api_key_issued')).toHaveLength(1);
    expect(auditOf(db, 'api_key_revoked')).toHaveLength(1);
  });
});

describe('whenFree', () => {
  it('waits for a held write lock without blocking the event loop, then writes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'when-free-'));
    const file = path.join(dir, 'db.sqlite');
    const db = openDatabase(file);
    const holder = openConnection(file);
    const writer = openConnection(file);
    writer.pragma('busy_timeout = 0');
    try {
      holder.prepare('BEGIN IMMEDIATE').run();
      let ticks = 0;
      const timer = setInterval(() => (ticks += 1), 10);
      const write = whenFree((w) => w.prepare(`INSERT INTO app_settings (key, value) VALUES ('when-free', 'yes')`).run(), 60_000, writer);
      await new Promise((r) => setTimeout(r, 300));
      // Still waiting, and the event loop ran meanwhile.
      expect(db.$client.prepare(`SELECT count(*) AS n FROM app_settings WHERE key = 'when-free'`).get()).toEqual({ n: 0 });
      expect(ticks).toBeGreaterThan(5);
      holder.prepare('COMMIT').run();
      await write;
      clearInterval(timer);
      expect(db.$client.prepare(`SELECT value FROM app_settings WHERE key = 'when-free'`).get()).toEqual({ value: 'yes' });
    } finally {
      holder.close();
      writer.close();
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
