import fs from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3111);
const BASE_URL = `http://127.0.0.1:${PORT}`;

/** Debian's Chromium where there is one (no browser downloads here); else Playwright's own. */
function chromiumPath(): string | undefined {
  const candidate = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return fs.existsSync(candidate) ? candidate : undefined;
}

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  timeout: 60_000,
  use: {
    baseURL: BASE_URL,
    trace: 'off',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/, use: { ...devices['Desktop Chrome'] } },
    {
      name: 'chromium',
      dependencies: ['setup'],
      // Most journeys are a commissioner's; specs that test other roles say so.
      use: { ...devices['Desktop Chrome'], storageState: 'tmp/e2e-auth/commissioner.json' },
    },
  ],
  webServer: {
    // A fresh database with the demo data and a 1 MB upload limit, built and served as in production.
    command: `rm -rf tmp/e2e tmp/e2e-auth && PORT=${PORT} HOSTNAME=127.0.0.1 DATABASE_URL=tmp/e2e/sufficiency.db UPLOAD_LIMIT_MB=1 npx tsx scripts/start.ts`,
    url: `${BASE_URL}/`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
