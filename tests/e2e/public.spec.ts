import { expect, test, type APIRequestContext } from '@playwright/test';
import { expectNoAxeViolations } from './helpers';

const SIGNED_OUT = { cookies: [], origins: [] };

/** Values in published JSON that are counts: table cells of count columns and the summary counts. */
function countsIn(needs: {
  settings: { summary: Record<string, { value: number | null; symbol: string | null }>; byAge: T; byNeed: T; trend: T }[];
}): { value: number | null; symbol: string | null }[] {
  const out: { value: number | null; symbol: string | null }[] = [];
  for (const s of needs.settings) {
    out.push(s.summary.demand!, s.summary.toCommission!, s.summary.unmetNeed!);
    for (const t of [s.byAge, s.byNeed, s.trend]) {
      for (const r of t.rows) for (const c of t.columns) if (c.unit === 'count' && r.cells[c.key]) out.push(r.cells[c.key]!);
    }
  }
  return out;
}
type T = { columns: { key: string; unit: string }[]; rows: { cells: Record<string, { value: number | null; symbol: string | null }> }[] };

async function crawlPage(request: APIRequestContext, path: string): Promise<string[]> {
  const html = await (await request.get(path)).text();
  return [...html.matchAll(/href="(\/needs\/[^"]+\/download\?[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

test.describe('providers, signed out', () => {
  test.use({ storageState: SIGNED_OUT });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });
    test('the published needs list and a council page render fully on the server', async ({ page }) => {
      await page.goto('/needs');
      await expect(page.locator('#published-councils')).toContainText('Stockton-on-Tees');
      await expect(page.locator('#published-councils')).toContainText('Southwark');
      await page.getByRole('link', { name: 'Stockton-on-Tees' }).click();
      await expect(page.locator('h1')).toHaveText('Stockton-on-Tees: what we need from providers');
      await expect(page.locator('#needs-summary')).toContainText("Children's homes");
      await expect(page.locator('#public-priorities')).toContainText('More in-house foster places');
      await expect(page.locator('#public-priorities')).not.toContainText('Family settings first'); // not published
      await expect(page.locator('#events')).toContainText('Provider network');
      await expect(page.getByRole('figure').first().getByRole('table')).toBeVisible();
      // The drawing is loaded by script; without it the chart's place says where the figures are.
      const chart = page.getByRole('img', { name: /^Bar chart of demand/ }).first();
      await expect(chart.getByText('The chart needs JavaScript; the table below has the same figures.')).toBeVisible();
      await expect(chart.locator('svg')).toHaveCount(0);
    });
  });

  test('the first screen says what the council needs most, with definitions before the first table', async ({ page }) => {
    await page.goto('/needs/E06000004');
    await expect(page.locator('#needs-headline')).toContainText('About 115 more foster care places');
    await expect(page.locator('#needs-dates')).toContainText(/^Data to 31 March 2024, published \d{1,2} \w+ \d{4}\. The next update is due by /);
    // Definitions come before the first table.
    const order = await page.evaluate(() => {
      const defs = document.querySelector('#needs-definitions');
      const table = document.querySelector('table');
      return defs && table ? defs.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
    });
    expect(order).toBeTruthy();
    // Charts with nothing to draw say so instead of drawing empty axes, and keep their table.
    const empty = page.locator('figure', { hasText: 'Nothing to draw' });
    expect(await empty.count()).toBeGreaterThan(0);
    await expect(empty.first().getByRole('table')).toBeAttached();
  });

  test('the needs list links the Atom feed, which is served as Atom, and each region', async ({ page, request }) => {
    await page.goto('/needs');
    await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute('href', /\/needs\/feed\.xml$/);
    const feed = await request.get('/needs/feed.xml');
    expect(feed.status()).toBe(200);
    expect(feed.headers()['content-type']).toContain('application/atom+xml');
    expect(await feed.text()).toContain('Stockton-on-Tees published its needs');
    expect((await request.get('/needs/E06000004/feed.xml')).status()).toBe(200);
    expect((await request.get('/needs/E06000001/feed.xml')).status()).toBe(404);
    await page.getByRole('link', { name: 'North East' }).click();
    await expect(page.locator('h1')).toHaveText('North East: councils’ needs side by side');
    await expect(page.locator('#region-toCommission')).toContainText('Stockton-on-Tees');
  });

  test('axe finds no violations on the public pages', async ({ page }) => {
    for (const path of ['/needs', '/needs/E06000004', '/needs/E09000028']) {
      await page.goto(path);
      await expectNoAxeViolations(page);
    }
  });

  test('with JavaScript each chart is drawn after the page, in the place kept for it', async ({ page }) => {
    await page.goto('/needs/E06000004');
    const chart = page.getByRole('img', { name: /^Bar chart of demand/ }).first();
    await expect(chart.locator('svg.recharts-surface').first()).toBeVisible();
    await expect(chart.getByText('The chart needs JavaScript; the table below has the same figures.')).toBeHidden();
  });

  test('printing leaves out the navigation and keeps the tables', async ({ page }) => {
    await page.goto('/needs/E06000004');
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation', { name: 'Menu' })).toBeHidden();
    await expect(page.locator('#needs-summary')).toBeVisible();
  });

  test('no page, download or API response shows a count from 1 to 5 or any child-level field', async ({ request }) => {
    const downloads = new Set<string>();
    for (const path of ['/needs/E06000004', '/needs/E09000028']) {
      const res = await request.get(path);
      expect(res.status()).toBe(200);
      const html = await res.text();
      // Numeric table cells: none may hold 1 to 5 (percentages carry a % sign).
      const cells = [...html.matchAll(/govuk-table__cell--numeric">([^<]*)</g)].map((m) => m[1]!.trim());
      expect(cells.length).toBeGreaterThan(50);
      expect(cells.filter((c) => /^[1-5]$/.test(c))).toEqual([]);
      expect(cells).toContain('c');
      for (const d of await crawlPage(request, path)) downloads.add(d);
    }
    expect(downloads.size).toBeGreaterThan(10);
    for (const d of downloads) {
      const csv = (await (await request.get(d)).text()).trim().split('\n');
      const header = csv[0]!.split(',');
      const countCols = header.map((h, i) => (/^(children_placed|demand|commissioning_need|unmet_need|places_to_commission)$/.test(h) ? i : -1)).filter((i) => i >= 0);
      for (const line of csv.slice(1)) {
        const cols = line.split(',');
        for (const i of countCols) expect(/^[1-5]$/.test(cols[i] ?? ''), `${d}: ${line}`).toBe(false);
      }
    }
    for (const code of ['E06000004', 'E09000028']) {
      const body = await (await request.get(`/api/v1/public/needs/${code}`)).json();
      const counts = countsIn(body);
      expect(counts.filter((c) => c.symbol === null && c.value !== null && c.value >= 1 && c.value <= 5)).toEqual([]);
      expect(JSON.stringify(body)).not.toMatch(/"(child|dob|date_of_birth|postcode|home_post|pl_post|upn)"/i);
    }
  });

  test('the open API is cacheable (ETag, 304), readable from any site and described by OpenAPI', async ({ request }) => {
    const res = await request.get('/api/v1/public/needs/E06000004');
    expect(res.status()).toBe(200);
    const etag = res.headers().etag!;
    expect(etag).toMatch(/^".+"$/);
    expect(res.headers()['access-control-allow-origin']).toBe('*');
    expect(res.headers()['cache-control']).toContain('public');
    const again = await request.get('/api/v1/public/needs/E06000004', { headers: { 'if-none-match': etag } });
    expect(again.status()).toBe(304);
    const pre = await request.fetch('/api/v1/public/needs/E06000004', { method: 'OPTIONS' });
    expect(pre.status()).toBe(204);
    expect(pre.headers()['access-control-allow-methods']).toBe('GET, HEAD, OPTIONS');
    expect((await request.post('/api/v1/public/needs/E06000004', { data: '{}' })).status()).toBe(405);
    const list = await (await request.get('/api/v1/public/needs')).json();
    expect(list.councils.map((c: { code: string }) => c.code)).toEqual(['E09000028', 'E06000004']);
    expect((await request.get('/api/v1/public/needs/E06000001')).status()).toBe(404);
    const doc = await (await request.get('/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(['/api/v1/public/needs', '/api/v1/public/needs/{code}']);
  });
});

test('a commissioner withdraws after confirming, the old address says when (410), and republishes after a preview', async ({ page, browser }) => {
  let dialogs = 0;
  const publicCtx = await browser.newContext({ storageState: SIGNED_OUT });
  const visitor = await publicCtx.newPage();
  visitor.on('dialog', (d) => {
    dialogs += 1;
    void d.dismiss();
  });
  await page.goto('/dashboard/publish?la=E09000028');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Withdraw from the public side' }).click();
  // Nothing is withdrawn until the confirmation's own button is pressed.
  await expect(page.locator('#withdraw-confirm')).toContainText('Withdraw Southwark’s needs from the public side?');
  expect((await page.request.get('/api/v1/public/needs/E09000028')).status()).toBe(200);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Yes, withdraw' }).click();
  await expect(page.getByText('Withdrawn: providers no longer see')).toBeVisible();
  const gone = await visitor.goto('/needs/E09000028');
  expect(gone?.status()).toBe(410);
  await expect(visitor.locator('h1')).toHaveText('Southwark has withdrawn its published needs');
  await expect(visitor.locator('main')).toContainText(/withdrew the needs it had published for providers on \d{1,2} \w+ \d{4} at \d\d:\d\d/);
  await expectNoAxeViolations(visitor);
  const api = await page.request.get('/api/v1/public/needs/E09000028');
  expect(api.status()).toBe(410);
  expect(await api.json()).toMatchObject({ error: 'withdrawn', code: 'E09000028', withdrawnAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  expect((await page.request.get('/needs/E09000028/download?table=summary')).status()).toBe(410);
  // Never published at all: still 404.
  expect((await page.request.get('/needs/E06000001')).status()).toBe(404);

  await page.getByLabel('How to get in touch').fill('Call **us** <script>alert(1)</script> [bad](javascript:alert(2))');
  await page.getByRole('button', { name: 'Save the text' }).click();
  await expect(page.getByText('The text was saved.')).toBeVisible();
  await page.getByRole('button', { name: 'Preview and publish' }).click();
  // Against the withdrawn publication, nothing is on the public side now.
  await expect(page.locator('#publish-preview')).toContainText('How to get in touch');
  await expect(page.locator('#publish-preview')).toContainText('the new text');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Publish these needs' }).click();
  await expect(page.getByText('Published: providers now see')).toBeVisible();
  expect((await visitor.goto('/needs/E09000028'))?.status()).toBe(200);
  await expect(visitor.locator('h1')).toContainText('Southwark');
  await expect(visitor.locator('main')).toContainText('<script>alert(1)</script>');
  await expect(visitor.locator('main strong', { hasText: 'us' }).first()).toBeVisible();
  await expect(visitor.locator('a[href^="javascript:"]')).toHaveCount(0);
  expect(dialogs).toBe(0);
  await publicCtx.close();
});
