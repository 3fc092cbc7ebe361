import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './helpers';

const PAGE = '/dashboard/fostering?la=E06000004';

test('the recruitment page for Stockton-on-Tees shows the funnel and the households, each as a figure with its table', async ({ page }) => {
  await page.goto(PAGE);
  await expect(page.getByRole('heading', { level: 1, name: 'Foster carer recruitment and retention' })).toBeVisible();
  await expect(page.locator('.govuk-caption-l')).toHaveText('Stockton-on-Tees');
  const figures = page.locator('figure.app-figure');
  await expect(figures).toHaveCount(2);
  for (const figure of await figures.all()) {
    await expect(figure.locator('.app-figure__chart[role="img"]')).toHaveAttribute('aria-label', /.{20,}/);
    await expect(figure.getByRole('table')).toBeVisible();
    await expect(figure.getByText(/^Source: /)).toBeVisible();
  }

  // data/demo/sufficiency_E06000004.csv, fostering, in-house, 2024: 237 enquiries, 31 applications,
  // 18 approved, 21 deregistered, 163 households (166 in 2023). Rates by hand: 31/237 = 13%,
  // 18/31 = 58%, 18/237 = 8%; net change 18 - 21 = -3; loss rate 21/166 = 13%.
  const funnel = page.locator('#fostering-funnel-table');
  await expect(funnel.getByRole('columnheader', { name: 'Approvals per enquiry' })).toBeVisible();
  await expect(funnel.getByRole('row', { name: /^2023-24/ }).getByRole('cell')).toHaveText(['237', '31', '18', '13%', '58%', '8%']);
  const households = page.locator('#fostering-households-table');
  await expect(households.getByRole('columnheader', { name: 'Loss rate' })).toBeVisible();
  await expect(households.getByRole('row', { name: /^2023-24/ }).getByRole('cell')).toHaveText(['163', '18', '21', '-3', '13%']);
  // The first year has no year before it, so no loss rate.
  await expect(households.getByRole('row', { name: /^2019-20/ }).getByRole('cell').last()).toHaveText('–');
  await expectNoAxeViolations(page);
});

test('choosing kinship fostering puts the choice in the URL and shows kinship figures', async ({ page }) => {
  await page.goto(PAGE);
  await page.getByLabel('Foster carers', { exact: true }).selectOption('kinship_fostering');
  await page.getByRole('button', { name: 'Show figures' }).click();
  await expect(page).toHaveURL(/setting=kinship_fostering/);
  // Kinship 2024 in the demo file: 46 enquiries.
  await expect(page.locator('#fostering-funnel-table').getByRole('row', { name: /^2023-24/ }).getByRole('cell').first()).toHaveText('46');
});

test('the approvals-needed form answers for a target of 200 households by 31 March 2027, with the working', async ({ page }) => {
  await page.goto(PAGE);
  await page.getByLabel('Target number of approved fostering households').fill('200');
  await page.getByLabel('Target date').fill('2027-03-31');
  await page.getByRole('button', { name: 'Work out approvals needed' }).click();
  await expect(page).toHaveURL(/target=200/);
  await expect(page).toHaveURL(/by=2027-03-31/);
  // By hand from the demo file: 163 households on 31 March 2024, 3 years to 31 March 2027.
  // Loss rates 2022-2024: 22/173, 32/169, 21/166 -> mean 14.77%; x 163 = 24.07 a year.
  // Growth (200 - 163) / 3 = 12.33 a year; 36.40 -> 37 approvals a year.
  // Approvals per enquiry 2022-2024: 18/261, 29/264, 18/237 -> mean 8.49%; 37 / 8.49% = 435.7 -> 436.
  const answer = page.locator('#approvals-answer');
  await expect(answer).toContainText('37 households a year');
  await expect(answer).toContainText('436 enquiries a year');
  await expect(answer.getByRole('heading', { name: 'How this is worked out' })).toBeVisible();
  await expect(answer).toContainText('(200 − 163) ÷ 3 years');
  await expect(answer).toContainText('uses the households now');
  await expect(page.locator('.govuk-error-summary')).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('a target date in the past gets an error summary linked to the date field', async ({ page }) => {
  await page.goto(PAGE);
  await page.getByLabel('Target number of approved fostering households').fill('200');
  await page.getByLabel('Target date').fill('2020-03-31');
  await page.getByRole('button', { name: 'Work out approvals needed' }).click();
  const summary = page.locator('.govuk-error-summary');
  await expect(summary).toBeVisible();
  const link = summary.getByRole('link', { name: 'The target date must be in the future' });
  await expect(link).toHaveAttribute('href', '#by');
  await expect(page.getByLabel('Target date')).toHaveAttribute('aria-describedby', /by-error/);
  await expect(page.locator('#by-error')).toContainText('The target date must be in the future');
  await expect(page.locator('#approvals-answer')).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('the CSV download is a template file of the recruitment figures for every period', async ({ page, request }) => {
  await page.goto(PAGE);
  const href = await page.locator('#fostering-funnel').getByRole('link', { name: /Download the figures/ }).getAttribute('href');
  expect(href).toMatch(/^\/dashboard\/fostering\/download\?/);
  const res = await request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/csv');
  const lines = (await res.text()).trim().split('\n');
  expect(lines[0]).toBe('period_end,la_code,la_name,setting,provision,age_band,need,measure,value');
  expect(lines).toContain('2024-03-31,E06000004,Stockton-on-Tees,fostering,in_house,all,all,enquiries,237');
  expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(5);

  const all = await request.get('/dashboard/fostering/download?la=E06000004');
  const measures = new Set((await all.text()).trim().split('\n').slice(1).map((l) => l.split(',')[7]));
  expect([...measures].sort()).toEqual(['applications', 'carer_households', 'enquiries', 'households_approved', 'households_deregistered']);
});
