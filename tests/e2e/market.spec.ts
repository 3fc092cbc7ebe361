import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './helpers';

test('the local market page shows Stockton-on-Tees children’s homes by sector from Ofsted’s register', async ({ page }) => {
  await page.goto('/dashboard/market?la=E06000004');
  // Ofsted register at 31 March 2023, counted independently in tests/integration/ofsted-import.test.ts:
  // 17 active children's homes with 86 places: local authority 7 homes (31 places), private 10 (55).
  const main = page.locator('main');
  await expect(main).toContainText('Stockton-on-Tees');
  const sector = page.locator('figure.app-figure').first();
  await expect(sector.getByRole('table')).toContainText('86');
  await expect(sector.getByRole('table')).toContainText('31');
  await expect(sector.getByRole('table')).toContainText('55');
  await expect(main).toContainText('SSDA903');
  await expectNoAxeViolations(page);
});

test('the import page tells the kinds of file apart and refuses one it does not know', async ({ page }) => {
  const upload = async (name: string, text: string) => {
    await page.goto('/dashboard/import');
    await page.getByLabel('Upload a sufficiency file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await page.getByRole('button', { name: 'Import file' }).click();
    await expect(page.getByRole('heading', { name })).toBeVisible();
  };
  await upload('grouped-filters-and-indicators.csv', fs.readFileSync('tests/fixtures/ees/grouped-filters-and-indicators.csv', 'utf8'));
  await expect(page.locator('.govuk-summary-list')).toContainText('DfE Explore Education Statistics open data');
  await expect(page.getByRole('region', { name: 'Stored' })).toBeVisible();

  await upload('episodes.csv', 'CHILD,DECOM,RNE,LS\n1,01/04/2020,S,C2\n');
  await expect(page.locator('.govuk-error-summary')).toContainText('The file was rejected');
  await expect(page.locator('#issues')).toContainText('not a kind of file Sufficiency can import');
});
