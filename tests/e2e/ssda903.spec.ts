import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, storageFor } from './helpers';

/**
 * The SSDA903 pages on the demo's synthetic Stockton-on-Tees returns (data/demo/ssda903), whose
 * 31 March 2024 stock reproduces the council's published 2024 placement mix; and the import of a
 * return through the import page.
 */

const STOCKTON_2024 = '/dashboard/children?la=E06000004&period=2024-03-31';

test('children by age and setting: the 2024 stock from the returns equals the published mix, in both views', async ({ page }) => {
  await page.goto(STOCKTON_2024);
  await expect(page.locator('h1')).toHaveText('Children looked after by age and setting');
  const mix = page.locator('#setting-provision');
  // DfE's published Stockton-on-Tees figures at 31 March 2024 (shared/domain/README.md): 581 looked after.
  const total = mix.getByRole('row').filter({ hasText: 'All settings' });
  await expect(total.getByRole('cell').last()).toHaveText('581');
  await expect(page.getByText('Figures from:')).toBeVisible();
  await expect(page.locator('[aria-current="page"]', { hasText: 'SSDA903 returns, combined view' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: "SSDA903, each year's own return" }).click();
  await expect(page).toHaveURL(/source=ssda903_return/);
  await expect(page.locator('#setting-provision').getByRole('row').filter({ hasText: 'All settings' }).getByRole('cell').last()).toHaveText('581');
  await expect(page.locator('.govuk-inset-text')).toContainText("each year's own return alone");
});

test('the flows and stability pages have a chart, a table, a source and a CSV each, and pass axe', async ({ page }) => {
  for (const [route, ids] of [
    ['/dashboard/children/flows?la=E06000004&period=2024-03-31', ['flows-trend', 'flows-setting', 'moves-reason', 'care-ends-reason']],
    ['/dashboard/children/stability?la=E06000004&period=2024-03-31', ['stability-trend', 'stability-age']],
  ] as const) {
    await page.goto(route);
    for (const id of ids) {
      const figure = page.locator(`#${id}`);
      await expect(figure.locator('figcaption')).toBeVisible();
      await expect(figure.getByRole('table')).toBeVisible();
      await expect(figure.locator('.app-figure__source')).toContainText('SSDA903');
      const href = await figure.getByRole('link', { name: /Download/ }).getAttribute('href');
      const csv = await page.request.get(href!);
      expect(csv.status()).toBe(200);
      expect(await csv.text()).toMatch(/,source\n/);
    }
    await expectNoAxeViolations(page);
  }
  // Flows: the trend covers the five years of returns.
  await page.goto('/dashboard/children/flows?la=E06000004&period=2024-03-31');
  await expect(page.locator('#flows-trend tbody tr')).toHaveCount(5);
});

test('the overview switches between the template and the SSDA903 figures, and says which it shows', async ({ page }) => {
  await page.goto('/dashboard?la=E06000004&period=2024-03-31');
  await expect(page.getByRole('navigation', { name: 'Source of the figures' })).toBeVisible();
  await page.getByRole('link', { name: 'SSDA903 returns, combined view' }).click();
  await expect(page).toHaveURL(/source=ssda903/);
  await expect(page.locator('[data-headline="total"]')).toContainText('581');
  await expect(page.locator('.govuk-inset-text').first()).toContainText('derived from the council');
  const download = await page.getByRole('link', { name: /Download every figure/ }).getAttribute('href');
  expect(download).toContain('source=ssda903');
  const csv = await (await page.request.get(download!)).text();
  expect(csv.split('\n')[0]).toBe('period_end,la_code,la_name,setting,provision,age_band,need,measure,value,source');
  expect(csv).toContain('SSDA903 returns, combined view');
  await expectNoAxeViolations(page);
});

test('a commissioner imports a return on the import page: council chosen, several files, a report with the returns', async ({ page }) => {
  const dir = path.resolve(__dirname, '../fixtures/ssda903/small-2023-24');
  await page.goto('/dashboard/import');
  // Without a council the form says so and nothing is sent.
  await page.getByLabel('Upload SSDA903 files').setInputFiles(['2023-header.csv', '2023-episodes.csv', '2023-uasc.csv'].map((f) => path.join(dir, f)));
  await page.getByRole('button', { name: 'Import the return' }).click();
  await expect(page.locator('.govuk-error-summary')).toContainText('Choose the council the return belongs to');
  await page.getByLabel('Council the return belongs to').selectOption('E06000001');
  await page.getByRole('button', { name: 'Import the return' }).click();
  await expect(page).toHaveURL(/\/dashboard\/imports\/\d+$/);
  await expect(page.getByRole('region', { name: 'Stored' })).toBeVisible();
  await expect(page.locator('main')).toContainText('SSDA903 returns for E06000001');
  await expect(page.locator('main')).toContainText('2023-24');
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: '2023-24' }).click();
  // Counted by hand in tests/fixtures/ssda903/README.md: 20 looked after on 31 March 2024.
  await expect(page.locator('#setting-provision').getByRole('row').filter({ hasText: 'All settings' }).getByRole('cell').last()).toHaveText('20');
});

test.describe('as a director', () => {
  test.use({ storageState: storageFor('director') });
  test('a director reads the SSDA903 pages but has no upload form', async ({ page }) => {
    await page.goto(STOCKTON_2024);
    await expect(page.locator('#age-setting')).toBeVisible();
    await page.goto('/dashboard/import');
    await expect(page.getByRole('button', { name: 'Import the return' })).toHaveCount(0);
  });
});

test.describe('signed out and on the public side', () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  test('the SSDA903 pages and downloads need sign-in', async ({ page, request }) => {
    await page.goto(STOCKTON_2024);
    await expect(page).toHaveURL(/\/sign-in/);
    const r = await request.get('/dashboard/children/download?la=E06000004&period=2024-03-31&table=age-setting', { maxRedirects: 0 });
    expect([302, 303, 307, 401, 403]).toContain(r.status());
  });

  test("no public page or API response holds a child's ID, date of birth or postcode from the demo returns", async ({ page, request }) => {
    const dir = path.resolve(__dirname, '../../data/demo/ssda903/E06000004');
    const ids = new Set<string>();
    const dobs = new Set<string>();
    const posts = new Set<string>();
    for (const f of fs.readdirSync(dir)) {
      const [head, ...rows] = fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n');
      const cols = head!.split(',');
      for (const r of rows) {
        const cells = r.split(',');
        ids.add(cells[cols.indexOf('CHILD')]!);
        if (cols.includes('DOB')) dobs.add(cells[cols.indexOf('DOB')]!);
        for (const c of ['HOME_POST', 'PL_POST']) if (cols.includes(c) && cells[cols.indexOf(c)]) posts.add(cells[cols.indexOf(c)]!);
      }
    }
    expect(ids.size).toBeGreaterThan(500);
    const texts: string[] = [];
    for (const url of ['/needs', '/needs/E06000004']) {
      await page.goto(url);
      texts.push(await page.locator('body').innerText());
    }
    for (const url of ['/api/v1/public/needs', '/api/v1/public/needs/E06000004']) texts.push(await (await request.get(url)).text());
    const words = new Set(texts.join(' ').split(/[\s",:{}[\]]+/));
    const body = texts.join('\n');
    expect([...ids].filter((id) => words.has(id))).toEqual([]);
    expect([...dobs].filter((d) => body.includes(d))).toEqual([]);
    expect([...posts].filter((p) => body.includes(p))).toEqual([]);
  });
});
