import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from '@/lib/safeRedirect';

/**
 * Known open-redirect payloads (from the PayloadsAllTheThings open-redirect list, OWASP's
 * unvalidated-redirects cheat sheet and the cases found against this app in issue 17). Each
 * must fall back to the dashboard.
 */
const PAYLOADS = [
  '/%5Cevil.example/phish',
  '/%09/evil.example',
  '/\\evil.example',
  '/\\/evil.example',
  '\\\\evil.example',
  '//evil.example',
  '//evil.example/%2F..',
  '///evil.example',
  '////evil.example',
  '/%2F/evil.example',
  '/%2f%2fevil.example',
  '%2F%2Fevil.example',
  '/%252F%252Fevil.example',
  '/%5C%5Cevil.example',
  '/%255Cevil.example',
  '/\tevil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/%0a/evil.example',
  '/%0d%0a/evil.example',
  '/%00/evil.example',
  '/ /evil.example',
  '/%20/evil.example',
  '/\u3000/evil.example',
  '/\u2028/evil.example',
  '/\u200b/evil.example',
  'https://evil.example',
  'http:evil.example',
  'https:/\\evil.example',
  '//google.com/%2f..',
  'javascript:alert(1)',
  'JavaScript:alert(1)',
  'java%0ascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'evil.example',
  '@evil.example',
  '.evil.example',
  '%E0%A4%A',
  '/%E0%A4%A',
  '/' + 'a'.repeat(3000),
  '',
  '?next=//evil.example',
  '#//evil.example',
];

describe('safeRedirectPath', () => {
  it(`refuses ${PAYLOADS.length} known open-redirect payloads`, () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(30);
    for (const p of PAYLOADS) expect(safeRedirectPath(p), JSON.stringify(p)).toBe('/dashboard');
  });
  it('refuses what is not a string', () => {
    for (const v of [undefined, null, 1, ['/dashboard'], { toString: () => '/x' }]) expect(safeRedirectPath(v)).toBe('/dashboard');
  });
  it('keeps paths of this app, with their query and fragment, normalised', () => {
    expect(safeRedirectPath('/dashboard/priorities/new?la=E06000004')).toBe('/dashboard/priorities/new?la=E06000004');
    expect(safeRedirectPath('/dashboard?la=E06000004&period=2024-03-31')).toBe('/dashboard?la=E06000004&period=2024-03-31');
    expect(safeRedirectPath('/dashboard/audit?actor=a%40b.uk#top')).toBe('/dashboard/audit?actor=a%40b.uk#top');
    expect(safeRedirectPath('/dashboard/../needs')).toBe('/needs');
    expect(safeRedirectPath('/')).toBe('/');
  });
  it('uses the fallback given', () => {
    expect(safeRedirectPath('//evil.example', '/')).toBe('/');
  });
});
