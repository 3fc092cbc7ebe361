import { expect, test, type APIRequestContext, type Browser } from '@playwright/test';
import { DEMO, HEADER, signIn, storageFor } from './helpers';

const INTERNAL_PAGES = [
  '/dashboard',
  '/dashboard?la=E06000004&period=2024-03-31',
  '/dashboard/import',
  '/dashboard/import/format',
  '/dashboard/imports/1',
  '/dashboard/history',
  '/dashboard/audit',
  '/dashboard/users',
  '/dashboard/director',
  '/dashboard/gaps',
  '/dashboard/fostering',
  '/dashboard/priorities',
  '/dashboard/priorities/1',
  '/dashboard/priorities/1/edit',
  '/dashboard/priorities/new?la=E06000004',
  '/dashboard/publish',
];

test.describe('signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  for (const path of INTERNAL_PAGES) {
    test(`${path} sends a signed-out visitor to sign-in and back`, async ({ page, request }) => {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.status()).toBe(307);
      expect(res.headers().location).toContain(`/sign-in?next=${encodeURIComponent(path)}`);
      await page.goto(path);
      await expect(page).toHaveURL(/\/sign-in\?next=/);
      await expect(page.locator('h1')).toHaveText('Sign in');
    });
  }

  test('internal APIs and downloads answer 401 without a session', async ({ request }) => {
    expect((await request.get('/dashboard/download?la=E06000004&period=2024-03-31')).status()).toBe(401);
    expect((await request.get('/dashboard/audit/download')).status()).toBe(401);
    expect((await request.get('/dashboard/gaps/download?la=E06000004&period=2024-03-31')).status()).toBe(401);
    expect((await request.get('/dashboard/fostering/download?la=E06000004')).status()).toBe(401);
    expect((await request.get('/dashboard/priorities/1/download')).status()).toBe(401);
    const post = await request.post('/api/imports', { data: `${HEADER}\n`, headers: { 'x-file-name': 'x.csv' } });
    expect(post.status()).toBe(401);
  });

  test('the public side needs no sign-in and every response carries the security headers', async ({ request }) => {
    for (const path of ['/', '/needs', '/sign-in']) {
      const res = await request.get(path);
      expect(res.status()).toBe(200);
      const h = res.headers();
      expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(h['content-security-policy']).toContain("default-src 'self'");
      expect(h['x-content-type-options']).toBe('nosniff');
      expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
    }
  });

  test('a wrong password is refused; after 5 failures the form says when to try again, and admins see the account', async ({ page, browser }) => {
    const email = await createUserAsAdmin(browser, 'throttle-form');
    for (let i = 0; i < 5; i++) {
      await page.goto('/sign-in');
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password').fill('not-the-password-at-all');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page.locator('.govuk-error-summary')).toContainText('not right');
    }
    // Even the right password waits: the throttle refuses before checking it.
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill('a-strong-password-123');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.locator('.govuk-error-summary')).toContainText(/Too many failed attempts: wait, then try again in (30|[12]\d) seconds/);
    await expect(page).toHaveURL(/\/sign-in/);
    const admin = await browser.newContext({ storageState: storageFor('admin') });
    const adminPage = await admin.newPage();
    await adminPage.goto('/dashboard/users');
    await expect(adminPage.locator('#throttled')).toContainText(email);
    await admin.close();
  });

  test('30 guesses through the API with a new X-Forwarded-For each are throttled; the audit trail has the socket address', async ({ browser, request }) => {
    const email = await createUserAsAdmin(browser, 'throttle-api');
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await request.post('/api/auth/sign-in/email', {
        data: { email, password: `guess-number-${i}-wrong` },
        headers: { 'x-forwarded-for': `198.51.100.${i + 1}`, 'x-real-ip': `198.51.100.${i + 1}` },
      });
      statuses.push(res.status());
      if (res.status() === 429) {
        expect(Number(res.headers()['retry-after'])).toBeGreaterThan(0);
        expect((await res.json()).message).toMatch(/try again in \d+ seconds/);
      }
    }
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(25).fill(429)]);
    const right = await request.post('/api/auth/sign-in/email', {
      data: { email, password: 'a-strong-password-123' },
      headers: { 'x-forwarded-for': '192.0.2.200' },
    });
    expect(right.status()).toBe(429);
    const admin = await browser.newContext({ storageState: storageFor('admin') });
    const csv = await (await admin.request.get('/dashboard/audit/download?action=sign_in_failed')).text();
    const lines = csv.split('\n').filter((l) => l.includes(email));
    expect(lines).toHaveLength(5);
    for (const l of lines) expect(l).toMatch(/,127\.0\.0\.1\r?$/);
    expect(csv).not.toContain('198.51.100.');
    await admin.close();
  });

  test('a failed sign-in with any text as the email records a placeholder, not the text', async ({ browser, request }) => {
    const junk = `<b>${'x'.repeat(300)}</b>`;
    expect((await request.post('/api/auth/sign-in/email', { data: { email: junk, password: 'whatever-it-is-here' } })).status()).toBeGreaterThanOrEqual(400);
    const admin = await browser.newContext({ storageState: storageFor('admin') });
    const csv = await (await admin.request.get('/dashboard/audit/download?action=sign_in_failed')).text();
    expect(csv).not.toContain('xxxxxxxxxx');
    await admin.close();
  });
});

/** Adds a commissioner through the admin's users page; returns their email (password a-strong-password-123). */
async function createUserAsAdmin(browser: Browser, tag: string): Promise<string> {
  const ctx = await browser.newContext({ storageState: storageFor('admin') });
  const page = await ctx.newPage();
  const email = `${tag}-${Date.now()}@example.gov.uk`;
  await page.goto('/dashboard/users');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Name').fill(`Test ${tag}`);
  await page.getByLabel('Role', { exact: true }).selectOption('commissioner');
  await page.getByLabel('Initial password').fill('a-strong-password-123');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText('User created.')).toBeVisible();
  await ctx.close();
  return email;
}

test.describe('as a director', () => {
  test.use({ storageState: storageFor('director') });

  test('reads the overview but cannot import, even by calling the API directly', async ({ page, request }) => {
    await page.goto('/dashboard?la=E06000004&period=2024-03-31');
    await expect(page.locator('[data-headline="total"] .app-headline__value')).toHaveText('581');
    await page.goto('/dashboard/import');
    await expect(page.getByText('commissioners import data')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Import file' })).toHaveCount(0);
    const res = await request.post('/api/imports', {
      data: `${HEADER}\n2024-03-31,E06000001,,fostering,in_house,all,all,children_placed,1\n`,
      headers: { 'x-file-name': 'director.csv', 'content-type': 'text/csv' },
    });
    expect(res.status()).toBe(403);
  });

  test('is refused the users page with 403 and sees no rollback button', async ({ page }) => {
    const res = await page.goto('/dashboard/users');
    expect(res?.status()).toBe(403);
    await expect(page.locator('h1')).toHaveText('You cannot do this');
    await page.goto('/dashboard/history?la=E06000004&period=2024-03-31');
    await expect(page.getByRole('button', { name: /Make version/ })).toHaveCount(0);
  });
});

test.describe('as an administrator', () => {
  test.use({ storageState: storageFor('admin') });

  test('manages users, and the change is in the audit trail; cannot import', async ({ page, request, browser }) => {
    const email = await createUserAsAdmin(browser, 'role-change');
    await page.goto('/dashboard/users');
    await page.getByLabel(`Role of ${email}`).selectOption('director');
    await page.getByRole('button', { name: `Change role of ${email}` }).click();
    await expect(page.getByText('Role changed.')).toBeVisible();
    await page.goto(`/dashboard/audit?actor=${encodeURIComponent(DEMO.admin.email)}`);
    await expect(page.getByRole('table')).toContainText(email);
    const res = await request.post('/api/imports', { data: `${HEADER}\n`, headers: { 'x-file-name': 'admin.csv' } });
    expect(res.status()).toBe(403);
  });
});

test.describe('as a commissioner', () => {
  test('rolls back to an earlier version, which is audited, and nothing is deleted', async ({ page }) => {
    const LA = 'E06000003,Redcar and Cleveland';
    const file = (n: number) => `${HEADER}\n2024-03-31,${LA},fostering,in_house,all,all,children_placed,${n}\n`;
    for (const [name, n] of [['redcar-v1.csv', 70], ['redcar-v2.csv', 75]] as const) {
      await page.goto('/dashboard/import');
      await page.getByLabel('Upload a sufficiency file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(file(n)) });
      await page.getByRole('button', { name: 'Import file' }).click();
      await expect(page.getByRole('heading', { name })).toBeVisible();
    }
    await page.goto('/dashboard/history?la=E06000003&period=2024-03-31');
    await expect(page.getByRole('table').first()).toContainText('redcar-v1.csv');
    await page.getByRole('button', { name: /Make version 1 current/ }).click();
    await expect(page.getByText('Version 1 is current again.')).toBeVisible();
    await page.goto('/dashboard?la=E06000003&period=2024-03-31');
    await expect(page.locator('[data-headline="total"] .app-headline__value')).toHaveText('70');
    await page.goto('/dashboard/history?la=E06000003&period=2024-03-31&from=1&to=2');
    await expect(page.getByText('redcar-v2.csv')).toBeVisible();
    await page.goto('/dashboard/audit?action=rollback');
    await expect(page.getByRole('table')).toContainText('E06000003 2024-03-31');
  });

  test('script and SQL payloads in a file name and values are stored and shown inertly', async ({ page }) => {
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs += 1;
      void d.dismiss();
    });
    const name = `<img src=x onerror=alert(1)>'; DROP TABLE figures;--.csv`;
    await page.goto('/dashboard/import');
    await page.getByLabel('Upload a sufficiency file').setInputFiles({
      name,
      mimeType: 'text/csv',
      buffer: Buffer.from(`${HEADER}\n2024-03-31,E06000004,<script>alert(2)</script>,fostering,in_house,all,all,children_placed,'; DELETE FROM figures;--\n`),
    });
    await page.getByRole('button', { name: 'Import file' }).click();
    await expect(page.locator('h1')).toHaveText(name);
    await expect(page.locator('#issues')).toContainText('<script>alert(2)</script>');
    expect(dialogs).toBe(0);
    await page.goto('/dashboard?la=E06000004&period=2024-03-31');
    await expect(page.locator('[data-headline="total"] .app-headline__value')).toHaveText('581');
  });

  test('signed in, sign-in sends only to paths of this site (issue 17: /%5Cevil.example went to evil.example)', async ({ page, request }) => {
    for (const next of ['/%5Cevil.example/phish', '/%09/evil.example', '//evil.example', 'https://evil.example/', '/\\evil.example']) {
      const res = await request.get(`/sign-in?next=${encodeURIComponent(next)}`, { maxRedirects: 0 });
      expect(res.status(), next).toBe(307);
      // The safe fallback is the user's start page (each role's own, issue 18).
      expect(res.headers().location, next).toBe('/dashboard/start');
    }
    // The exact address from the issue, as a browser follows it.
    await page.goto('/sign-in?next=/%5Cevil.example/phish');
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/dashboard(\?|$)/);
    const ok = await request.get(`/sign-in?next=${encodeURIComponent('/dashboard/audit?action=rollback')}`, { maxRedirects: 0 });
    expect(ok.headers().location).toBe('/dashboard/audit?action=rollback');
  });

  test('a cross-site POST is refused', async ({ request }) => {
    const res = await request.post('/api/imports', {
      data: `${HEADER}\n`,
      headers: { origin: 'https://evil.example', 'x-file-name': 'x.csv' },
    });
    expect(res.status()).toBe(403);
  });
});

test('a weak new password is refused; changing the password or the role ends the user’s other sessions', async ({ browser, playwright }) => {
  const email = await createUserAsAdmin(browser, 'sessions');
  const baseURL = test.info().project.use.baseURL!;
  const signedIn = async () => {
    const c = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
    const res = await c.post('/api/auth/sign-in/email', { data: { email, password: 'a-strong-password-123' } });
    expect(res.status()).toBe(200);
    return c;
  };
  const dashboard = async (c: APIRequestContext) => (await c.get('/dashboard', { maxRedirects: 0 })).status();
  const [a, b] = [await signedIn(), await signedIn()];
  const weak = await a.post('/api/auth/change-password', { data: { currentPassword: 'a-strong-password-123', newPassword: 'aaaaaaaaaaaa' } });
  expect(weak.status()).toBe(400);
  expect((await weak.json()).message).toMatch(/too easy to guess/);
  expect(await dashboard(b)).toBe(200);
  const changed = await a.post('/api/auth/change-password', {
    data: { currentPassword: 'a-strong-password-123', newPassword: 'orbit tulip gravel lantern', revokeOtherSessions: false },
  });
  expect(changed.status()).toBe(200);
  expect(await dashboard(b)).toBe(307);
  expect(await dashboard(a)).toBe(200);
  // The role: the admin changes it, and the user's remaining session ends too.
  const admin = await browser.newContext({ storageState: storageFor('admin') });
  const adminPage = await admin.newPage();
  await adminPage.goto('/dashboard/users');
  await adminPage.getByLabel(`Role of ${email}`).selectOption('director');
  await adminPage.getByRole('button', { name: `Change role of ${email}` }).click();
  await expect(adminPage.getByText('Role changed.')).toBeVisible();
  expect(await dashboard(a)).toBe(307);
  await Promise.all([a.dispose(), b.dispose(), admin.close()]);
});

test('signed-in pages run scripts by nonce only (no unsafe-inline), without a CSP violation, and still work', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => violations.push(e.message));
  const nonces = new Set<string>();
  for (const path of ['/dashboard?la=E06000004&period=2024-03-31', '/dashboard/audit', '/dashboard/priorities']) {
    const res = await page.goto(path);
    const csp = res!.headers()['content-security-policy']!;
    const scriptSrc = csp.split('; ').find((d) => d.startsWith('script-src '))!;
    expect(scriptSrc).not.toContain('unsafe-inline');
    nonces.add(/'nonce-([^']+)'/.exec(scriptSrc)![1]!);
    // The layout's script ran (allowed by its hash) and React took over the page (the nav links
    // navigate on the client).
    await expect(page.locator('body')).toHaveClass(/js-enabled/);
    await expect.poll(() => page.evaluate(() => typeof (window as unknown as { next?: unknown }).next)).toBe('object');
  }
  expect(nonces.size).toBe(3);
  expect(violations).toEqual([]);
  // Public pages keep their cacheable policy, and the OpenAPI server is the configured address, not the Host header.
  const pub = await page.request.get('/api/v1/openapi.json', { headers: { host: 'evil.example' } });
  expect((await pub.json()).servers).toEqual([{ url: `http://127.0.0.1:${new URL(page.url()).port}` }]);
});

test('a signed-out session cannot be used again', async ({ browser }) => {
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await ctx.newPage();
  await signIn(page, 'director');
  const cookies = await ctx.cookies();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/$/);
  const replay = await browser.newContext({ storageState: { cookies, origins: [] } });
  const res = await replay.request.get('/dashboard', { maxRedirects: 0 });
  expect(res.status()).toBe(307);
  expect(res.headers().location).toContain('/sign-in');
  await replay.close();
  await ctx.close();
});
