import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { badRequest } from '@/lib/badRequest';
import { checkQuery, decodeFileNameHeader, parseQuery } from '@/lib/requestParams';

const problem = (q: string) => {
  const r = checkQuery(q);
  return r.ok ? null : r.problem;
};

describe('checkQuery: the one check every query string passes before a page sees it', () => {
  it('accepts the app’s own addresses, decoding them into a null-prototype object', () => {
    const r = checkQuery('?la=E06000004&period=2024-03-31&actor=a%40b.uk&q=a+b');
    expect(r).toEqual({ ok: true, params: Object.assign(Object.create(null), { la: 'E06000004', period: '2024-03-31', actor: 'a@b.uk', q: 'a b' }) });
    expect(r.ok && Object.getPrototypeOf(r.params)).toBeNull();
    expect(checkQuery('')).toMatchObject({ ok: true });
    expect(checkQuery('?offset=50&limit=100&from=1&to=2')).toMatchObject({ ok: true });
  });
  it('refuses a repeated key, naming it', () => {
    expect(problem('?la=A&la=B')).toBe('"la" is given more than once: give it once');
    expect(problem('?action=x&actor=y&action=z')).toMatch(/"action" is given more than once/);
  });
  it('refuses prototype names as keys or values', () => {
    for (const q of ['?__proto__=1', '?constructor=x', '?__proto__[x]=1&a=1'.replace('[x]', ''), '?toString=1', '?prototype=1']) {
      expect(problem(q), q).toMatch(/is not a parameter this site uses/);
    }
    for (const q of ['?comparators=__proto__', '?error=__proto__', '?done=constructor', '?la=hasOwnProperty']) {
      expect(problem(q), q).toMatch(/cannot be "/);
    }
  });
  it('refuses out-of-range or malformed numbers where a number is expected', () => {
    for (const q of ['?offset=1e308', '?offset=Infinity', '?offset=NaN', '?limit=99999999999', '?from=1.5', '?to=0x10', '?offset=-1', '?offset=%2B5', '?year=2024.0']) {
      expect(problem(q), q).toMatch(/must be a whole number/);
    }
    // What is not a number at all is the page's to judge: the audit trail's from and to are dates.
    expect(problem('?from=2026-01-01&to=2026-12-31')).toBeNull();
    expect(problem('?year=2024abc')).toBeNull();
    expect(problem('?offset=')).toBeNull();
    expect(problem('?la=1e308')).toBeNull();
  });
  it('refuses bad encodings, control characters and excess', () => {
    expect(problem('?la=%E0%A4%A')).toMatch(/not correctly percent-encoded/);
    expect(problem('?la=%ZZ')).toMatch(/not correctly percent-encoded/);
    expect(problem('?la=%ED%A0%80')).toMatch(/not correctly percent-encoded/); // a lone surrogate
    expect(problem('?%E0=1')).toMatch(/not correctly percent-encoded/);
    expect(problem('?la=a%00b')).toMatch(/control character/);
    expect(problem('?la=a%0Ab')).toMatch(/control character/);
    expect(problem(`?la=${'x'.repeat(2049)}`)).toMatch(/longer than 2048/);
    expect(problem(`?${'k'.repeat(65)}=1`)).toMatch(/longer than 64/);
    expect(problem(`?${Array.from({ length: 51 }, (_, i) => `k${i}=1`).join('&')}`)).toMatch(/more than 50/);
    expect(problem(`?a=${'x'.repeat(9000)}`)).toMatch(/longer than 8192/);
    expect(problem('?=1')).toMatch(/no name/);
  });
});

describe('parseQuery: a page’s own schema on top', () => {
  const Schema = z.object({ la: z.string().regex(/^E\d{8}$/, { error: 'must be a council code such as E06000004' }).optional() });
  it('gives the data or the first problem with its parameter', () => {
    expect(parseQuery('?la=E06000004', Schema)).toEqual({ ok: true, data: { la: 'E06000004' } });
    expect(parseQuery(new URLSearchParams('la=X'), Schema)).toEqual({ ok: false, problem: '"la": must be a council code such as E06000004' });
    expect(parseQuery('?la=A&la=B', Schema)).toMatchObject({ ok: false, problem: expect.stringMatching(/more than once/) });
  });
});

describe('decodeFileNameHeader', () => {
  it('decodes what the import page sends, and refuses what does not decode', () => {
    expect(decodeFileNameHeader(encodeURIComponent('Stockton 2024+ (v2).csv'))).toEqual({ ok: true, name: 'Stockton 2024+ (v2).csv' });
    expect(decodeFileNameHeader('plain.csv')).toEqual({ ok: true, name: 'plain.csv' });
    expect(decodeFileNameHeader(null)).toEqual({ ok: true, name: 'upload.csv' });
    expect(decodeFileNameHeader('  ', 'x.xml')).toEqual({ ok: true, name: 'x.xml' });
    expect(decodeFileNameHeader('%E0%A4%A.csv')).toMatchObject({ ok: false, problem: expect.stringMatching(/percent-encoded/) });
    expect(decodeFileNameHeader('a%0Ab.csv')).toMatchObject({ ok: false, problem: expect.stringMatching(/control character/) });
    expect(decodeFileNameHeader(`${'a'.repeat(256)}`)).toMatchObject({ ok: false });
  });
});

describe('badRequest', () => {
  it('answers 400 as JSON for the APIs, a page for browsers, text otherwise, escaping the problem', async () => {
    const api = badRequest('"la" is given more than once', '/api/v1/public/needs', 'application/json');
    expect(api.status).toBe(400);
    expect(await api.json()).toEqual({ type: 'error', message: 'This address cannot be used: "la" is given more than once.' });
    const page = badRequest('"<b>" cannot be "x"', '/dashboard', 'text/html,application/xhtml+xml');
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain('&quot;&lt;b&gt;&quot; cannot be');
    expect(html).not.toContain('<b>');
    const text = badRequest('x', '/dashboard/download', null);
    expect(await text.text()).toBe('This address cannot be used: x.\n');
  });
});
