import { describe, expect, it } from 'vitest';
import { createAuth } from '@/db/auth';
import { listAudit } from '@/db/queries/audit';
import { hasTwoFactor, twoFactorRoles } from '@/db/queries/twoFactor';
import { setTwoFactorRoles } from '@/db/twoFactor';
import { createDemoUsers, createUser } from '@/db/users';
import { appBaseUrl } from '@/lib/authEnv';
import { freshDb } from '@/tests/helpers/db';
import { totpCode } from '@/tests/helpers/totp';

const EMAIL = 'amina.khan@example.gov.uk';
const PASSWORD = 'correct horse battery staple sky';

/** A cookie jar and JSON POSTs against better-auth's handler, as a browser would send them. */
function client(auth: ReturnType<typeof createAuth>) {
  const jar = new Map<string, string>();
  return async (path: string, body: unknown) => {
    const base = appBaseUrl();
    const res = await auth.handler(
      new Request(`${base}/api/auth${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: base,
          cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        },
        body: JSON.stringify(body),
      }),
    );
    for (const c of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = c.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (value === '' || attrs.some((a) => /max-age=0\b/i.test(a.trim()))) jar.delete(name);
      else jar.set(name, value);
    }
    return { status: res.status, json: (await res.json().catch(() => null)) as Record<string, unknown> | null };
  };
}

async function setUp() {
  const db = freshDb();
  await createUser(db, { email: EMAIL, name: 'Amina Khan', role: 'admin', password: PASSWORD }, null);
  const auth = createAuth(db);
  const post = client(auth);
  expect((await post('/sign-in/email', { email: EMAIL, password: PASSWORD })).status).toBe(200);
  const enabled = await post('/two-factor/enable', { password: PASSWORD });
  expect(enabled.status).toBe(200);
  const uri = String(enabled.json?.totpURI);
  const recovery = enabled.json?.backupCodes as string[];
  return { db, auth, uri, recovery };
}

describe('two-factor sign-in (TOTP and recovery codes)', () => {
  it('is on only once a first code confirms it, then asks for a code after the password', async () => {
    const { db, auth, uri, recovery } = await setUp();
    expect(uri).toMatch(/^otpauth:\/\/totp\/Sufficiency:amina\.khan%40example\.gov\.uk\?secret=[A-Z2-7]+/);
    expect(recovery).toHaveLength(10);
    const userId = (db.$client.prepare('SELECT id FROM user WHERE email = ?').get(EMAIL) as { id: string }).id;
    expect(hasTwoFactor(db, userId)).toBe(false);
    // Confirming with the first code, in the same session.
    const post = client(auth);
    await post('/sign-in/email', { email: EMAIL, password: PASSWORD });
    expect((await post('/two-factor/verify-totp', { code: '000000' === totpCode(uri) ? '111111' : '000000' })).status).toBe(401);
    expect((await post('/two-factor/verify-totp', { code: totpCode(uri) })).status).toBe(200);
    expect(hasTwoFactor(db, userId)).toBe(true);

    // Now a password alone gives no session, only the request for a code.
    const browser = client(auth);
    const first = await browser('/sign-in/email', { email: EMAIL, password: PASSWORD });
    expect(first.json).toMatchObject({ twoFactorRedirect: true, twoFactorMethods: ['totp'] });
    const wrong = await browser('/two-factor/verify-totp', { code: totpCode(uri, Date.now() + 5 * 60_000) });
    expect(wrong.status).toBe(401);
    expect(wrong.json?.code).toBe('INVALID_CODE');
    const right = await browser('/two-factor/verify-totp', { code: totpCode(uri) });
    expect(right.status).toBe(200);
    expect(right.json?.token).toEqual(expect.any(String));

    const audit = listAudit(db, { limit: 20 }).rows.filter((r) => (r.details as { method?: string } | null)?.method === 'totp');
    expect(audit.map((r) => [r.action, r.actor, r.target])).toEqual(
      expect.arrayContaining([
        ['sign_in_failed', null, EMAIL],
        ['sign_in', EMAIL, null],
      ]),
    );
  });

  it('takes a recovery code once only', async () => {
    const { auth, uri, recovery } = await setUp();
    const confirm = client(auth);
    await confirm('/sign-in/email', { email: EMAIL, password: PASSWORD });
    expect((await confirm('/two-factor/verify-totp', { code: totpCode(uri) })).status).toBe(200);

    const once = client(auth);
    await once('/sign-in/email', { email: EMAIL, password: PASSWORD });
    expect((await once('/two-factor/verify-backup-code', { code: recovery[0] })).status).toBe(200);
    const again = client(auth);
    await again('/sign-in/email', { email: EMAIL, password: PASSWORD });
    const reused = await again('/two-factor/verify-backup-code', { code: recovery[0] });
    expect(reused.status).toBe(401);
    expect(reused.json?.code).toBe('INVALID_BACKUP_CODE');
    expect((await again('/two-factor/verify-backup-code', { code: recovery[1] })).status).toBe(200);
  });

  it('slows wrong codes through the sign-in throttle', async () => {
    const { auth, uri } = await setUp();
    const confirm = client(auth);
    await confirm('/sign-in/email', { email: EMAIL, password: PASSWORD });
    await confirm('/two-factor/verify-totp', { code: totpCode(uri) });
    const owner = client(auth);
    await owner('/sign-in/email', { email: EMAIL, password: PASSWORD });
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) {
      // A new pending sign-in each time: the plugin ends a challenge after a few wrong codes.
      const attacker = client(auth);
      await attacker('/sign-in/email', { email: EMAIL, password: PASSWORD });
      const res = await attacker('/two-factor/verify-totp', { code: totpCode(uri, Date.now() + 10 * 60_000) });
      answers.push(`${res.status} ${String(res.json?.code)}`);
    }
    // Five free tries for the account, then waits that say when to try again.
    expect(answers.slice(0, 5)).toEqual(Array(5).fill('401 INVALID_CODE'));
    // The account's wait holds its password and its codes alike, and even the right code is not checked.
    const sixth = await client(auth)('/sign-in/email', { email: EMAIL, password: PASSWORD });
    expect(`${sixth.status} ${String(sixth.json?.code)}`).toBe('429 SIGN_IN_THROTTLED');
    const right = await owner('/two-factor/verify-totp', { code: totpCode(uri) });
    expect(`${right.status} ${String(right.json?.code)}`).toBe('429 SIGN_IN_THROTTLED');
  });

  it('requires it of admins by default, of nobody in demo mode, and of the roles an admin chooses', async () => {
    const db = freshDb();
    expect(twoFactorRoles(db)).toEqual(['admin']);
    setTwoFactorRoles(db, ['admin', 'commissioner']);
    expect(twoFactorRoles(db)).toEqual(['admin', 'commissioner']);
    const demo = freshDb();
    await createDemoUsers(demo);
    expect(twoFactorRoles(demo)).toEqual([]);
  });
});
