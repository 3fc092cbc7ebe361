import { expect, test, type Page } from '@playwright/test';
import { HEADER } from './helpers';

// Hartlepool has no demo data, so these imports do not disturb the other specs.
const LA = 'E06000001,Hartlepool';

function hartlepool(placedInHouse: number): string {
  return [
    HEADER,
    `2024-03-31,${LA},fostering,in_house,all,all,children_placed,${placedInHouse}`,
    `2024-03-31,${LA},fostering,in_house,all,all,places,140`,
    `2024-03-31,${LA},fostering,in_house,all,all,places_vacant,9`,
    `2024-03-31,${LA},fostering,private,all,all,children_placed,60`,
    `2024-03-31,${LA},residential,private,all,all,children_placed,30`,
    `2024-03-31,${LA},fostering,private,all,all,weekly_cost_gbp,950.25`,
  ].join('\n') + '\n';
}

async function upload(page: Page, name: string, text: string | Buffer) {
  await page.goto('/dashboard/import');
  await page.getByLabel('Upload a sufficiency file').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: typeof text === 'string' ? Buffer.from(text) : text,
  });
  await page.getByRole('button', { name: 'Import file' }).click();
}

test('a good file is stored, shown with a progress bar, and its figures reach the dashboard', async ({ page }) => {
  await upload(page, 'hartlepool-2024.csv', hartlepool(100));
  await expect(page).toHaveURL(/\/dashboard\/imports\/\d+$/);
  await expect(page.getByRole('heading', { name: 'hartlepool-2024.csv' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Stored' })).toContainText('6 rows stored');
  await expect(page.getByRole('row', { name: /E06000001/ })).toContainText('Version 1 (new)');

  await page.goto('/dashboard?la=E06000001&period=2024-03-31');
  // 100 + 60 fostering + 30 residential, added up because the file gave no total.
  await expect(page.locator('[data-headline="total"] .app-headline__value')).toHaveText('190');
});

test('the progress bar moves while a file uploads', async ({ page }) => {
  // About 0.9 MB of valid rows: enough for several progress events under the 1 MB test limit.
  const rows: string[] = [HEADER];
  const settings = ['fostering', 'kinship_fostering', 'residential', 'secure', 'supported_accommodation', 'other'];
  const provisions = ['in_house', 'other_la', 'other_public', 'private', 'voluntary', 'parents'];
  const ages = ['all', 'under_1', '1_4', '5_9', '10_15', '16_17'];
  const needs = ['all', 'sibling_group', 'parent_and_child', 'disability', 'uasc', 'complex_needs', 'emergency'];
  const measures = ['children_placed', 'starts', 'ends', 'referrals'];
  for (let year = 2005; year <= 2019 && rows.length < 11500; year++) {
    for (const s of settings) for (const p of provisions) for (const a of ages) for (const n of needs) for (const m of measures) {
      rows.push(`${year}-03-31,E06000002,Middlesbrough,${s},${p},${a},${n},${m},1`);
    }
  }
  const text = rows.slice(0, 11500).join('\n') + '\n';
  expect(text.length).toBeLessThan(1024 * 1024);
  await page.goto('/dashboard/import');
  await page.evaluate(() => {
    const w = window as unknown as { seen: number[] };
    w.seen = [];
    new MutationObserver(() => {
      const bar = document.querySelector('progress#import-progress') as HTMLProgressElement | null;
      if (bar) w.seen.push(bar.value);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
  });
  await page.getByLabel('Upload a sufficiency file').setInputFiles({ name: 'middlesbrough.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByRole('button', { name: 'Import file' }).click();
  // The client-side navigation to the report keeps the window, so the record survives it.
  await expect(page.getByRole('heading', { name: 'middlesbrough.csv' })).toBeVisible({ timeout: 30_000 });
  const seen = await page.evaluate(() => (window as unknown as { seen: number[] }).seen);
  expect(seen[0]).toBe(0);
  expect(Math.max(...seen)).toBe(100);
  await expect(page.getByText('11,499 rows stored')).toBeVisible();
});

test('the same file again changes nothing and says so; a changed file becomes version 2', async ({ page }) => {
  await upload(page, 'hartlepool-2024.csv', hartlepool(100));
  await expect(page.getByRole('region', { name: 'No change' })).toContainText('already stored');

  await upload(page, 'hartlepool-2024-v2.csv', hartlepool(104));
  await expect(page.getByRole('region', { name: 'Stored' })).toBeVisible();
  await expect(page.getByRole('row', { name: /E06000001/ })).toContainText('Version 2, replacing version 1');
  await page.goto('/dashboard?la=E06000001&period=2024-03-31');
  await expect(page.locator('[data-headline="total"] .app-headline__value')).toHaveText('194');
});

test('a bad file is rejected with every problem by row and column, and stored figures are untouched', async ({ page }) => {
  const bad = [
    HEADER,
    `2024-03-31,${LA},fostering,in_house,all,all,children_placed,-5`,
    `2024-02-30,${LA},fostering,in_house,all,all,places,140`,
    `2024-03-31,${LA},boarding,in_house,all,all,places_vacant,9`,
    `2024-03-31,E06000001,Southwark,fostering,private,all,all,children_placed,60`,
  ].join('\n');
  await upload(page, 'bad.csv', bad);
  await expect(page.locator('.govuk-error-summary')).toContainText('The file was rejected: 4 problems found');
  await expect(page.locator('.govuk-error-summary')).toContainText('Nothing from this file was stored');
  const problems = page.locator('#issues tbody tr');
  await expect(problems).toHaveCount(4);
  await expect(problems.nth(0)).toContainText('2');
  await expect(problems.nth(0)).toContainText('value');
  await expect(problems.nth(0)).toContainText('negative');
  await expect(problems.nth(1)).toContainText('period_end');
  await expect(problems.nth(2)).toContainText('setting');
  await expect(problems.nth(2)).toContainText('fostering, kinship_fostering');
  await expect(problems.nth(3)).toContainText('la_name');

  await page.goto('/dashboard?la=E06000001&period=2024-03-31');
  await expect(page.locator('[data-headline="total"] .app-headline__value')).toHaveText('194');
});

test('a file over the upload limit gets a clear message, in the page and from the server', async ({ page, request }) => {
  const big = Buffer.alloc(1024 * 1024 + 10, 'a');
  await upload(page, 'huge.csv', big);
  await expect(page.locator('.govuk-error-summary')).toContainText('larger than the upload limit of 1 MB');
  await expect(page.locator('.govuk-error-summary')).toContainText('npm run import');

  const res = await request.post('/api/imports', { data: big, headers: { 'x-file-name': 'huge.csv', 'content-type': 'text/csv' } });
  expect(res.status()).toBe(413);
  expect((await res.json()).message).toContain('larger than the upload limit');
});

test('the blank template and the filled example download, and the example imports cleanly', async ({ page, request }) => {
  const blank = await request.get('/downloads/sufficiency-template.csv');
  expect((await blank.text()).trim()).toBe(HEADER);
  const example = await request.get('/downloads/sufficiency-example.csv');
  const text = await example.text();
  expect(text.split('\n')[0]).toBe(HEADER);
  await upload(page, 'sufficiency-example.csv', text);
  await expect(page.getByRole('heading', { name: 'sufficiency-example.csv' })).toBeVisible();
  await expect(page.locator('.govuk-error-summary')).toHaveCount(0);
  // The example is Stockton's 2024 figures without the age and need detail, so it became a new
  // version: put the full demo version back, as a commissioner would, for the specs that follow.
  await expect(page.getByRole('row', { name: /E06000004/ })).toContainText('Version 2, replacing version 1');
  // Through the history index: councils, then the council's periods, then the versions.
  await page.goto('/dashboard/history');
  await page.getByRole('link', { name: 'Stockton-on-Tees', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Periods stored for Stockton-on-Tees' })).toBeVisible();
  await page.getByRole('link', { name: '31 March 2024', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Versions for the period ending 31 March 2024');
  await page.getByRole('button', { name: /Make version 1 current/ }).click();
  await expect(page.getByText('Version 1 is current again.')).toBeVisible();
});
