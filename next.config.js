// @ts-check
const path = require('node:path');

/** Security headers on every response. The Content Security Policy and HSTS are set per request by proxy.ts (lib/csp.ts). */
const SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native module: load it from node_modules at run time, never bundle it.
  serverExternalPackages: ['better-sqlite3'],
  poweredByHeader: false,
  // forbidden() answers 403 with app/forbidden.tsx when a role may not see a page.
  experimental: { authInterrupts: true },
  async headers() {
    return [{ source: '/:path*', headers: SECURITY_HEADERS }];
  },
  // `npm run typecheck` checks the whole tree (tests and scripts too) as its own CI step;
  // the build need not repeat it, and a broken test must not stop the app from starting.
  typescript: { ignoreBuildErrors: true },
  sassOptions: {
    loadPaths: [path.join(__dirname, 'node_modules')],
    // govuk-frontend 5 still uses @import; its deprecation notices are not ours to fix.
    quietDeps: true,
    silenceDeprecations: ['import', 'global-builtin', 'color-functions', 'if-function'],
  },
};

module.exports = nextConfig;
