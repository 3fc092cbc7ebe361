import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, storageFor } from './helpers';

test('the demo priorities show their status as words, with the thresholds explained', async ({ page }) => {
  await page.goto('/dashboard/priorities?la=E06000004');
  const table = page.locator('#priorities-table');
  // The status is judged today against the line: 236 places on 31 March 2024, unchanged since, is
  // well behind the line to 280 by 31 March 2027 from late 2024 on (overdue after that date).
  const places = table.getByRole('row', { name: /More in-house foster places/ });
  await expect(places).toContainText(/Off track|Overdue/);
  await expect(places).toContainText('from the figure of 31 March 2024');
  await expect(table.getByRole('row', { name: /No under-16s in supported accommodation/ })).toContainText('Met');
  await expect(page.getByText(/at risk.*when it is behind by no more than 25%/)).toBeVisible();
  await expectNoAxeViolations(page);
});

test('a commissioner creates a priority, sees its status, edits it and sees the change recorded', async ({ page }) => {
  await page.goto('/dashboard/priorities?la=E09000028');
  await page.getByRole('link', { name: 'Add a priority' }).click();
  await expect(page.locator('h1')).toHaveText('Add a priority');
  await expectNoAxeViolations(page);

  // Bad input first: every problem in the error summary, linked to its field.
  await page.getByLabel('Title').fill('Fewer children in residential care');
  await page.getByLabel('Measure').selectOption('pct_residential');
  await page.getByLabel('Setting').selectOption('residential');
  await page.getByLabel('Direction').selectOption('decrease');
  await page.getByLabel('Baseline value').fill('11');
  await page.getByLabel('Baseline date').fill('2024-03-31');
  await page.getByLabel('Target value').fill('lots');
  await page.getByLabel('Target date').fill('2023-03-31');
  await page.getByRole('button', { name: 'Save priority' }).click();
  const summary = page.locator('.govuk-error-summary');
  await expect(summary).toContainText('not defined for a particular setting');
  // GOV.UK's pattern: focus moves to the summary, so the error is heard at once.
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('Enter the target as a number');
  await expectNoAxeViolations(page);
  await summary.getByRole('link', { name: /Enter the target as a number/ }).click();
  await expect(page.getByLabel('Target value')).toBeFocused();

  await page.getByLabel('Setting').selectOption('all');
  await page.getByLabel('Target value').fill('8');
  await page.getByLabel('Target date').fill('2027-03-31');
  await page.getByLabel('Owner').fill('Head of Commissioning');
  await page.getByLabel('Published to providers').check();
  await page.getByRole('button', { name: 'Save priority' }).click();
  await expect(page.getByText('The priority was saved.')).toBeVisible();
  await expect(page.locator('h1')).toHaveText('Fewer children in residential care');
  // Southwark 2024: 42 of 397 in children's homes = 10.6%, below the 11% baseline, but judged today
  // (December 2026 on) the line from 11% to 8% by March 2027 is below 8.4%: off track, then overdue.
  await expect(page.getByText('Status today:')).toContainText(/Off track|Overdue/);
  const history = page.locator('figure.app-figure');
  await expect(history.getByRole('table')).toContainText('31 March 2024');
  // The chart runs on to the target date: the table's last row is the target, beside the straight line
  const lastRow = history.getByRole('table').locator('tbody tr').last();
  await expect(lastRow.locator('th')).toHaveText('31 March 2027');
  await expect(lastRow.locator('td')).toHaveText(['–', /^8(\.0)?%$/, /^8(\.0)?%$/]);
  await expect(history.locator('.recharts-legend-wrapper')).toContainText('Target (31 March 2027)');
  // The date axis reaches the target's date (recharts keeps the last label: interval preserveStartEnd)
  await expect(history.locator('.recharts-wrapper > svg text').filter({ hasText: /^Mar 2027$/ })).toHaveCount(1);
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: 'Change this priority' }).click();
  await page.getByLabel('Target value').fill('9');
  await page.getByRole('button', { name: 'Save priority' }).click();
  await expect(page.getByText('The priority was saved.')).toBeVisible();
  await expect(page.getByText(/targetValue from “8” to “9”/)).toBeVisible();
  await expect(page.getByText('commissioner@demo.sufficiency.local: created')).toBeVisible();
});

test.describe('as a director', () => {
  test.use({ storageState: storageFor('director') });
  test('sees the priorities with their status but cannot add or change one', async ({ page }) => {
    await page.goto('/dashboard/priorities?la=E06000004');
    await expect(page.locator('#priorities-table')).toContainText('More in-house foster places');
    await expect(page.getByRole('link', { name: 'Add a priority' })).toHaveCount(0);
    const res = await page.goto('/dashboard/priorities/new?la=E06000004');
    expect(res?.status()).toBe(403);
    await page.goto('/dashboard/director?la=E06000004&period=2024-03-31');
    await expect(page.locator('#priorities-table')).toContainText('More in-house foster places');
  });
});
