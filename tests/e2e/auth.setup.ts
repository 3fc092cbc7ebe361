import { expect, test as setup } from '@playwright/test';
import { DEMO, signIn, storageFor } from './helpers';

// Signs in once as each demo user and keeps the session for the specs (the demo users exist
// because the e2e server starts on an empty database in demo mode).
for (const role of Object.keys(DEMO) as (keyof typeof DEMO)[]) {
  setup(`sign in as the demo ${role}`, async ({ page }) => {
    await signIn(page, role);
    await expect(page.getByText(`Signed in as ${DEMO[role].email}`)).toBeVisible();
    await page.context().storageState({ path: storageFor(role) });
  });
}
