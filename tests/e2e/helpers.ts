import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** WCAG 2.2 AA, the standard councils are held to. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  );
  expect(summary, summary.join('\n')).toEqual([]);
}

export const HEADER = 'period_end,la_code,la_name,setting,provision,age_band,need,measure,value';

/** The demo users created in demo mode (db/users.ts DEMO_USERS). */
export const DEMO = {
  admin: { email: 'admin@demo.sufficiency.local', password: 'demo-admin-password' },
  commissioner: { email: 'commissioner@demo.sufficiency.local', password: 'demo-commissioner-password' },
  director: { email: 'director@demo.sufficiency.local', password: 'demo-director-password' },
} as const;

export function storageFor(role: keyof typeof DEMO): string {
  return `tmp/e2e-auth/${role}.json`;
}

export async function signIn(page: Page, role: keyof typeof DEMO, next = '/dashboard'): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email address').fill(DEMO[role].email);
  await page.getByLabel('Password').fill(DEMO[role].password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[?]/g, '\\?')}`));
}
