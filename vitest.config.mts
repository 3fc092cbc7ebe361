import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(__dirname) } },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // better-sqlite3 is a native module: forks keep it out of worker threads.
    pool: 'forks',
    testTimeout: 60_000,
  },
});
