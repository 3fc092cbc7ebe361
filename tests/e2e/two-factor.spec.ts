import { expect, test, type Browser, type Page } from '@playwright/test';
import { totpCode } from '../helpers/totp';
import { expectNoAxeViolations, storageFor } from './helpers';

const PASSWORD = 'quiet orchard lantern ribbon';

/** An admin adds a user through the users page; returns their email. */
async function addUser(browser: Browser, role: 'Director' | 'Commissioner'): Promise<string> {
  const email = `mfa-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.gov.uk`;
  const admin = await browser.newContext({ storageState: storageFor('admin') });
  const page = await admin.newPage();
  await page.goto('/dashboard/users');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption({ label: role });
  await page.getByLabel('Initial password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText('User created.')).toBeVisible();
  await admin.close();
  return email;
}

async function passwordStep(page: Page, email: string, next = '/dashboard/start') {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/$/);
}

test.describe('two-factor sign-in', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('a user turns it on, then signs in with a code from the app, and once with a recovery code', async ({ browser, page }) => {
    const email = await addUser(browser, 'Director');
    await passwordStep(page, email);
    await expect(page).toHaveURL(/\/dashboard\/start|\/dashboard\/director/);

    await page.getByRole('link', { name: 'Two-factor sign-in' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Set up two-factor sign-in');
    await expectNoAxeViolations(page);
    await page.getByLabel('Confirm your password').fill('not the password at all');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('.govuk-error-summary')).toContainText('The password is not right');
    await page.getByLabel('Confirm your password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Set up your authenticator app');
    await expectNoAxeViolations(page);
    const uri = (await page.getByTestId('totp-uri').textContent()) ?? '';
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    // The key as text, to type into the app, is the URI's secret.
    const secret = new URL(uri).searchParams.get('secret');
    expect((await page.getByTestId('totp-secret').textContent())?.replace(/\s/g, '')).toBe(secret);
    await page.getByLabel('Security code').fill(totpCode(uri, Date.now() + 10 * 60_000));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await expect(page.locator('.govuk-error-summary')).toContainText('The code is not right');
    await page.getByLabel('Security code').fill(totpCode(uri));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await expect(page.getByRole('heading', { name: 'Two-factor sign-in is on' })).toBeVisible();
    const recovery = (await page.getByTestId('recovery-codes').locator('li').allTextContents()).map((c) => c.trim());
    expect(recovery).toHaveLength(10);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: /I have saved my recovery codes/ }).click();
    await expect(page).toHaveURL(/\/dashboard\/(start|director)/);
    await signOut(page);

    // Password, then the code from the app.
    await passwordStep(page, email, '/dashboard/gaps');
    await expect(page).toHaveURL(/\/sign-in\/two-factor\?next=%2Fdashboard%2Fgaps/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter your security code');
    await expectNoAxeViolations(page);
    // No session yet: the dashboard still sends the visitor to sign in.
    expect((await page.request.get('/dashboard/gaps', { maxRedirects: 0 })).status()).toBe(307);
    await page.getByLabel('Enter your security code').fill(totpCode(uri, Date.now() + 10 * 60_000));
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('.govuk-error-summary')).toContainText('The code is not right');
    await page.getByLabel('Enter your security code').fill(totpCode(uri));
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page).toHaveURL(/\/dashboard\/gaps/);
    await signOut(page);

    // Password, then a recovery code instead; the same code does not work twice.
    for (const expectWorks of [true, false]) {
      await passwordStep(page, email);
      await page.getByRole('link', { name: /use a recovery code/ }).click();
      await page.getByLabel('Enter a recovery code').fill(recovery[0]!);
      await page.getByRole('button', { name: 'Continue' }).click();
      if (expectWorks) {
        await expect(page).toHaveURL(/\/dashboard\//);
        await signOut(page);
      } else {
        await expect(page.locator('.govuk-error-summary')).toContainText('The code is not right');
      }
    }
  });

  test('a role an admin requires it for reaches only the set-up page until it is on', async ({ browser, page }) => {
    const email = await addUser(browser, 'Commissioner');
    const admin = await browser.newContext({ storageState: storageFor('admin') });
    const adminPage = await admin.newPage();
    const setRequired = async (on: boolean) => {
      await adminPage.goto('/dashboard/users');
      await adminPage.getByLabel('Administrators').setChecked(false);
      await adminPage.getByLabel('Commissioners').setChecked(on);
      await adminPage.getByLabel('Directors').setChecked(false);
      await adminPage.getByRole('button', { name: 'Save two-factor setting' }).click();
      await expect(adminPage.getByText('Two-factor sign-in setting saved.')).toBeVisible();
    };
    await setRequired(true);
    try {
      await passwordStep(page, email, '/dashboard/gaps');
      await expect(page).toHaveURL(/\/dashboard\/account\/two-factor\?next=/);
      await expect(page.getByText('Your role needs two-factor sign-in')).toBeVisible();
      await page.goto('/dashboard/import');
      await expect(page).toHaveURL(/\/dashboard\/account\/two-factor/);
      expect((await page.request.get('/dashboard/download?la=E06000004&period=2024-03-31')).status()).toBe(403);
    } finally {
      await setRequired(false);
      await admin.close();
    }
    await page.goto('/dashboard/import');
    await expect(page).toHaveURL(/\/dashboard\/import/);
  });
});
