import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { expectNoAxeViolations, storageFor } from './helpers';

/**
 * Every page and route handler under app/, found by walking the folder (so a new route cannot be
 * missed), asked for with hostile parameters: each answer must be below 500, and the kinds the
 * shared parser refuses (lib/requestParams.ts) must be a 400 saying what was wrong.
 */
const APP = path.join(process.cwd(), 'app');
const SAMPLE: Record<string, string> = { id: '1', code: 'E06000004' };

interface Route {
  url: string;
  source: string;
}

function routes(dir = APP): Route[] {
  const out: Route[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...routes(full));
    else if (entry.name === 'page.tsx' || entry.name === 'route.ts') {
      const segments = path
        .relative(APP, dir)
        .split(path.sep)
        .filter((s) => s && !/^\(.*\)$/.test(s))
        .map((s) => (/^\[\.\.\..+\]$/.test(s) ? 'get-session' : s.replace(/^\[(.+)\]$/, (_, k: string) => SAMPLE[k] ?? '1')));
      out.push({ url: `/${segments.join('/')}`, source: fs.readFileSync(full, 'utf8') });
    }
  }
  return out;
}

/** The parameter names a route's source reads, plus the ones every dashboard page shares. */
function paramsOf(source: string): string[] {
  const names = new Set(['la', 'period']);
  for (const m of source.matchAll(/\.get\('(\w+)'\)/g)) names.add(m[1]!);
  for (const m of source.matchAll(/\b(?:q|params|raw|query)\.(\w+)\b/g)) names.add(m[1]!);
  for (const m of source.matchAll(/const \{([^}]+)\} = await searchParams/g)) {
    for (const n of m[1]!.split(',')) names.add(n.split(/[=:]/)[0]!.trim());
  }
  return [...names].filter((n) => /^\w+$/.test(n)).slice(0, 12);
}

const ROUTES = routes();

/** Refused by the shared parser: a 400 with the problem. */
const REFUSED = (p: string) => [
  `${p}=A&${p}=B`,
  `${p}=__proto__`,
  `${p}=constructor`,
  `${p}=%E0%A4%A`,
  `${p}=a%00b`,
  `${p}=${'x'.repeat(3000)}`,
];
/** Passed to the page, which must cope: below 500. */
const PASSED = (p: string) => [`${p}=1e308`, `${p}=-1`, `${p}=%3Cscript%3Ealert(1)%3C%2Fscript%3E`, `${p}=..%2F..%2Fetc%2Fpasswd`, `${p}=`];
const ROUTE_WIDE = ['__proto__=1', 'constructor[prototype]=1', 'offset=1e308', 'from=1e308&to=-1e308'];

test.describe('hostile query strings on every route', () => {
  test('the route list is read from app/ and covers the known routes', () => {
    const urls = ROUTES.map((r) => r.url);
    for (const u of ['/dashboard/audit', '/dashboard/history', '/dashboard/priorities/new', '/dashboard/publish', '/sign-in', '/api/v1/public/needs', '/needs/E06000004'])
      expect(urls).toContain(u);
    expect(urls.length).toBeGreaterThanOrEqual(40);
  });

  for (const route of ROUTES) {
    test(`${route.url}: every hostile parameter answers below 500`, async ({ playwright }) => {
      test.setTimeout(180_000);
      const role = route.url.startsWith('/dashboard/users') ? 'admin' : 'commissioner';
      const ctx: APIRequestContext = await playwright.request.newContext({
        baseURL: test.info().project.use.baseURL,
        storageState: storageFor(role),
      });
      const method = route.url.startsWith('/api/imports') ? 'post' : 'get';
      const failures: string[] = [];
      const ask = async (query: string) => {
        const res = await ctx[method](`${route.url}?${query}`, {
          maxRedirects: 0,
          headers: { accept: 'text/html' },
          ...(method === 'post' ? { data: 'x\n', headers: { 'x-file-name': 'x.csv', accept: 'text/html' } } : {}),
        });
        return res;
      };
      for (const p of paramsOf(route.source)) {
        for (const q of REFUSED(p)) {
          const res = await ask(q);
          const body = await res.text();
          if (res.status() !== 400 || !/This address cannot be used: .+/.test(body)) failures.push(`${q.slice(0, 60)} -> ${res.status()}`);
        }
        for (const q of PASSED(p)) {
          const res = await ask(q);
          if (res.status() >= 500) failures.push(`${q.slice(0, 60)} -> ${res.status()}`);
        }
      }
      for (const q of ROUTE_WIDE) {
        const res = await ask(q);
        if (res.status() >= 500) failures.push(`${q} -> ${res.status()}`);
      }
      await ctx.dispose();
      expect(failures, failures.join('\n')).toEqual([]);
    });
  }
});

test.describe('the hostile addresses of issue 17', () => {
  const CASES = [
    '/dashboard/history?la=E06000004&la=E09000028',
    '/dashboard/priorities?la=A&la=B',
    '/dashboard/priorities/new?la=A&la=B',
    '/dashboard/publish?la=A&la=B',
    '/dashboard/audit?action=sign_in&action=rollback',
    '/dashboard/audit?actor=a&actor=b',
    '/dashboard/benchmarks?comparators=__proto__',
    '/sign-in?error=__proto__',
    '/dashboard/users?done=__proto__',
    '/dashboard/audit?offset=1e308',
  ];
  for (const url of CASES) {
    test(`${url} answers 400 with the problem, as a page`, async ({ page }) => {
      const res = await page.goto(url);
      expect(res?.status()).toBe(400);
      await expect(page.locator('h1')).toHaveText('There is a problem with this address');
      await expect(page.locator('main')).toContainText(/This address cannot be used: ".+"/);
    });
  }

  test('the app’s own addresses still work: dates where a number could be, pages, versions', async ({ page }) => {
    for (const url of ['/dashboard/audit?from=2026-01-01&to=2026-12-31&action=sign_in', '/dashboard/audit?offset=50', '/dashboard/history?la=E06000004&period=2024-03-31&from=1&to=2']) {
      const res = await page.goto(url);
      expect(res?.status(), url).toBe(200);
    }
  });

  test('the 400 page passes axe (WCAG 2.2 AA) and links back without the parameters', async ({ page }) => {
    await page.goto('/dashboard/audit?offset=1e308');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Go to /dashboard/audit without its parameters' }).click();
    await expect(page).toHaveURL(/\/dashboard\/audit$/);
  });

  test('an x-file-name that does not decode answers 400, not 500', async ({ request }) => {
    const res = await request.post('/api/imports', { data: 'x\n', headers: { 'x-file-name': '%E0%A4%A.csv' } });
    expect(res.status()).toBe(400);
    expect((await res.json()).message).toMatch(/x-file-name header is not correctly percent-encoded/);
  });
});
