import { expect, test, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SettingsStore } from '../../electron/main/store/settingsStore.ts';
import type { CommandInput, CommandName, CommandOutput } from '../../shared/contract.ts';
import { startServe, type ServedApi } from '../support/cliProcess.ts';
import { validateCoco } from '../support/cocoValidator.ts';
import { startLoupe, type LoupeProcess } from '../support/loupeProcess.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { sampleImage, type SampleNumber } from '../support/seedWorkspace.ts';

const key = 'workflow-e2e-key-0123456789abcdef';
const cleanups: (() => unknown)[] = [];
test.afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Listed {
  kind: 'model' | 'search';
  searchId: string | null;
  inputId: string;
  body: string;
}

/** The app pointed at a separate `loupe serve` (so a test can take the endpoint away). */
async function appWithServer(
  page: Page,
  port = 0,
): Promise<{ server: ServedApi; app: LoupeProcess; serverDir: string }> {
  const temp = makeTempDir('loupe-e2e-wf-');
  cleanups.push(temp.cleanup);
  const serverDir = join(temp.dir, 'server');
  const server = await startServe(serverDir, key, [], port);
  cleanups.push(() => server.stop());
  const dataDir = join(temp.dir, 'app');
  const settings = new SettingsStore(join(dataDir, 'settings.sqlite'));
  settings.set({ endpoint: { kind: 'custom', baseUrl: server.baseUrl }, reviewerId: 'e2e-reviewer' });
  settings.close();
  const app = await startLoupe({ dataDir, env: { LOUPE_API_KEY: key, LOUPE_REQUEST_TIMEOUT_MS: '3000' } });
  cleanups.push(() => app.stop());
  await page.goto(app.url);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  return { server, app, serverDir };
}

/** Calls the contract from the page, as the renderer does. */
async function invoke<N extends CommandName>(
  page: Page,
  name: N,
  input: CommandInput<N>,
): Promise<CommandOutput<N>> {
  const result = await page.evaluate(([n, i]) => window.loupe!.invoke(n, i as never), [name, input] as const);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function importAndPredict(page: Page, count: number): Promise<number[]> {
  const photos = Array.from({ length: count }, (_, i) => sampleImage((i + 1) as SampleNumber));
  await invoke(page, 'images.import', { paths: photos, urls: [] });
  await expect
    .poll(async () => (await invoke(page, 'workspace.info', {})).byStatus.unreviewed, { timeout: 60_000 })
    .toBe(count);
  const { items } = await invoke(page, 'images.list', { offset: 0, limit: 100 });
  return items.map((image) => image.id);
}

async function predictionOf(page: Page, imageId: number) {
  const detail = await invoke(page, 'image.get', { imageId });
  const prediction = detail.predictions[0]!;
  return { predictionId: prediction.predictionId, regions: prediction.review!.state.regions };
}

/**
 * Three reviews submitted while the endpoint is unreachable wait in the outbox (offline banner,
 * "3 pending") and are delivered by themselves once `comeBack` has run.
 */
async function offlineRoundTrip(
  page: Page,
  goOffline: (served: { server: ServedApi; serverDir: string }) => void | Promise<void>,
  comeBack: () => Promise<ServedApi>,
): Promise<void> {
  const served = await appWithServer(page);
  const imageIds = await importAndPredict(page, 3);
  await goOffline(served);

  for (const imageId of imageIds) {
    const { predictionId, regions } = await predictionOf(page, imageId);
    await invoke(page, 'review.apply', { predictionId, op: { type: 'confirm', keys: [regions[0]!.key] } });
    await invoke(page, 'review.apply', { predictionId, op: { type: 'remove', keys: [regions[1]!.key] } });
    await invoke(page, 'review.submit', { predictionIds: [predictionId], unreviewed: 'skip' });
  }
  await expect(page.getByTestId('offline-banner')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('sync-indicator')).toContainText('3 pending');

  const back = await comeBack();
  await expect(page.getByTestId('sync-indicator')).toContainText('0 pending', { timeout: 90_000 });
  await expect(page.getByTestId('offline-banner')).toBeHidden();
  const { feedback } = await back.inspect<{ feedback: Listed[] }>('/_loupe/feedback');
  expect(feedback.filter((item) => item.kind === 'model')).toHaveLength(3);
  for (const item of feedback) {
    const verdicts = (
      JSON.parse(item.body) as { input: { data: { regions: { region_info: { feedback: string } }[] } } }
    ).input.data.regions.map((region) => region.region_info.feedback);
    expect(verdicts).toEqual(['accurate', 'false_positive']);
  }
}

/** Sets the fault injection of a running `loupe serve` (its loopback-only inspection endpoint). */
async function setFaults(server: ServedApi, faults: Record<string, number>): Promise<void> {
  const response = await fetch(`${server.baseUrl}/_loupe/faults`, {
    method: 'POST',
    headers: { Authorization: `Key ${server.key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(faults),
  });
  expect(response.status).toBe(200);
}

test('offline: reviews submitted while the endpoint is down are delivered by themselves when it returns', async ({
  page,
}) => {
  let port = 0;
  let dir = '';
  await offlineRoundTrip(
    page,
    ({ server, serverDir }) => {
      port = Number(new URL(server.baseUrl).port);
      dir = serverDir;
      server.stop();
    },
    async () => {
      const back = await startServe(dir, key, [], port);
      cleanups.push(() => back.stop());
      return back;
    },
  );
});

test('offline by fault injection (every connection reset): the queue drains by itself once the faults are lifted', async ({
  page,
}) => {
  let served: ServedApi | undefined;
  await offlineRoundTrip(
    page,
    async ({ server }) => {
      served = server;
      await setFaults(server, { reset: 1 });
    },
    async () => {
      await setFaults(served!, { reset: 0 });
      return served!;
    },
  );
});

test('search: opening a hit sends search_click feedback with that search id and the hit input id', async ({
  page,
}) => {
  const { server } = await appWithServer(page);
  await importAndPredict(page, 2);
  await invoke(page, 'settings.set', { model: { modelId: 'aaa03c23b3724a16a56b629203edc62c' } });
  await invoke(page, 'predict.run', {});
  // Wait until the general model's concepts are in for both images: they are what search finds.
  await expect
    .poll(
      async () => {
        const { items } = await invoke(page, 'images.list', { offset: 0, limit: 10 });
        const details = await Promise.all(
          items.map((image) => invoke(page, 'image.get', { imageId: image.id })),
        );
        return details.filter((detail) => detail.predictions.length === 2).length;
      },
      { timeout: 60_000 },
    )
    .toBe(2);

  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Search' }).click();
  await page.getByLabel('Concept').fill('person');
  await page.getByRole('main').getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByTestId('search-summary')).toContainText('hit(s)');
  const summary = (await page.getByTestId('search-summary').textContent()) ?? '';
  const searchId = /for search (\S+)/.exec(summary)?.[1];
  expect(searchId).toBeTruthy();
  // Hits of the workspace's own images are named by file (issue 20: names instead of ids).
  await expect(page.getByTestId('search-hits')).toContainText(/sample\d\.jpg/);
  await page.getByRole('button', { name: 'Open hit 1' }).click();
  // The indicator read "0 pending" before the click too, so wait for the click at the server.
  const searchClicks = async () =>
    (await server.inspect<{ feedback: Listed[] }>('/_loupe/feedback')).feedback.filter(
      (item) => item.kind === 'search',
    );
  await expect.poll(async () => (await searchClicks()).length, { timeout: 30_000 }).toBe(1);
  await expect(page.getByTestId('sync-indicator')).toContainText('0 pending');
  const clicks = await searchClicks();
  expect(clicks).toHaveLength(1);
  expect(clicks[0]!.searchId).toBe(searchId);
  const body = JSON.parse(clicks[0]!.body) as {
    input: { id: string; feedback_info: Record<string, string> };
  };
  expect(body.input.feedback_info).toMatchObject({
    event_type: 'search_click',
    search_id: searchId,
    end_user_id: 'e2e-reviewer',
  });
  const predictedInputs = await page.evaluate(async () => {
    const listed = await window.loupe!.invoke('images.list', { offset: 0, limit: 10 });
    if (!listed.ok) return [];
    const ids: string[] = [];
    for (const image of listed.value.items) {
      const detail = await window.loupe!.invoke('image.get', { imageId: image.id });
      if (detail.ok) ids.push(...detail.value.predictions.map((p) => p.review?.state.inputId ?? ''));
    }
    return ids;
  });
  expect(predictedInputs).toContain(body.input.id);
});

test('the QA report shows the counts of a scripted review; its COCO export validates and comes back through import', async ({
  page,
}) => {
  const { serverDir } = await appWithServer(page);
  const [first, second] = await importAndPredict(page, 2);
  // sample1: 3 faces, sample2: 3 faces.
  const a = await predictionOf(page, first!);
  await invoke(page, 'review.apply', {
    predictionId: a.predictionId,
    op: { type: 'confirm', keys: [a.regions[0]!.key, a.regions[1]!.key] },
  });
  await invoke(page, 'review.apply', {
    predictionId: a.predictionId,
    op: { type: 'remove', keys: [a.regions[2]!.key] },
  });
  const b = await predictionOf(page, second!);
  await invoke(page, 'review.apply', {
    predictionId: b.predictionId,
    op: { type: 'confirm', keys: [b.regions[0]!.key] },
  });
  const moved = { ...b.regions[1]!.box, top: Math.max(0, b.regions[1]!.box.top - 0.05) };
  await invoke(page, 'review.apply', {
    predictionId: b.predictionId,
    op: { type: 'setBox', key: b.regions[1]!.key, box: moved },
  });
  await invoke(page, 'review.apply', {
    predictionId: b.predictionId,
    op: {
      type: 'addRegion',
      key: 'drawn-1',
      box: { top: 0.8, left: 0.8, bottom: 0.9, right: 0.9 },
      concepts: [],
    },
  });
  // By hand: accurate 3, misplaced 1, false positive 1, not detected 1, unreviewed 1.
  // precision = 4 / 5 = 80.0 %, recall = 4 / 5 = 80.0 %.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Report' }).click();
  const total = page.getByTestId('report-total');
  await expect(total).toContainText('Accurate3');
  await expect(total).toContainText('Misplaced1');
  await expect(total).toContainText('False positive1');
  await expect(total).toContainText('Not detected1');
  await expect(total).toContainText('Unreviewed1');
  await expect(page.getByTestId('report-precision')).toContainText('80.0 %');
  await expect(page.getByTestId('report-recall')).toContainText('80.0 %');
  // Models by name, not by id (issue 20).
  await expect(page.getByRole('table', { name: 'By model' })).toContainText('Face detection');
  // Estimates with Wilson 95 % intervals (issue 18), by hand: 4 of 5 → 37.6–96.4 %, 3 of 5 → 23.1–88.2 %.
  await expect(page.getByTestId('estimate-lenient')).toContainText('80.0 % (37.6–96.4 %)');
  await expect(page.getByTestId('estimate-strict')).toContainText('60.0 % (23.1–88.2 %)');
  // Both reviews are in progress: the misses may not all be drawn yet.
  await expect(page.getByTestId('estimate-recall')).toContainText('Recall (at most');
  await expect(page.getByTestId('estimate-recall')).toContainText('80.0 % (37.6–96.4 %)');
  // Five verdicts cannot show 90 % with confidence (5 of 5 has a low bound of 56.6 %).
  await expect(page.getByTestId('recommended-threshold')).toContainText('No threshold reaches it');
  await expect(page.getByRole('table', { name: 'Confusion' })).toContainText('background');
  const chart = page.getByTestId('chart-threshold');
  const [svgDownload] = await Promise.all([
    page.waitForEvent('download'),
    chart.getByRole('button', { name: 'Save SVG' }).click(),
  ]);
  expect(svgDownload.suggestedFilename()).toBe('loupe-threshold.svg');
  const svg = readFileSync(await svgDownload.path(), 'utf8');
  expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  expect(svg).toContain('recharts-line');
  const [pngDownload] = await Promise.all([
    page.waitForEvent('download'),
    chart.getByRole('button', { name: 'Save PNG' }).click(),
  ]);
  expect(pngDownload.suggestedFilename()).toBe('loupe-threshold.png');
  expect(readFileSync(await pngDownload.path()).subarray(0, 8)).toEqual(
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  );

  // Export COCO from the report screen into a folder holding the photos (COCO names images by file).
  const exportDir = join(serverDir, '..', 'export');
  mkdirSync(exportDir);
  for (const n of [1, 2] as const) copyFileSync(sampleImage(n), join(exportDir, `sample${n}.jpg`));
  const cocoFile = join(exportDir, 'reviewed.json');
  await page.getByLabel('File (absolute path; the folder must exist)').fill(cocoFile);
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Wrote' })).toContainText(cocoFile);
  const coco = JSON.parse(readFileSync(cocoFile, 'utf8')) as {
    images: { id: number; file_name: string; width: number; height: number }[];
    annotations: { image_id: number; bbox: number[] }[];
  };
  expect(validateCoco(coco)).toEqual([]);
  // Boxes that exist: accurate, misplaced (where the reviewer put it) and drawn; not the false
  // positive, not the unreviewed one.
  expect(coco.annotations).toHaveLength(5);
  const second2 = coco.images.find((image) => image.file_name === 'sample2.jpg')!;
  const movedPixels = [
    moved.left * second2.width,
    moved.top * second2.height,
    (moved.right - moved.left) * second2.width,
    (moved.bottom - moved.top) * second2.height,
  ];
  const exportedMoved = coco.annotations.find(
    (annotation) =>
      annotation.image_id === second2.id &&
      annotation.bbox.every((value, index) => Math.abs(value - movedPixels[index]!) <= 1),
  );
  expect(exportedMoved).toBeDefined();

  // …and back in through the import screen: each photo gains the exported boxes as a prediction.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Import' }).click();
  await page.getByLabel('File or folder (absolute path)').fill(cocoFile);
  await page.getByRole('button', { name: 'Import predictions' }).click();
  await expect(page.getByTestId('prediction-import-result')).toContainText(
    'Imported 2 prediction(s) with 5 region(s) as COCO: reviewed.json',
  );
  for (const [imageId, name] of [
    [first!, 'sample1.jpg'],
    [second!, 'sample2.jpg'],
  ] as const) {
    const detail = await invoke(page, 'image.get', { imageId });
    const imported = detail.predictions.find((prediction) => prediction.modelId === 'COCO: reviewed.json')!;
    const cocoImage = coco.images.find((image) => image.file_name === name)!;
    const exported = coco.annotations
      .filter((annotation) => annotation.image_id === cocoImage.id)
      .map((annotation) => annotation.bbox.map(Math.round));
    const back = imported.review!.state.regions.map((region) =>
      [
        region.box.left * cocoImage.width,
        region.box.top * cocoImage.height,
        (region.box.right - region.box.left) * cocoImage.width,
        (region.box.bottom - region.box.top) * cocoImage.height,
      ].map(Math.round),
    );
    expect(back).toEqual(exported);
  }
});
