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
  // The demo's SSDA903 returns place 21 of the council's children in the borough's private homes on
  // 31 March 2023 (the register's date), matched by URN: Stockton reported 21 of 50 places in April 2024.
  await expect(page.locator('[data-headline="own-children-external"]')).toContainText('21 of the 55 places');
  await expect(page.locator('#market-own-children')).toBeVisible();
  await expectNoAxeViolations(page);
});

test('the import page tells the kinds of file apart and refuses one it does not know', async ({ page }) => {
  const upload = async (name: string, text: string) => {
    await page.goto('/dashboard/import');
    await page.getByLabel('Upload a sufficiency file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await page.getByRole('button', { name: 'Import file' }).click();
    await expect(page.getByRole('heading', { name })).toBeVisible();
  };
  const ees = [
    'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,la_name,new_la_code,cla_group,characteristic,number,percentage',
    '2024,Reporting year,Local authority,E92000001,England,E12000001,North East,805,Hartlepool,E06000001,Placement,Foster placements,200,70',
    '2024,Reporting year,Local authority,E92000001,England,E12000001,North East,805,Hartlepool,E06000001,Placement,Secure homes and children\'s homes,c,c',
  ].join('\n');
  await upload('e2e-ees-sample.csv', ees);
  await expect(page.locator('.govuk-summary-list')).toContainText('DfE Explore Education Statistics open data');
  await expect(page.getByRole('region', { name: 'Stored' })).toBeVisible();

  await upload('episodes.csv', 'CHILD,DECOM,RNE,LS\n1,01/04/2020,S,C2\n');
  await expect(page.locator('.govuk-error-summary')).toContainText('The file was rejected');
  await expect(page.locator('#issues')).toContainText('not a kind of file Sufficiency can import');
});

test('benchmarking shows Stockton-on-Tees against its region, England and comparators, with the rule stated', async ({ page }) => {
  await page.goto('/dashboard/benchmarks?la=E06000004&measure=foster');
  const table = page.locator('figure.app-figure').first().getByRole('table');
  // DfE 2024: 383 of Stockton-on-Tees' 581 children were in foster placements (66%).
  const row2024 = table.getByRole('row', { name: /^2024/ });
  await expect(row2024).toContainText('66%');
  await expect(row2024).toContainText('383');
  await expect(page.locator('main')).toContainText('nearest to this one');
  await expectNoAxeViolations(page);
  const csv = await page.request.get('/dashboard/benchmarks/download?la=E06000004&measure=foster');
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain('383');
});

test('benchmarking shows spend per child looked after from RO3 against the comparators', async ({ page }) => {
  await page.goto('/dashboard/benchmarks?la=E06000004&measure=foster');
  // RO3 2024-25: Stockton-on-Tees spent £61,272k on children looked after; 564 children at 31 March 2025 (DfE).
  // 61,272,000 / 564 = £108,638 a child (tests/integration/ro3-spend.test.ts works it out independently).
  await expect(page.locator('main')).toContainText('108,638');
});
