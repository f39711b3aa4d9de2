import { expect, test } from '@playwright/test';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeLauncher } from '../../electron/main/cli/startCommand.ts';
import { startLoupe, type LoupeProcess } from '../support/loupeProcess.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { SettingsPage } from './pages/SettingsPage.ts';

let running: LoupeProcess[] = [];
const temps: (() => void)[] = [];

function tempDataDir(): string {
  const temp = makeTempDir('loupe-e2e-');
  temps.push(temp.cleanup);
  return temp.dir;
}

test.afterEach(async () => {
  await Promise.all(running.map((loupe) => loupe.stop()));
  running = [];
  for (const cleanup of temps.splice(0)) cleanup();
});

test('the renderer round-trips a command through the bridge and receives events in every window', async ({
  browser,
}) => {
  const dataDir = tempDataDir();
  const loupe = await startLoupe({ dataDir });
  running.push(loupe);

  const first = new SettingsPage(await browser.newPage());
  await first.open(loupe.url);
  await expect(first.transport).toHaveText('loopback bridge');
  await expect(first.dataDir).toHaveText(dataDir);
  // The token left the address bar once read.
  expect(first.page.url()).not.toContain(loupe.token);

  const second = new SettingsPage(await browser.newPage());
  await second.open(loupe.url);

  await first.setReviewerId('reviewer-42');
  // The other window hears settings.changed without reloading.
  await expect(second.reviewerId).toHaveValue('reviewer-42');
});

test('the browser npm start opens is given a private file, not the token on its command line', async ({
  page,
}) => {
  const dataDir = tempDataDir();
  const loupe = await startLoupe({ dataDir });
  running.push(loupe);
  const launcher = writeLauncher(dataDir, loupe.url);
  // Only this user can read it; a command line naming it gives nothing away.
  expect(statSync(launcher).mode & 0o777).toBe(0o600);
  expect(pathToFileURL(launcher).href).not.toContain(loupe.token);
  await page.goto(pathToFileURL(launcher).href);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  expect(page.url()).not.toContain(loupe.token);
});

test('settings survive a crash of the main side, and an open page reconnects', async ({ page }) => {
  const dataDir = tempDataDir();
  const loupe = await startLoupe({ dataDir });
  const settings = new SettingsPage(page);
  await settings.open(loupe.url);
  await settings.concurrency.fill('9');
  await settings.concurrency.press('Enter');
  // Kill only once the main side has acknowledged the change (the input shows the draft at once).
  await expect
    .poll(async () =>
      page.evaluate(async () => {
        const result = await window.loupe?.invoke('settings.get', {});
        return result?.ok ? result.value.concurrency : undefined;
      }),
    )
    .toBe(9);

  await loupe.kill();
  await expect(settings.connection).not.toHaveAttribute('data-state', 'open');

  const restarted = await startLoupe({ dataDir, port: loupe.port, token: loupe.token });
  running.push(restarted);
  await expect(settings.connection).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
  await expect(settings.concurrency).toHaveValue('9');
  await settings.open(page.url());
  await expect(settings.concurrency).toHaveValue('9');
});

test('a corrupt settings file gives an error naming the file, and the app still runs', async ({ page }) => {
  const dataDir = tempDataDir();
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'settings.sqlite');
  writeFileSync(file, 'garbage, not SQLite '.repeat(500));
  const loupe = await startLoupe({ dataDir });
  running.push(loupe);
  const settings = new SettingsPage(page);
  await settings.open(loupe.url);
  await expect(settings.errorBanner).toContainText(file);
  await expect(settings.transport).toHaveText('loopback bridge');
});

test('npm start on a fresh data folder reports the fallback and opens a sample workspace ready to review', async ({
  page,
}) => {
  const dataDir = tempDataDir();
  const started = Date.now();
  const loupe = await startLoupe({
    dataDir,
    args: ['start'],
    env: { LOUPE_NO_BROWSER: '1' },
    timeoutMs: 60_000,
  });
  running.push(loupe);
  expect(Date.now() - started).toBeLessThan(60_000);
  expect(loupe.output()).toMatch(/Electron's binary cannot run on this machine/);
  await page.goto(loupe.url);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  // No setup step: the six face photos and the generated logo set, predicted by the embedded API.
  await expect
    .poll(
      async () =>
        page.evaluate(async () => {
          const info = await window.loupe?.invoke('workspace.info', {});
          return info?.ok ? info.value.byStatus.unreviewed : -1;
        }),
      { timeout: 60_000 },
    )
    .toBe(18);
  await expect(page.getByTestId('first-run-banner')).toContainText('embedded local API');
});
