import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The offline dependency check (docs/security.md "Dependencies"): the npm registry here does not
 * answer `npm audit` (405 on the advisories endpoint), so CI checks what can be checked without
 * it. Every package in the lockfile is pinned by a sha512 hash and comes from the npm registry
 * (npm ci refuses a tarball that does not match), and only packages named in package.json's
 * allowScripts may run code at install.
 */
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { version?: string; resolved?: string; integrity?: string; link?: boolean; hasInstallScript?: boolean }>;
};
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { allowScripts: Record<string, boolean> };
const installed = Object.entries(lock.packages).filter(([path, p]) => path !== '' && !p.link);
const nameOf = (path: string) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

describe('dependencies (offline check)', () => {
  it('every package is pinned by a sha512 integrity hash', () => {
    expect(installed.length).toBeGreaterThan(100);
    expect(installed.filter(([, p]) => !/^sha512-/.test(p.integrity ?? '')).map(([path]) => path)).toEqual([]);
  });
  it('every package comes from the npm registry: no git, file or other URLs', () => {
    expect(installed.filter(([, p]) => p.resolved !== undefined && !p.resolved.startsWith('https://registry.npmjs.org/')).map(([path]) => path)).toEqual([]);
  });
  it('only packages named in allowScripts have install scripts', () => {
    const withScripts = [...new Set(installed.filter(([, p]) => p.hasInstallScript).map(([path]) => nameOf(path)))];
    expect(withScripts.filter((name) => !(name in pkg.allowScripts))).toEqual([]);
  });
});
