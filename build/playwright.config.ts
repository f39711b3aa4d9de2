import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { findChromium } from '../electron/main/cli/findChromium.ts';

// Debian's Chromium, never a downloaded browser (`npm test` runs build/chromium.mjs first).
const executablePath = findChromium();

export default defineConfig({
  testDir: fileURLToPath(new URL('../test/e2e', import.meta.url)),
  // LOUPE_TEST_RESULTS lets parallel runs (benchmarks, several checkouts) keep apart.
  outputDir: process.env['LOUPE_TEST_RESULTS'] ?? fileURLToPath(new URL('../test-results', import.meta.url)),
  timeout: 60_000,
  workers: 2,
  reporter: process.env['CI'] ? 'line' : 'list',
  use: {
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: [
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
});
