import { expect, test, type Page } from '@playwright/test';
import { DEMO, expectNoAxeViolations, storageFor } from './helpers';
import { ALL_ROUTES } from './routes';

/** The dashboard menu's links, in order. */
async function menuLinks(page: Page) {
  return page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link');
}

test.describe('keeping my place', () => {
  test.use({ storageState: storageFor('director') });

  test('the council and period chosen survive clicking through the whole menu, and are remembered', async ({ page }) => {
    await page.goto('/dashboard');
    await page.getByLabel('Council', { exact: true }).selectOption('E06000004');
    await page.getByLabel('Period ending', { exact: true }).selectOption('2023-03-31');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await expect(page).toHaveURL(/la=E06000004/);
    const labels = await (await menuLinks(page)).allTextContents();
    expect(labels.length).toBeGreaterThan(10);
    for (const label of labels) {
      await (await menuLinks(page)).getByText(label, { exact: true }).click();
      await expect(page.locator('h1')).toBeVisible();
      const council = page.getByLabel('Council', { exact: true });
      if ((await council.count()) > 0) {
        await expect(council, `council on ${label}`).toHaveValue('E06000004');
        expect(page.url(), `URL of ${label}`).toContain('la=E06000004');
      }
      const period = page.getByLabel('Period ending', { exact: true });
      if ((await period.count()) > 0) await expect(period, `period on ${label}`).toHaveValue('2023-03-31');
    }
    // A page opened with no council in its address opens on the one last chosen.
    await page.goto('/dashboard/gaps');
    await expect(page).toHaveURL(/la=E06000004&period=2023-03-31/);
    // Back to the demo's first council and latest period, as the other specs expect.
    await page.goto('/dashboard?la=E09000028&period=2024-03-31');
    await expect(page.getByLabel('Council', { exact: true })).toHaveValue('E09000028');
  });
});

test.describe('start pages', () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  for (const [role, start] of [
    ['director', /\/dashboard\/director(\?|$)/],
    ['commissioner', /\/dashboard(\?|$)/],
    ['admin', /\/dashboard\/users(\?|$)/],
  ] as const) {
    test(`a ${role} lands on their own start page after signing in`, async ({ page }) => {
      await page.goto('/sign-in');
      await page.getByLabel('Email address').fill(DEMO[role].email);
      await page.getByLabel('Password').fill(DEMO[role].password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page).toHaveURL(start);
      await expect(page.getByText(`Signed in as ${DEMO[role].email}`)).toBeVisible();
    });
  }
});

/** How far the page scrolls sideways, and the widest elements that stick out (to say what to fix). */
async function sideways(page: Page) {
  return page.evaluate(() => {
    const over = document.scrollingElement!.scrollWidth - window.innerWidth;
    const culprits = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`);
    return { over, culprits };
  });
}

/** Pairs of text labels in one chart whose boxes overlap, once every chart on the page has drawn. */
async function overlappingLabels(page: Page): Promise<string[]> {
  const charts = page.locator('.app-figure__chart');
  const n = await charts.count();
  if (n === 0) return [];
  // One drawing per chart (the legend's little swatches are svgs too, not counted).
  await expect(page.locator('.app-figure__chart .recharts-wrapper > svg.recharts-surface')).toHaveCount(n);
  return page.evaluate(() =>
    [...document.querySelectorAll('.app-figure__chart .recharts-wrapper > svg.recharts-surface')].flatMap((svg, i) => {
      const boxes = [...svg.querySelectorAll('text')]
        .map((t) => ({ text: t.textContent ?? '', r: t.getBoundingClientRect() }))
        .filter((b) => b.text.trim() !== '' && b.r.width > 0);
      const out: string[] = [];
      for (let a = 0; a < boxes.length; a++)
        for (let b = a + 1; b < boxes.length; b++) {
          const p = boxes[a]!.r;
          const q = boxes[b]!.r;
          const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
          const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
          if (w > 1 && h > 1) out.push(`chart ${i + 1}: "${boxes[a]!.text}" over "${boxes[b]!.text}"`);
        }
      return out;
    }),
  );
}

test.describe('pages that fit the screen and stay put', () => {
  for (const route of ALL_ROUTES) {
    test(`${route} does not scroll sideways, nor print chart labels over each other, at 1280 or 375 px wide`, async ({ page }) => {
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(route);
        await expect(page.locator('h1')).toBeVisible();
        // Charts draw after the page loads: wait for them before measuring.
        await page.waitForLoadState('networkidle');
        const { over, culprits } = await sideways(page);
        expect(over, `${route} at ${width} px: ${culprits.join('; ')}`).toBeLessThanOrEqual(0);
        expect(await overlappingLabels(page), `overlapping chart labels on ${route} at ${width} px`).toEqual([]);
      }
      // No page reloads itself (a meta refresh wiped what was being typed, and fails WCAG 2.2.1).
      await expect(page.locator('meta[http-equiv="refresh" i]')).toHaveCount(0);
    });
  }
});

test.describe('GOV.UK patterns', () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  test('after a failed sign-in, focus is on the error summary', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(DEMO.director.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.locator('.govuk-error-summary')).toBeFocused();
  });

  test('the glossary explains the terms of the trade, the pages link to it, and the site has an icon', async ({ page }) => {
    await page.goto('/glossary');
    await expect(page.locator('#pr1-pr5')).toContainText('PR4 a private provider');
    await expect(page.locator('#ssda903')).toBeVisible();
    await expect(page.locator('#combined-view')).toBeVisible();
    await expect(page.getByRole('contentinfo').getByRole('link', { name: 'Glossary' })).toBeVisible();
    const icon = await page.locator('link[rel="icon"]').first().getAttribute('href');
    expect(icon).toBeTruthy();
    expect((await page.request.get(icon!)).status()).toBe(200);
  });
});

test.describe('printing', () => {
  test.use({ storageState: storageFor('director') });
  test('the director’s view prints on A4: every table within the page width, no link paths, a footer with council and date', async ({ page }) => {
    // A4 less the 12 mm side margins: 186 mm, 703 px at 96 px an inch.
    const printable = 703;
    await page.setViewportSize({ width: printable, height: 1000 });
    await page.goto('/dashboard/director?la=E06000004&period=2024-03-31');
    await expect(page.locator('h1')).toBeVisible();
    await page.emulateMedia({ media: 'print' });
    const tables = await page.evaluate(() => [...document.querySelectorAll('table')].map((t) => ({ id: t.id || t.caption?.textContent || '', right: t.getBoundingClientRect().right })));
    expect(tables.length).toBeGreaterThan(2);
    for (const t of tables) expect(t.right, `table ${t.id}`).toBeLessThanOrEqual(printable);
    const footer = page.locator('.app-print-footer');
    await expect(footer).toBeVisible();
    await expect(footer).toContainText('Stockton-on-Tees');
    await expect(footer).toContainText(/Printed on \d{1,2} \w+ \d{4}/);
    const after = await page.evaluate(() => getComputedStyle(document.querySelector('main a[href^="/"]')!, '::after').content);
    expect(['none', 'normal']).toContain(after);
    await expect(page.getByRole('navigation', { name: 'Dashboard' })).toBeHidden();
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
  });
});

test('a council’s page says how old its figures are, and warns when they are more than 15 months old', async ({ page }) => {
  await page.goto('/dashboard?la=E06000004&period=2024-03-31');
  const age = page.getByTestId('data-age');
  await expect(age).toContainText('Stockton-on-Tees');
  await expect(age).toContainText('period ending 31 March 2024');
  // Figures to March 2024 are past 15 months old from July 2025 on (these tests run later than that).
  await expect(age).toContainText('more than 15 months');
});

test('a chart’s table downloads as on screen, beside the template-format download', async ({ page }) => {
  await page.goto('/dashboard?la=E06000004&period=2024-03-31');
  const figure = page.locator('#weekly-cost');
  const href = await figure.getByRole('link', { name: 'Download this table (CSV)' }).getAttribute('href');
  await expect(figure.getByRole('link', { name: /Download the figures behind this chart/ })).toBeVisible();
  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  const [header, ...lines] = (await res.text()).trim().split(/\r?\n/);
  const onScreen = (await figure.locator('table thead th').allTextContents()).map((t) => t.trim());
  expect(header!.split(',').map((h) => h.replace(/^"|"$/g, ''))).toEqual(onScreen);
  expect(lines).toHaveLength(await figure.locator('table tbody tr').count());
});

test.describe("the audit filter's dates", () => {
  test('are GOV.UK date inputs (day, month, year); an impossible date is said, with focus on the summary; older links still work', async ({ page }) => {
    await page.goto('/dashboard/audit');
    await expect(page.locator('input[type="date"]')).toHaveCount(0);
    const from = page.getByRole('group', { name: 'From' });
    await from.getByLabel('Day').fill('1');
    await from.getByLabel('Month').fill('1');
    await from.getByLabel('Year').fill('2020');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/from-day=1&from-month=1&from-year=2020/);
    await expect(page.locator('.govuk-error-summary')).toHaveCount(0);
    // Sign-ins of this test run are after 1 January 2020: the trail is listed, the download link carries the date.
    await expect(page.getByRole('table')).toContainText('Signed in');
    await expect(page.getByRole('link', { name: 'Download these events (CSV)' })).toHaveAttribute('href', /from=2020-01-01/);
    await expect(from.getByLabel('Year')).toHaveValue('2020');

    const to = page.getByRole('group', { name: 'To (inclusive)' });
    await to.getByLabel('Day').fill('31');
    await to.getByLabel('Month').fill('6');
    await to.getByLabel('Year').fill('2026');
    const res = page.waitForResponse((r) => r.url().includes('/dashboard/audit?'));
    await page.getByRole('button', { name: 'Filter' }).click();
    expect((await res).status()).toBe(200);
    const summary = page.locator('.govuk-error-summary');
    await expect(summary).toContainText('To date must be a real date: that month has no day 31');
    await expect(summary).toBeFocused();
    await expect(to).toContainText('Error: To date must be a real date');
    await expectNoAxeViolations(page);
    await summary.getByRole('link').click();
    await expect(to.getByLabel('Day')).toBeFocused();
    expect((await page.request.get('/dashboard/audit/download?to-day=31&to-month=6&to-year=2026')).status()).toBe(400);

    // The one-field form of older links fills the three fields in.
    await page.goto('/dashboard/audit?from=2026-01-31');
    await expect(from.getByLabel('Day')).toHaveValue('31');
    await expect(from.getByLabel('Month')).toHaveValue('1');
    await expect(from.getByLabel('Year')).toHaveValue('2026');
  });
});
