import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, storageFor } from './helpers';
import { AXE_ROUTES } from './routes';

const ROUTES = AXE_ROUTES;

for (const route of ROUTES) {
  test(`axe finds no WCAG 2.2 AA violations on ${route}`, async ({ page }) => {
    await page.goto(route);
    await expect(page.locator('h1')).toBeVisible();
    await expectNoAxeViolations(page);
  });
}

test('a keyboard user can skip to the content and reach the council picker', async ({ page }) => {
  await page.goto('/dashboard');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main-content$/);
  // Tab on from the main content until the council select has focus.
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    if (await page.getByLabel('Council', { exact: true }).evaluate((el) => el === document.activeElement)) break;
  }
  await expect(page.getByLabel('Council', { exact: true })).toBeFocused();
});

test.describe('as an administrator', () => {
  test.use({ storageState: storageFor('admin') });
  test('axe finds no WCAG 2.2 AA violations on /dashboard/users', async ({ page }) => {
    await page.goto('/dashboard/users');
    await expect(page.locator('h1')).toHaveText('Users');
    await expectNoAxeViolations(page);
  });
});

test.describe('signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  test('axe finds no WCAG 2.2 AA violations on /sign-in, with and without an error', async ({ page }) => {
    await page.goto('/sign-in');
    await expectNoAxeViolations(page);
    await page.goto('/sign-in?error=invalid');
    await expect(page.locator('.govuk-error-summary')).toBeVisible();
    await expectNoAxeViolations(page);
  });
});

test.describe('public pages without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  for (const route of ['/', '/needs', '/needs/E06000004', '/needs/region/E12000001']) {
    test(`${route} renders its content and navigation`, async ({ page }) => {
      await page.goto(route);
      await expect(page.locator('h1')).toBeVisible();
      await expect(page.getByRole('navigation', { name: 'Menu' })).toBeVisible();
      // No script runs here, so nothing client-side can have rendered the content (axe, which needs
      // script, scans the same routes in the tests above).
      await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeAttached();
    });
  }
});
