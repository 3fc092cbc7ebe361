// @ts-check
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native module: load it from node_modules at run time, never bundle it.
  serverExternalPackages: ['better-sqlite3'],
  poweredByHeader: false,
  sassOptions: {
    loadPaths: [path.join(here, 'node_modules')],
    // govuk-frontend 5 still uses @import; its deprecation notices are not ours to fix.
    quietDeps: true,
    silenceDeprecations: ['import', 'global-builtin', 'mixed-decls', 'color-functions', 'if-function'],
  },
};

export default nextConfig;
