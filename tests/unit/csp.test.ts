import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appBaseUrl } from '@/lib/authEnv';
import { contentSecurityPolicy, hasStrictPolicy, JS_ENABLED_SCRIPT, newNonce, transportSecurityHeader } from '@/lib/csp';
import { apiServerUrl, openApiDocument } from '@/lib/openapi';

describe('content security policy for signed-in pages', () => {
  it('allows scripts only by this request’s nonce and the layout’s hash: no unsafe-inline', () => {
    const nonce = newNonce();
    const csp = contentSecurityPolicy(nonce);
    const scriptSrc = csp.split('; ').find((d) => d.startsWith('script-src '))!;
    expect(scriptSrc).toContain(`'nonce-${nonce}'`);
    expect(scriptSrc).toContain("'strict-dynamic'");
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(scriptSrc).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(newNonce()).not.toBe(nonce);
    // Public pages: cacheable, so no nonce (docs/decisions/0001-csp.md).
    expect(contentSecurityPolicy(null)).toContain("script-src 'self' 'unsafe-inline'; ");
    expect(contentSecurityPolicy(null, true)).toContain("'unsafe-eval'");
  });
  it('hashes the very script the root layout writes', () => {
    expect(fs.readFileSync('app/layout.tsx', 'utf8')).toContain(`__html: ${JSON.stringify(JS_ENABLED_SCRIPT)}`);
  });
  it('covers the signed-in side only', () => {
    expect(['/dashboard', '/dashboard/audit', '/sign-in'].every(hasStrictPolicy)).toBe(true);
    expect(['/', '/needs', '/needs/E06000004', '/api/v1/public/needs', '/dashboards'].some(hasStrictPolicy)).toBe(false);
  });
});

describe('HSTS and the public address', () => {
  it('sends HSTS only when the app’s address is https', () => {
    expect(transportSecurityHeader('https://sufficiency.council.gov.uk')).toBe('max-age=31536000; includeSubDomains');
    expect(transportSecurityHeader('http://127.0.0.1:3000')).toBeNull();
    expect(transportSecurityHeader(undefined)).toBeNull();
  });
  it('names BETTER_AUTH_URL as the OpenAPI server, else the listening address, never a request’s Host', () => {
    const env = { BETTER_AUTH_URL: 'https://sufficiency.council.gov.uk/' };
    expect(apiServerUrl(env)).toBe('https://sufficiency.council.gov.uk');
    expect(openApiDocument(apiServerUrl(env)).servers).toEqual([{ url: 'https://sufficiency.council.gov.uk' }]);
    expect(apiServerUrl({ HOSTNAME: '0.0.0.0', PORT: '8080' })).toBe('http://0.0.0.0:8080');
    expect(appBaseUrl({})).toBe('http://127.0.0.1:3000');
  });
});
