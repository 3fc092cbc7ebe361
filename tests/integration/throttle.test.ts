import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkAuthThrottle, listThrottledAccounts, recordAuthFailure, recordAuthSuccess } from '@/db/throttle';
import { clientAddressResolver, isProxyEntry, requestAddress } from '@/lib/clientAddress';
import { readEnv } from '@/lib/env';
import { claimedAccount, describeWait, SIGN_IN_THROTTLE, waitAfterFailures } from '@/lib/throttle';
import { freshDb } from '@/tests/helpers/db';

const T0 = Date.parse('2026-01-05T09:00:00Z');
const S = 1000;

describe('throttle policy (NIST SP 800-63B 5.2.2: progressive waits, no hard lock)', () => {
  it('lets the first failures through, then doubles the wait up to a ceiling', () => {
    const rule = SIGN_IN_THROTTLE.account;
    expect([1, 2, 3, 4].map((n) => waitAfterFailures(n, rule))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 11, 100].map((n) => waitAfterFailures(n, rule))).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
    expect(waitAfterFailures(20, SIGN_IN_THROTTLE.address)).toBe(30);
    expect(waitAfterFailures(1e6, SIGN_IN_THROTTLE.address)).toBe(3600);
  });
  it('says the wait in words', () => {
    expect([1, 30, 60, 61, 900, 3600, 3601].map(describeWait)).toEqual([
      '1 second', '30 seconds', '1 minute', '2 minutes', '15 minutes', '1 hour', '2 hours',
    ]);
  });
  it('keys an account by a normalised email only, never by other text', () => {
    expect(claimedAccount('  Ann@Council.GOV.uk ')).toBe('ann@council.gov.uk');
    expect(claimedAccount('ａｎｎ@council.gov.uk')).toBe('ann@council.gov.uk');
    expect(claimedAccount(`${'a'.repeat(300)}@x.uk`)).toBeNull();
    expect(claimedAccount('<script>alert(1)</script>')).toBeNull();
    expect(claimedAccount('a\u0000b@x.uk')).toBeNull();
    expect(claimedAccount(42)).toBeNull();
  });
});

describe('throttle storage', () => {
  const victim = { account: 'victim@council.gov.uk', address: '203.0.113.9' };

  it('makes an account wait after 5 failures from any addresses, and tells how long', () => {
    const db = freshDb();
    for (let i = 0; i < 4; i++) expect(recordAuthFailure(db, { ...victim, address: `198.51.100.${i}` }, T0 + i * S).waitSeconds).toBe(0);
    const v = recordAuthFailure(db, { ...victim, address: '198.51.100.99' }, T0 + 4 * S);
    expect(v).toEqual({ waitSeconds: 30, limitedBy: 'account' });
    // A new address does not escape the account's wait; the wait ends by itself.
    expect(checkAuthThrottle(db, { ...victim, address: '192.0.2.1' }, T0 + 10 * S)).toEqual({ waitSeconds: 24, limitedBy: 'account' });
    expect(checkAuthThrottle(db, victim, T0 + 34 * S).waitSeconds).toBe(0);
    expect(recordAuthFailure(db, victim, T0 + 35 * S)).toEqual({ waitSeconds: 60, limitedBy: 'account' });
    expect(listThrottledAccounts(db, T0 + 36 * S)).toEqual([
      { account: 'victim@council.gov.uk', fromKnownAddresses: false, failures: 6, lastFailureAt: T0 + 35 * S, waitUntil: T0 + 95 * S },
    ]);
    expect(listThrottledAccounts(db, T0 + 96 * S)).toEqual([]);
  });

  it('makes an address wait after 20 failures across accounts', () => {
    const db = freshDb();
    const address = '198.51.100.7';
    for (let i = 0; i < 19; i++) recordAuthFailure(db, { account: `user${i}@x.uk`, address }, T0 + i);
    expect(checkAuthThrottle(db, { account: 'someone@x.uk', address }, T0 + 100).waitSeconds).toBe(0);
    recordAuthFailure(db, { account: 'user19@x.uk', address }, T0 + 100);
    expect(checkAuthThrottle(db, { account: 'someone@x.uk', address }, T0 + 200)).toMatchObject({ limitedBy: 'address' });
    expect(checkAuthThrottle(db, { account: 'someone@x.uk', address: '198.51.100.8' }, T0 + 200).waitSeconds).toBe(0);
  });

  it('does not hold the real user up where they have signed in before, but throttles guessing from there too', () => {
    const db = freshDb();
    recordAuthSuccess(db, victim, T0);
    for (let i = 0; i < 8; i++) recordAuthFailure(db, { ...victim, address: `198.51.100.${i}` }, T0 + i * S);
    expect(checkAuthThrottle(db, { ...victim, address: '198.51.100.50' }, T0 + 9 * S).limitedBy).toBe('account');
    expect(checkAuthThrottle(db, victim, T0 + 9 * S).waitSeconds).toBe(0);
    // From the known address itself, 5 failures make a wait of their own.
    for (let i = 0; i < 4; i++) expect(recordAuthFailure(db, victim, T0 + (10 + i) * S).waitSeconds).toBe(0);
    expect(recordAuthFailure(db, victim, T0 + 14 * S)).toEqual({ waitSeconds: 30, limitedBy: 'account' });
    expect(listThrottledAccounts(db, T0 + 15 * S).map((t) => [t.account, t.fromKnownAddresses]).sort()).toEqual([
      ['victim@council.gov.uk', false],
      ['victim@council.gov.uk', true],
    ]);
    // Failures at a known address do not count against the address (colleagues behind one address).
    expect(checkAuthThrottle(db, { account: 'colleague@council.gov.uk', address: victim.address }, T0 + 15 * S).waitSeconds).toBe(0);
    // A success clears the count it was made under.
    recordAuthSuccess(db, victim, T0 + 60 * S);
    expect(checkAuthThrottle(db, victim, T0 + 61 * S).waitSeconds).toBe(0);
    // A known address stops counting as one after 90 days.
    for (let i = 0; i < 5; i++) recordAuthFailure(db, { ...victim, address: '198.51.100.1' }, T0 + 91 * 86_400 * S + i);
    expect(checkAuthThrottle(db, victim, T0 + 91 * 86_400 * S + 10).limitedBy).toBe('account');
  });

  it('forgets failures after a quiet day', () => {
    const db = freshDb();
    for (let i = 0; i < 4; i++) recordAuthFailure(db, victim, T0 + i);
    expect(recordAuthFailure(db, victim, T0 + 25 * 3600 * S).waitSeconds).toBe(0);
  });
});

describe('client address', () => {
  it('is the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    const resolve = clientAddressResolver([]);
    expect(resolve('127.0.0.1', '6.6.6.6')).toBe('127.0.0.1');
    expect(resolve('::ffff:10.0.0.4', '6.6.6.6, 7.7.7.7')).toBe('10.0.0.4');
    expect(resolve(undefined, '6.6.6.6')).toBeNull();
  });
  it('behind trusted proxies, is the rightmost hop they did not add', () => {
    const resolve = clientAddressResolver(['10.0.0.5', '10.1.0.0/16']);
    // The client wrote 6.6.6.6 itself; the proxies added 203.0.113.7 (the real client) and 10.1.2.3.
    expect(resolve('10.0.0.5', '6.6.6.6, 203.0.113.7, 10.1.2.3')).toBe('203.0.113.7');
    expect(resolve('10.0.0.5', ['6.6.6.6', '203.0.113.7'])).toBe('203.0.113.7');
    // From an untrusted socket the header is ignored.
    expect(resolve('192.0.2.8', '203.0.113.7')).toBe('192.0.2.8');
    // Garbage in the header: the last real address.
    expect(resolve('10.0.0.5', 'not-an-ip')).toBe('10.0.0.5');
    expect(resolve('10.0.0.5', undefined)).toBe('10.0.0.5');
    expect(resolve('10.0.0.5', '2001:db8::1')).toBe('2001:db8::1');
  });
  it('TRUSTED_PROXIES takes addresses and ranges and refuses anything else', () => {
    expect(readEnv({ TRUSTED_PROXIES: '10.0.0.5, 10.1.0.0/16,::1' }).trustedProxies).toEqual(['10.0.0.5', '10.1.0.0/16', '::1']);
    expect(readEnv({}).trustedProxies).toEqual([]);
    for (const bad of ['proxy.local', '10.0.0.0/33', '10.0.0.5/x', '*']) {
      expect(isProxyEntry(bad)).toBe(false);
      expect(() => readEnv({ TRUSTED_PROXIES: bad })).toThrow(/TRUSTED_PROXIES must be IP addresses/);
    }
  });
  it('the server hook replaces X-Forwarded-For with the socket address, and refuses a hostile query, before the app reads either', async () => {
    // The hook is a side effect on node:http; loaded here into this test's own server.
    await import('@/scripts/server-preload');
    const server = http.createServer((req, res) => res.end(JSON.stringify({ xff: req.headers['x-forwarded-for'], real: req.headers['x-real-ip'] ?? null })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '7.7.7.7' } });
      expect(await res.json()).toEqual({ xff: '127.0.0.1', real: null });
      expect(requestAddress(new Headers({ 'x-forwarded-for': '127.0.0.1' }))).toBe('127.0.0.1');
      // The query as it arrived is checked there too, before any framework re-serialises it.
      for (const q of ['__proto__=1', 'la=%E0%A4%A', 'la=A&la=B']) {
        const bad = await fetch(`http://127.0.0.1:${port}/dashboard?${q}`, { headers: { accept: 'application/json' } });
        expect(bad.status, q).toBe(400);
        expect(await bad.text()).toMatch(/^This address cannot be used: /);
      }
      const file = await fetch(`http://127.0.0.1:${port}/api/imports`, { method: 'POST', body: 'x', headers: { 'x-file-name': '%E0%A4%A' } });
      expect(file.status).toBe(400);
      expect(requestAddress(new Headers({ 'x-forwarded-for': '<b>' }))).toBeNull();
    } finally {
      server.close();
    }
  });
});
