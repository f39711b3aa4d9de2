import { expect, test } from '@playwright/test';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SettingsStore } from '../../electron/main/store/settingsStore.ts';
import { startServe, type ServedApi } from '../support/cliProcess.ts';
import { startLoupe } from '../support/loupeProcess.ts';
import { faceSamples, sampleImage, seedWorkspace } from '../support/seedWorkspace.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { ReviewPage } from './pages/ReviewPage.ts';
import { SettingsPage } from './pages/SettingsPage.ts';

// Bugs a reviewer tripped over in a day of review (issue 20).

const key = 'daily-review-e2e-key-0123456789';
const cleanups: (() => unknown)[] = [];
test.afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const temp = makeTempDir('loupe-e2e-day-');
  cleanups.push(temp.cleanup);
  return temp.dir;
}

async function serve(dir: string): Promise<ServedApi> {
  const server = await startServe(dir, key);
  cleanups.push(() => server.stop());
  return server;
}

/** A port nothing listens on (taken, then given back). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as { port: number };
  await new Promise((done) => probe.close(done));
  return port;
}

test('Settings → Theme overrides the system colour scheme both ways', async ({ page }) => {
  const loupe = await startLoupe({ dataDir: tempDir() });
  cleanups.push(() => loupe.stop());
  const settings = new SettingsPage(page);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  await page.emulateMedia({ colorScheme: 'light' });
  await settings.open(loupe.url);
  const light = await background();
  await page.getByLabel('Theme').selectOption('dark');
  await expect.poll(background).not.toBe(light);
  const dark = await background();

  // And the other way: a light choice wins over a dark system, also after a reload.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await expect.poll(background).toBe(dark);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Theme').selectOption('light');
  await expect.poll(background).toBe(light);
  await page.getByLabel('Theme').selectOption('system');
  await expect.poll(background).toBe(dark);
});

test('sync trouble is said once and plainly, and fixing the endpoint delivers at once', async ({ page }) => {
  const loupe = new ReviewPage(page);
  const dir = tempDir();
  let server = await serve(join(dir, 'server'));
  const dataDir = join(dir, 'app');
  const store = new SettingsStore(join(dataDir, 'settings.sqlite'));
  store.set({ endpoint: { kind: 'custom', baseUrl: server.baseUrl }, reviewerId: 'e2e-reviewer' });
  store.close();
  // Long enough for loupe serve's first prediction on a loaded machine (the face model loads
  // then); the endpoint failures below are refused connections, which answer at once.
  const app = await startLoupe({ dataDir, env: { LOUPE_REQUEST_TIMEOUT_MS: '15000' } });
  cleanups.push(() => app.stop());
  await page.goto(app.url);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  await loupe.invoke('vault.set', { key });
  await loupe.invoke('images.import', { paths: [sampleImage(1), sampleImage(2)], urls: [] });
  await expect
    .poll(async () => (await loupe.invoke('workspace.info', {})).byStatus.unreviewed, { timeout: 60_000 })
    .toBe(2);
  const { items } = await loupe.invoke('images.list', { offset: 0, limit: 10 });
  const submit = async (imageId: number) => {
    const prediction = (await loupe.invoke('image.get', { imageId })).predictions[0]!;
    const region = prediction.review!.state.regions[0]!;
    await loupe.invoke('review.apply', {
      predictionId: prediction.predictionId,
      op: { type: 'confirm', keys: [region.key] },
    });
    await loupe.invoke('review.submit', { predictionIds: [prediction.predictionId], unreviewed: 'skip' });
  };

  // A wrong key: sync stops, and the banner reads as one sentence with its links inside it.
  await loupe.invoke('vault.set', { key: 'not-the-right-key-0123456789' });
  await submit(items[0]!.id);
  const blocked = page.getByTestId('blocked-banner');
  await expect(blocked).toBeVisible({ timeout: 30_000 });
  await expect(blocked.locator(':scope > *')).toHaveCount(1);
  const sentence = blocked.locator(':scope > span');
  await expect(sentence.getByRole('button', { name: 'Settings' })).toBeVisible();
  const [sentenceSize, linkSize] = await Promise.all([
    sentence.evaluate((element) => getComputedStyle(element).fontSize),
    sentence
      .getByRole('button', { name: 'Settings' })
      .evaluate((element) => getComputedStyle(element).fontSize),
  ]);
  expect(linkSize).toBe(sentenceSize);
  // "Connected" is the link to Loupe's own main side; it is not shown beside a sync problem.
  await expect(page.getByTestId('connection-state')).toBeHidden();

  // The right key, but the endpoint goes away: offline, said once on the queue screen too.
  const serverDir = join(dir, 'server');
  server.stop();
  await loupe.invoke('vault.set', { key });
  await submit(items[1]!.id);
  await expect(page.getByTestId('offline-banner')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('sync-indicator')).toContainText('2 pending');
  await expect(page.getByTestId('connection-state')).toBeHidden();
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Queue' }).click();
  await expect(page.getByTestId('queue-table')).toBeVisible();
  await expect(page.locator('.content .banner')).toHaveCount(0);

  // Let the failures build up a backoff, then point Loupe at the endpoint where it now runs:
  // delivery starts at once, not when the backoff the old endpoint earned runs out.
  const port = await closedPort();
  await loupe.invoke('settings.set', { endpoint: { kind: 'custom', baseUrl: `http://127.0.0.1:${port}` } });
  const outbox = async () => (await loupe.invoke('outbox.list', { offset: 0, limit: 10 })).items;
  let waiting = { id: 0, dueAt: 0 };
  await expect
    .poll(
      async () => {
        for (const item of await outbox()) {
          const dueAt = Date.parse(item.nextAttemptAt);
          if (dueAt > waiting.dueAt) waiting = { id: item.id, dueAt };
        }
        return waiting.dueAt - Date.now();
      },
      { timeout: 90_000, intervals: [250] },
    )
    .toBeGreaterThan(5_000);
  server = await serve(serverDir);
  await loupe.invoke('settings.set', { endpoint: { kind: 'custom', baseUrl: server.baseUrl } });
  await expect(page.getByTestId('sync-indicator')).toContainText('0 pending', { timeout: 30_000 });
  const delivered = (await outbox()).find((item) => item.id === waiting.id)!;
  expect(Date.parse(delivered.deliveredAt!)).toBeLessThan(waiting.dueAt);
  await expect(page.getByTestId('offline-banner')).toBeHidden();
});

test('endpoint settings say what a custom server needs, test a closed port, keep a bad URL with the reason and drop /v2', async ({
  page,
}) => {
  const dataDir = tempDir();
  const app = await startLoupe({ dataDir, env: { LOUPE_REQUEST_TIMEOUT_MS: '3000' } });
  cleanups.push(() => app.stop());
  const settings = new SettingsPage(page);
  await settings.open(app.url);
  await page.getByLabel('Send predictions and feedback to').selectOption('custom');
  // The key box speaks of the server chosen, not of the embedded API.
  await expect(page.getByTestId('key-status')).not.toContainText('embedded local API');
  await expect(page.getByTestId('key-status')).toContainText('key it issued');

  const baseUrl = page.getByLabel('Base URL');
  const port = await closedPort();
  await baseUrl.fill(`http://127.0.0.1:${port}/v2/`);
  await baseUrl.press('Enter');
  // Saved without the /v2 every request path starts with.
  await expect(baseUrl).toHaveValue(`http://127.0.0.1:${port}`);
  const saved = await new ReviewPage(page).invoke('settings.get', {});
  expect(saved.endpoint).toEqual({ kind: 'custom', baseUrl: `http://127.0.0.1:${port}` });

  // No key and a closed port: Test tries the server and says it cannot be reached.
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('endpoint-test')).toContainText('cannot be reached');

  // A garbage URL stays in the field with the reason, and nothing is saved.
  await baseUrl.fill('not a url at all');
  await baseUrl.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Not saved' })).toContainText('http(s) URL');
  await expect(baseUrl).toHaveValue('not a url at all');
  expect((await new ReviewPage(page).invoke('settings.get', {})).endpoint).toEqual(saved.endpoint);
});

test('a stray nudge on a done image, undone, leaves it done; L skips regions dimmed below the threshold', async ({
  page,
}) => {
  const dataDir = tempDir();
  const [first] = await seedWorkspace(dataDir, faceSamples());
  const app = await startLoupe({ dataDir });
  cleanups.push(() => app.stop());
  const review = new ReviewPage(page);
  await review.open(app.url);
  await review.waitForImage(first!.imageId);
  const status = async () => (await review.invoke('image.get', { imageId: first!.imageId })).image.status;

  // Bug 9: with the threshold at 50 %, L never selects face-1d (42 %).
  await page.getByLabel('Confidence threshold').fill('0.5');
  const visited = new Set<string>();
  for (let i = 0; i < 4; i++) {
    await review.press('l');
    visited.add((await review.selectedKey()) ?? '');
  }
  expect([...visited].sort()).toEqual(['face-1a', 'face-1b', 'face-1c']);

  // Bug 8: accept all, done; a stray arrow key reopens it, undo makes it done again.
  await page.getByLabel('Confidence threshold').fill('0');
  await review.canvas.focus();
  await review.press('Shift+A', 'd');
  await review.settled();
  await expect.poll(status).not.toBe('in_progress');
  const doneStatus = await status();
  // Done moves on to the next image: back to it.
  await review.press('k');
  await review.waitForImage(first!.imageId);
  await review.press('Tab', 'ArrowRight');
  await review.settled();
  await expect.poll(status).toBe('in_progress');
  await review.press('Control+z');
  await review.settled();
  await expect.poll(status).toBe(doneStatus);
});

test('an export error is shown on its screen until an export succeeds, and not on other screens', async ({
  page,
}) => {
  const dataDir = tempDir();
  await seedWorkspace(dataDir, faceSamples().slice(0, 1));
  const app = await startLoupe({ dataDir });
  cleanups.push(() => app.stop());
  await page.goto(app.url);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  const screens = page.getByRole('navigation', { name: 'Screens' });
  const banner = page.getByTestId('error-banner');
  const file = page.getByLabel('File (absolute path; the folder must exist)');
  await screens.getByRole('button', { name: 'Report' }).click();

  await file.fill(join(dataDir, 'no-such-folder', 'out.json'));
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(banner).toContainText('does not exist');
  // The default path (field empty) works, and the stale error goes.
  await file.fill('');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Wrote' })).toBeVisible();
  await expect(banner).toBeHidden();

  // An error does not follow the reviewer to another screen.
  await file.fill(join(dataDir, 'no-such-folder', 'out.json'));
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(banner).toBeVisible();
  await screens.getByRole('button', { name: 'Review' }).click();
  await expect(banner).toBeHidden();
});

test('a reload keeps the threshold, the list filter, the open image and dismissed banners; status lines expire', async ({
  page,
}) => {
  const dataDir = tempDir();
  const [first, second] = await seedWorkspace(dataDir, faceSamples());
  const app = await startLoupe({ dataDir });
  cleanups.push(() => app.stop());
  const review = new ReviewPage(page);
  await review.open(app.url);
  await review.waitForImage(first!.imageId);
  const threshold = page.getByLabel('Confidence threshold');
  await threshold.fill('0.5');
  await review.filter.selectOption('unreviewed');
  await review.imageRow(second!.imageId).click();
  await review.waitForImage(second!.imageId);
  await page.getByTestId('first-run-banner').getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('first-run-banner')).toBeHidden();
  await page.getByTestId('reviewer-prompt').getByRole('button', { name: 'Later' }).click();
  await expect(page.getByTestId('reviewer-prompt')).toBeHidden();

  // A status line says what just happened, then goes away by itself (after 10 s).
  await review.press('Control+c');
  await expect(review.notice).toHaveText(/^Select regions to copy first/);
  await expect(review.notice).toBeEmpty({ timeout: 30_000 });

  await review.reload();
  await review.waitForImage(second!.imageId);
  await expect(threshold).toHaveValue('0.5');
  await expect(review.filter).toHaveValue('unreviewed');
  await expect(page.getByTestId('first-run-banner')).toBeHidden();
  await expect(page.getByTestId('reviewer-prompt')).toBeHidden();
  await expect(review.notice).toBeEmpty();
});
