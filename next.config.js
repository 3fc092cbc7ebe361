// @ts-check
const path = require('node:path');

/**
 * Security headers on every response. Next.js's inline bootstrap scripts and recharts' inline
 * styles need 'unsafe-inline'; everything else is restricted to the app's own origin.
 */
const CSP = [
  "default-src 'self'",
  // The development server also evaluates code on the fly.
  `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === 'production' ? '' : " 'unsafe-eval'"}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
const SECURITY_HEADERS = [
  { key: 'Content-Security-Policy', value: CSP },
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
