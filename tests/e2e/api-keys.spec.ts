/**
 * API keys for scripts, as an administrator issues them on the page: shown once, used by a
 * script to import, every use in the audit trail, and refused once revoked. And an import job's
 * outcome is still on the import page after a reload.
 */
import { expect, test } from '@playwright/test';
import { HEADER, expectNoAxeViolations, storageFor } from './helpers';

const FILE = `${HEADER}\n2024-03-31,E06000002,Middlesbrough,fostering,in_house,all,all,children_placed,77\n`;

test.describe('as an administrator', () => {
  test.use({ storageState: storageFor('admin') });

  test('issues a key shown once, a script imports with it, every use is audited, and a revoked key is refused', async ({ page, playwright }) => {
    await page.goto('/dashboard/api-keys');
    await page.getByLabel('Name').fill('Warehouse monthly upload');
    await page.getByLabel('Role the key acts with').selectOption('commissioner');
    await page.getByRole('button', { name: 'Issue key' }).click();
    const key = (await page.locator('#new-api-key').textContent())?.trim() ?? '';
    await expectNoAxeViolations(page);
    expect(key).toMatch(/^suf_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);

    // A script: no cookies, only the key.
    const script = await playwright.request.newContext({ baseURL: page.url().replace(/\/dashboard.*$/, ''), storageState: { cookies: [], origins: [] } });
    const posted = await script.post('/api/imports', {
      headers: { authorization: `Bearer ${key}`, 'x-file-name': 'warehouse.csv', 'content-type': 'text/csv' },
      data: FILE,
    });
    expect(posted.status()).toBe(202);
    const { job } = (await posted.json()) as { job: { id: number; url: string } };
    let state = '';
    for (let i = 0; i < 120 && !['done', 'failed'].includes(state); i++) {
      await new Promise((r) => setTimeout(r, 500));
      const read = await script.get(job.url, { headers: { authorization: `Bearer ${key}` } });
      state = ((await read.json()) as { job: { state: string; outcome: string } }).job.state;
    }
    expect(state).toBe('done');

    // Shown once: the page no longer has it.
    await page.goto('/dashboard/api-keys');
    await expect(page.locator('#new-api-key')).toHaveCount(0);
    await expect(page.getByRole('row', { name: /Warehouse monthly upload/ })).toContainText(key.slice(0, 13));

    await page.goto('/dashboard/audit?action=api_key_used');
    await expect(page.getByRole('table')).toContainText('POST /api/imports');
    await expect(page.getByRole('table')).toContainText('Warehouse monthly upload');

    await page.goto('/dashboard/api-keys');
    await page.getByRole('button', { name: 'Revoke the key Warehouse monthly upload' }).click();
    await expect(page.getByText('Key revoked: it no longer works.')).toBeVisible();
    const refused = await script.get(job.url, { headers: { authorization: `Bearer ${key}` } });
    expect(refused.status()).toBe(401);
    const forged = await script.get(job.url, { headers: { authorization: `Bearer ${key.slice(0, -1)}x` } });
    expect(forged.status()).toBe(401);
    await script.dispose();
  });
});

test('an import job and its outcome are on the import page after a reload, with the report one click away', async ({ page }) => {
  await page.goto('/dashboard/import');
  await page.getByLabel('Upload a sufficiency file').setInputFiles({ name: 'middlesbrough-reload.csv', mimeType: 'text/csv', buffer: Buffer.from(FILE) });
  await page.getByRole('button', { name: 'Import file' }).click();
  await expect(page.getByRole('heading', { name: 'middlesbrough-reload.csv' })).toBeVisible();
  await page.goto('/dashboard/import');
  await page.reload();
  const row = page.locator('#import-jobs').getByRole('row', { name: /middlesbrough-reload\.csv/ });
  await expect(row).toContainText('Finished');
  await expectNoAxeViolations(page);
  await row.getByRole('link', { name: 'middlesbrough-reload.csv' }).click();
  await expect(page.getByRole('heading', { name: 'middlesbrough-reload.csv' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Read the report of import');
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: /Read the report of import/ }).click();
  await expect(page).toHaveURL(/\/dashboard\/imports\/\d+$/);
});
