import { expect, test, type Locator } from '@playwright/test';
import { expectNoAxeViolations } from './helpers';

const GAPS = '/dashboard/gaps?la=E06000004&period=2024-03-31';
const DIRECTOR = '/dashboard/director?la=E06000004&period=2024-03-31';
const GAP_CSV_HEADER =
  'la_code,period_end,setting,age_band,need,demand,in_house_places,commissioned_places,places_vacant,commissioning_need,unmet_need';

/** The numbers of one column of the gap table, top to bottom; symbols and dashes as null. */
async function column(table: Locator, key: string): Promise<Array<number | null>> {
  const texts = await table.locator(`tbody td[data-column="${key}"]`).allTextContents();
  return texts.map((t) => (/^[\d,]+$/.test(t.trim()) ? Number(t.trim().replace(/,/g, '')) : null));
}

test.describe('gap analysis', () => {
  test('the table puts the largest number of places to commission first', async ({ page }) => {
    await page.goto(GAPS);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Gap analysis/);
    const table = page.locator('#gaps-table');
    await expect(table).toBeVisible();
    const needs = await column(table, 'commissioning_need');
    const numbers = needs.filter((n): n is number => n !== null);
    expect(numbers.length).toBeGreaterThan(1);
    expect(needs[0]).toBe(Math.max(...numbers));
    await expect(table.locator('th[aria-sort]')).toHaveAttribute('aria-sort', 'descending');
  });

  test('a column header link sorts the table through the URL', async ({ page }) => {
    await page.goto(GAPS);
    const table = page.locator('#gaps-table');
    await table.getByRole('link', { name: /^Demand/ }).click();
    await expect(page).toHaveURL(/sort=demand&dir=desc/);
    const desc = (await column(table, 'demand')).filter((n): n is number => n !== null);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    await expect(table.getByRole('columnheader', { name: /^Demand/ })).toHaveAttribute('aria-sort', 'descending');

    await table.getByRole('link', { name: /^Demand/ }).click();
    await expect(page).toHaveURL(/sort=demand&dir=asc/);
    const asc = (await column(table, 'demand')).filter((n): n is number => n !== null);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    expect(asc).not.toEqual(desc);
    await expect(table.getByRole('columnheader', { name: /^Demand/ })).toHaveAttribute('aria-sort', 'ascending');
  });

  test('filtering by setting keeps only that setting', async ({ page }) => {
    await page.goto(GAPS);
    await page.getByLabel('Setting', { exact: true }).selectOption('residential');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/setting=residential/);
    const settings = await page.locator('#gaps-table tbody th[scope="row"]').allTextContents();
    expect(settings.length).toBeGreaterThan(0);
    expect(new Set(settings.map((s) => s.trim()))).toEqual(new Set(["Children's homes"]));
  });

  test('the CSV download is the filtered table with its header line', async ({ page, request }) => {
    await page.goto(`${GAPS}&setting=residential`);
    const href = await page.getByRole('link', { name: 'Download this table (CSV)' }).getAttribute('href');
    expect(href).toContain('/dashboard/gaps/download?');
    const res = await request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('text/csv');
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe(GAP_CSV_HEADER);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.startsWith('E06000004,2024-03-31,residential,'))).toBe(true);
  });

  test('axe finds no WCAG 2.2 AA violations on the gap analysis', async ({ page }) => {
    await page.goto(GAPS);
    await expect(page.locator('h1')).toBeVisible();
    await expectNoAxeViolations(page);
  });
});

test.describe("director's overview", () => {
  test('shows the published 581 children placed and the change on last year in words', async ({ page }) => {
    await page.goto(DIRECTOR);
    const headline = page.locator('[data-headline="children_placed"]');
    await expect(headline.locator('.app-headline__value')).toHaveText('581');
    await expect(headline.locator('[data-change]')).toHaveText(/^(up [\d,]+|down [\d,]+|no change) on 2022-23/);
    await expect(page.locator('[data-headline="pct_family_settings"] .app-headline__value')).toHaveText('66%');
    await expect(page.locator('[data-headline="pct_family_settings"] [data-change]')).toHaveText(/pts? on 2022-23|no change/);
  });

  test('the what-if form answers in words', async ({ page }) => {
    await page.goto(DIRECTOR);
    const from = page.getByRole('group', { name: 'Move children from' });
    const to = page.getByRole('group', { name: 'Move children to' });
    await from.getByLabel('Setting').selectOption('residential');
    await from.getByLabel('Provider').selectOption('private');
    await to.getByLabel('Setting').selectOption('fostering');
    await to.getByLabel('Provider').selectOption('in_house');
    await page.getByRole('textbox', { name: 'Number of children' }).fill('5');
    await page.getByRole('button', { name: 'Work out the effect' }).click();
    await expect(page).toHaveURL(/children=5/);
    await expect(page.locator('[data-what-if-answer]')).toContainText(
      /Moving 5 children from Children's homes \(Private\) to Fostering \(other foster carers; In-house\) would change annual spend by −£[\d,]+: from £[\d,.]+ to £[\d,.]+ a week each\./,
    );
  });

  test('the what-if form explains an error for 0 children, linked to the field', async ({ page }) => {
    await page.goto(DIRECTOR);
    await page.getByRole('textbox', { name: 'Number of children' }).fill('0');
    await page.getByRole('button', { name: 'Work out the effect' }).click();
    const summary = page.locator('.govuk-error-summary');
    await expect(summary).toContainText('There is a problem');
    const link = summary.getByRole('link', { name: /between 1 and 10,000/ });
    await expect(link).toHaveAttribute('href', '#children');
    await expect(page.locator('#children-error')).toContainText('between 1 and 10,000');
    await expect(page.getByRole('textbox', { name: 'Number of children' })).toHaveAttribute('aria-describedby', /children-error/);
    await expect(page.locator('[data-what-if-answer]')).toHaveCount(0);
    await expectNoAxeViolations(page);
  });

  test('axe finds no WCAG 2.2 AA violations on the director’s overview', async ({ page }) => {
    await page.goto(DIRECTOR);
    await expect(page.locator('h1')).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
