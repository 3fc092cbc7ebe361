import { expect, test } from '@playwright/test';
import { HEADER } from './helpers';

// Published DfE figures for the year ending 31 March 2024 ("Children looked after in England
// including adoptions"), as in the domain primer's reference table: the demo data must agree.
const PUBLISHED = {
  E06000004: { name: 'Stockton-on-Tees', total: '581', fostering: '383', residential: '80', supported: '24', 'in-house': '294', private: '155', 'over-20-miles': '54', 'outside-la': '222' },
  E09000028: { name: 'Southwark', total: '397', fostering: '272', residential: '42', supported: '51', 'in-house': '169', private: '177', 'over-20-miles': '79', 'outside-la': '302' },
} as const;

for (const [code, expected] of Object.entries(PUBLISHED)) {
  test(`the overview for ${expected.name} 2024 shows the published headline figures`, async ({ page }) => {
    await page.goto(`/dashboard?la=${code}&period=2024-03-31`);
    await expect(page.locator('.govuk-caption-l')).toHaveText(expected.name);
    for (const [id, value] of Object.entries(expected)) {
      if (id === 'name') continue;
      await expect(page.locator(`[data-headline="${id}"] .app-headline__value`)).toHaveText(value);
    }
  });
}

test('choosing a council and period puts the choice in the URL, so a link reproduces the view', async ({ page }) => {
  await page.goto('/dashboard');
  await page.getByLabel('Council', { exact: true }).selectOption('E06000004');
  await page.getByLabel('Period ending', { exact: true }).selectOption('2022-03-31');
  await page.getByRole('button', { name: 'Show figures' }).click();
  await expect(page).toHaveURL(/la=E06000004/);
  await expect(page).toHaveURL(/period=2022-03-31/);
  await expect(page.getByRole('heading', { name: 'Children placed on 31 March 2022' })).toBeVisible();
  const url = page.url();
  await page.goto('/');
  await page.goto(url);
  await expect(page.getByLabel('Council', { exact: true })).toHaveValue('E06000004');
  await expect(page.getByLabel('Period ending', { exact: true })).toHaveValue('2022-03-31');
});

test('every chart is a figure with a caption, an image with alternative text, a data table, a source and a CSV download', async ({ page }) => {
  await page.goto('/dashboard?la=E06000004&period=2024-03-31');
  const figures = page.locator('figure.app-figure');
  await expect(figures).toHaveCount(4);
  for (const figure of await figures.all()) {
    const caption = (await figure.locator('figcaption').textContent())?.trim() ?? '';
    expect(caption.length).toBeGreaterThan(10);
    const img = figure.locator('.app-figure__chart[role="img"]');
    await expect(img).toHaveAttribute('aria-label', /.{20,}/);
    await expect(img.locator('svg.recharts-surface').first()).toBeVisible();
    await expect(figure.getByRole('table')).toBeVisible();
    await expect(figure.locator('table caption')).toContainText(caption);
    await expect(figure.getByText(/^Source: /)).toBeVisible();
    await expect(figure.getByRole('link', { name: /Download the figures behind this chart/ })).toHaveAttribute('href', /\/dashboard\/download\?/);
  }
});

test('the placement mix table shows the stored figures, with totals', async ({ page }) => {
  await page.goto('/dashboard?la=E06000004&period=2024-03-31');
  const table = page.locator('#placement-mix-table');
  const fostering = table.getByRole('row', { name: /^Fostering \(other foster carers\)/ });
  // Stockton's in-house fostering figure of the template example (sufficiency-template.md).
  await expect(fostering.getByRole('cell').first()).toHaveText('214');
  const total = table.getByRole('row', { name: /^All settings/ });
  await expect(total.getByRole('cell').last()).toHaveText('581');
});

test('a chart download is a template CSV of the figures behind it', async ({ page, request }) => {
  await page.goto('/dashboard?la=E06000004&period=2024-03-31');
  const href = await page.locator('#placement-mix').getByRole('link', { name: /Download the figures/ }).getAttribute('href');
  const res = await request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/csv');
  const lines = (await res.text()).trim().split('\n');
  expect(lines[0]).toBe(HEADER);
  expect(lines).toContain('2024-03-31,E06000004,Stockton-on-Tees,all,all,all,all,children_placed,581');
  expect(lines).toContain('2024-03-31,E06000004,Stockton-on-Tees,fostering,in_house,all,all,children_placed,214');
  expect(lines.every((l, i) => i === 0 || l.endsWith(',') === false)).toBe(true);

  const trend = await request.get('/dashboard/download?la=E06000004&period=2024-03-31&view=placement-trend');
  const periods = new Set((await trend.text()).trim().split('\n').slice(1).map((l) => l.split(',')[0]));
  expect([...periods].sort()).toEqual(['2020-03-31', '2021-03-31', '2022-03-31', '2023-03-31', '2024-03-31']);
});

test('a download with a bad request says what is wrong', async ({ request }) => {
  const res = await request.get('/dashboard/download?la=nonsense&period=2024-03-31');
  expect(res.status()).toBe(400);
  expect(await res.text()).toContain('ONS council code');
});

test('a period with no figures gets a clear message and the periods that exist', async ({ page }) => {
  await page.goto('/dashboard?la=E06000004&period=1999-03-31');
  await expect(page.locator('.govuk-error-summary')).toContainText('No figures are stored for Stockton-on-Tees');
  await expect(page.locator('.govuk-error-summary')).toContainText('31 March 2024');
});
