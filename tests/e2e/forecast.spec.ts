import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, storageFor } from './helpers';

/**
 * The demand forecast on the demo's Stockton-on-Tees returns: computed off the request path with
 * a progress page that refreshes itself, then the projection, the forward gap with planned
 * capacity, a scenario against the baseline, the back-test, and the priorities' projections.
 */

// Each forecast is simulated in a job process the first time it is asked for: give it time.
test.setTimeout(180_000);

/** Opens a forecast page and waits (through its own refreshes) until the results are there. */
async function openForecast(page: Page, url: string) {
  await page.goto(url);
  await expect(page.locator('#forecast-total')).toBeVisible({ timeout: 90_000 });
}

test('the forecast is computed off the request path, shows progress, then the projection with its table and CSV', async ({ page }) => {
  await page.goto('/dashboard/forecast?la=E06000004&months=24');
  // The first request finds nothing computed: a progress line, or the results if it was quick.
  await expect(page.locator('main')).toContainText(/Computing the forecast|Waiting to compute|Children looked after: the last two years/);
  // The page polls for progress instead of reloading: a name typed meanwhile is still there after.
  await expect(page.locator('meta[http-equiv="refresh" i]')).toHaveCount(0);
  const name = page.locator('#sc-name');
  if (await name.count()) await name.fill('Typed while computing');
  await expect(page.locator('#forecast-total')).toBeVisible({ timeout: 90_000 });
  if (await name.count()) await expect(name).toHaveValue('Typed while computing');
  const total = page.locator('#forecast-total');
  await expect(total.getByRole('row').filter({ hasText: '31 March 2024' }).getByRole('cell').nth(0)).toHaveText('581');
  await expect(total.locator('.app-figure__source')).toContainText('SSDA903');
  const csv = await page.request.get((await total.getByRole('link', { name: /Download/ }).getAttribute('href'))!);
  expect(csv.status()).toBe(200);
  expect((await csv.text()).split('\n')[0]).toBe('Month end,Recorded,"Projected, 5th percentile","Projected, median","Projected, 95th percentile",Places (today\'s plus planned changes)');
  // The places are drawn beside the projection, named in the legend, and are the forward gap's places today added up
  await expect(total.locator('.recharts-legend-wrapper')).toContainText("Places (today's plus planned changes)");
  const placesToday = await page.locator('#forecast-gap').getByRole('row').evaluateAll((rows) =>
    rows.slice(1).reduce((t, r) => t + (Number((r.querySelectorAll('td')[0]?.textContent ?? '').replace(/,/g, '')) || 0), 0),
  );
  expect(placesToday).toBeGreaterThan(0);
  await expect(total.getByRole('row').last().getByRole('cell').last()).toHaveText(placesToday.toLocaleString('en-GB'));
  await expect(page.locator('#forecast-backtest')).toContainText('Mean absolute percentage error');
  await expectNoAxeViolations(page);
});

test('a commissioner plans capacity and saves a scenario; the gap and the comparison follow', async ({ page }) => {
  await openForecast(page, '/dashboard/forecast?la=E06000004&months=12');
  await page.getByLabel('Setting', { exact: true }).selectOption('fostering');
  await page.getByLabel('From (YYYY-MM-DD)').fill('2024-06-01');
  await page.getByLabel('Places (+ added, − closed)').fill('40');
  await page.getByLabel('What (optional)').fill('recruitment campaign');
  await page.getByRole('button', { name: 'Add the change' }).click();
  await expect(page.getByTestId('plans')).toContainText('recruitment campaign');
  await openForecast(page, '/dashboard/forecast?la=E06000004&months=12');
  await expect(page.locator('#forecast-gap').getByRole('row').filter({ hasText: 'Fostering (other' }).getByRole('cell').nth(1)).toHaveText('40');

  // A bad change is refused with a message, and nothing is added.
  await page.getByLabel('Places (+ added, − closed)').fill('lots');
  await page.getByRole('button', { name: 'Add the change' }).click();
  await expect(page.locator('.govuk-error-summary')).toContainText('Enter the places added');

  // A rate change below -100% would make a rate negative: refused with the limit named.
  await page.getByLabel('Name', { exact: true }).fill('Impossible');
  await page.getByLabel('Children entering care (% change)').fill('-150');
  await page.getByRole('button', { name: 'Save the scenario' }).click();
  await expect(page.locator('.govuk-error-summary')).toContainText('from -100 (no one enters care) to 500');
  await expect(page.getByTestId('scenarios')).toHaveCount(0);

  await page.getByLabel('Name', { exact: true }).fill('Step down from homes');
  await page.getByLabel('Moves from').selectOption('residential');
  await page.getByLabel('to', { exact: true }).selectOption('fostering');
  await page.getByLabel('More such moves (%)').fill('20');
  await page.getByRole('button', { name: 'Save the scenario' }).click();
  await expect(page.locator('#forecast-scenario')).toBeVisible({ timeout: 90_000 });
  await expect(page.locator('#forecast-scenario')).toContainText('Baseline (mean)');
  await expect(page.getByTestId('scenarios')).toContainText("moves from children's homes to fostering");
  await expectNoAxeViolations(page);
});

test('the priorities show the projected value at their target date once the forecast is computed', async ({ page }) => {
  await openForecast(page, '/dashboard/forecast?la=E06000004&months=36');
  await page.goto('/dashboard/priorities?la=E06000004');
  await expect(page.getByRole('columnheader', { name: 'Projected at the target date' })).toBeVisible();
  await expect(page.getByTestId('projected').first()).toBeVisible();
  await expectNoAxeViolations(page);
});

test.describe('as a director', () => {
  test.use({ storageState: storageFor('director') });
  test('a director reads the forecast but cannot plan or save scenarios', async ({ page }) => {
    await openForecast(page, '/dashboard/forecast?la=E06000004&months=12');
    await expect(page.getByRole('button', { name: 'Add the change' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Save the scenario' })).toHaveCount(0);
  });
});

test('a window date that is not a date is said, and the default window is used', async ({ page }) => {
  await openForecast(page, '/dashboard/forecast?la=E06000004&months=12&ws=31/02/2023');
  await expect(page.locator('.govuk-error-summary')).toContainText('"31/02/2023", is not a date');
});

test('a council without returns is told what the forecast needs', async ({ page }) => {
  // Southwark has template figures only; the forecast page lists councils with returns, so ask for it directly.
  await page.goto('/dashboard/forecast?la=E09000028');
  await expect(page.getByTestId('forecast-insufficient')).toContainText('No SSDA903 returns', { timeout: 90_000 });
});
