import { describe, expect, it } from 'vitest';
import { verifyPassword } from 'better-auth/crypto';
import { listAudit } from '@/db/queries/audit';
import { listUsers } from '@/db/queries/users';
import { changeRole, createDemoUsers, createUser, DEMO_USERS, isDemoMode, UserError } from '@/db/users';
import { AuthConfigError, readAuthEnv } from '@/lib/authEnv';
import { isCrossSite } from '@/lib/csrf';
import { passwordProblem } from '@/lib/passwords';
import { can, PERMISSIONS } from '@/lib/roles';
import { freshDb } from '@/tests/helpers/db';

describe('roles', () => {
  it('lets a director read but change nothing, a commissioner import and publish, an admin manage users', () => {
    expect(can('director', 'view')).toBe(true);
    for (const p of ['import', 'rollback', 'publish', 'editPriorities', 'manageUsers'] as const) {
      expect(can('director', p)).toBe(false);
    }
    expect(can('commissioner', 'import')).toBe(true);
    expect(can('commissioner', 'publish')).toBe(true);
    expect(can('commissioner', 'manageUsers')).toBe(false);
    expect(can('admin', 'manageUsers')).toBe(true);
    expect(can('admin', 'import')).toBe(false);
    expect(can(null, 'view')).toBe(false);
    expect(can('superuser', 'view')).toBe(false);
    expect(Object.keys(PERMISSIONS)).toContain('view');
  });
});

describe('cross-site request check', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  it('refuses a POST from another origin or a null origin, allows the same origin and GETs', () => {
    expect(isCrossSite('POST', h({ origin: 'https://evil.example' }), 'app.example')).toBe(true);
    expect(isCrossSite('POST', h({ origin: 'null' }), 'app.example')).toBe(true);
    expect(isCrossSite('POST', h({ origin: 'https://app.example' }), 'app.example')).toBe(false);
    expect(isCrossSite('GET', h({ origin: 'https://evil.example' }), 'app.example')).toBe(false);
    expect(isCrossSite('POST', h({ 'sec-fetch-site': 'cross-site' }), 'app.example')).toBe(true);
    expect(isCrossSite('POST', h({}), 'app.example')).toBe(false);
  });
});

describe('sign-in configuration from the environment', () => {
  it('has no single sign-on by default', () => {
    expect(readAuthEnv({}).oidc).toBeNull();
  });
  it('configures OpenID Connect (e.g. Entra ID) when all three variables are set', () => {
    const env = readAuthEnv({
      OIDC_DISCOVERY_URL: 'https://login.microsoftonline.com/tenant-id/v2.0/.well-known/openid-configuration',
      OIDC_CLIENT_ID: 'client',
      OIDC_CLIENT_SECRET: 'secret',
      OIDC_LABEL: 'your council account',
    });
    expect(env.oidc).toEqual({
      discoveryUrl: 'https://login.microsoftonline.com/tenant-id/v2.0/.well-known/openid-configuration',
      clientId: 'client',
      clientSecret: 'secret',
      label: 'your council account',
    });
  });
  it('refuses a partial or unsafe configuration with a message naming what is wrong', () => {
    expect(() => readAuthEnv({ OIDC_CLIENT_ID: 'x' })).toThrow(/missing OIDC_DISCOVERY_URL, OIDC_CLIENT_SECRET/);
    expect(() =>
      readAuthEnv({ OIDC_DISCOVERY_URL: 'http://idp.example/.well-known/openid-configuration', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' }),
    ).toThrow(/https/);
    expect(() => readAuthEnv({ OIDC_DISCOVERY_URL: 'https://idp.example/', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' })).toThrow(
      /openid-configuration/,
    );
    expect(() => readAuthEnv({ BETTER_AUTH_SECRET: 'short' })).toThrow(AuthConfigError);
    expect(() => readAuthEnv({ BETTER_AUTH_URL: 'not a url' })).toThrow(/BETTER_AUTH_URL/);
  });
});

describe('users', () => {
  it('stores a hashed password, never the password, and audits the creation', async () => {
    const db = freshDb();
    await createUser(db, { email: 'Ann@Council.gov.uk', role: 'commissioner', password: 'correct horse battery' }, 'cli:root');
    const row = db.$client.prepare("SELECT password FROM account WHERE provider_id = 'credential'").get() as { password: string };
    expect(row.password).not.toContain('correct horse');
    expect(await verifyPassword({ hash: row.password, password: 'correct horse battery' })).toBe(true);
    expect(listUsers(db).map((u) => [u.email, u.role, u.demo])).toEqual([['ann@council.gov.uk', 'commissioner', false]]);
    const { rows } = listAudit(db, { action: 'user_created' });
    expect(rows[0]).toMatchObject({ actor: 'cli:root', target: 'ann@council.gov.uk' });
  });

  it('refuses a short password, an unknown role and a duplicate email', async () => {
    const db = freshDb();
    await expect(createUser(db, { email: 'a@b.uk', role: 'director', password: 'short' }, null)).rejects.toThrow(/at least 12/);
    await expect(createUser(db, { email: 'a@b.uk', role: 'owner' as never, password: 'long enough pass' }, null)).rejects.toThrow(UserError);
    await createUser(db, { email: 'a@b.uk', role: 'director', password: 'long enough pass' }, null);
    await expect(createUser(db, { email: 'A@B.uk', role: 'director', password: 'long enough pass' }, null)).rejects.toThrow(/already exists/);
    expect(listUsers(db)).toHaveLength(1);
  });

  it('refuses common, breached and patterned passwords of any length, with no composition rules (NCSC)', async () => {
    const db = freshDb();
    for (const weak of ['aaaaaaaaaaaa', 'password1234', 'Password123!', 'qwertyuiop123', '123456789012', 'abcdefghijkl', 'ann.smith@council.gov.uk']) {
      await expect(createUser(db, { email: 'ann.smith@council.gov.uk', name: 'Ann Smith', role: 'director', password: weak }, null), weak).rejects.toThrow(
        /password is too easy to guess/,
      );
    }
    expect(listUsers(db)).toHaveLength(0);
    // Lower case words, no digits or symbols: accepted.
    await createUser(db, { email: 'ann.smith@council.gov.uk', role: 'director', password: 'orbit tulip gravel lantern' }, null);
    expect(passwordProblem('orbit tulip gravel lantern')).toBeNull();
    expect(passwordProblem('short')).toMatch(/at least 12/);
  });

  it('ends the sessions of a user whose role changes', async () => {
    const db = freshDb();
    const admin = await createUser(db, { email: 'admin@x.uk', role: 'admin', password: 'long enough pass' }, null);
    const d = await createUser(db, { email: 'd@x.uk', role: 'director', password: 'long enough pass' }, null);
    const now = Date.now();
    const insert = db.$client.prepare(
      'INSERT INTO session (id, expires_at, token, created_at, updated_at, user_id) VALUES (?, ?, ?, ?, ?, ?)',
    );
    insert.run('s1', now + 3_600_000, 't1', now, now, d.id);
    insert.run('s2', now + 3_600_000, 't2', now, now, admin.id);
    changeRole(db, d.id, 'commissioner', admin);
    expect(db.$client.prepare('SELECT id FROM session ORDER BY id').all()).toEqual([{ id: 's2' }]);
  });

  it('changes a role with an audit entry, but never the actor’s own', async () => {
    const db = freshDb();
    const admin = await createUser(db, { email: 'admin@x.uk', role: 'admin', password: 'long enough pass' }, null);
    const d = await createUser(db, { email: 'd@x.uk', role: 'director', password: 'long enough pass' }, null);
    changeRole(db, d.id, 'commissioner', admin);
    expect(listUsers(db).find((u) => u.id === d.id)?.role).toBe('commissioner');
    expect(listAudit(db, { action: 'user_changed' }).rows[0]?.details).toEqual({ from: 'director', to: 'commissioner' });
    expect(() => changeRole(db, admin.id, 'director', admin)).toThrow(/own role/);
  });

  it('creates the demo users only when asked, marking the database as demo mode', async () => {
    const db = freshDb();
    expect(isDemoMode(db)).toBe(false);
    expect(listUsers(db)).toHaveLength(0);
    await createDemoUsers(db);
    expect(isDemoMode(db)).toBe(true);
    expect(listUsers(db).map((u) => u.email).sort()).toEqual(DEMO_USERS.map((u) => u.email).sort());
    expect(listUsers(db).every((u) => u.demo)).toBe(true);
  });
});
