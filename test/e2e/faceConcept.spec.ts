import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLoupe, type LoupeProcess } from '../support/loupeProcess.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { ReviewPage } from './pages/ReviewPage.ts';

let loupe: LoupeProcess | undefined;
let cleanup: (() => void) | undefined;
test.afterEach(async () => {
  await loupe?.stop();
  cleanup?.();
});

test("face regions are named by the detector's concept on the canvas, in the QA report and in the COCO export", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const temp = makeTempDir('loupe-e2e-faces-');
  cleanup = temp.cleanup;
  loupe = await startLoupe({ dataDir: temp.dir, samples: true, timeoutMs: 60_000 });
  const review = new ReviewPage(page);
  await page.goto(loupe.url);
  await expect(review.connection).toHaveAttribute('data-state', 'open');
  await expect
    .poll(async () => (await review.invoke('workspace.info', {})).byStatus.unreviewed, { timeout: 90_000 })
    .toBe(18);
  const { items } = await review.invoke('images.list', { offset: 0, limit: 100 });
  const photo = items.find((image) => /sample1\.jpg$/.test(image.source))!;
  const faces = (await review.review(photo.id)).state.regions;
  expect(faces.length).toBeGreaterThan(0);
  await review.imageRow(photo.id).click();
  await review.waitForImage(photo.id);
  await review.press('Enter');

  // The canvas: every face's label is "face" and its confidence.
  const painted = review.canvas.locator('[data-painted-labels]');
  await expect
    .poll(async () => ((await painted.getAttribute('data-painted-labels')) ?? '').split('\n'))
    .toHaveLength(faces.length);
  for (const label of ((await painted.getAttribute('data-painted-labels')) ?? '').split('\n'))
    expect(label).toMatch(/^face \d+%$/);
  await review.press('Tab');
  await expect(review.canvas).toHaveAttribute('data-selected-label', /^face \d+%$/);

  // Reviewed and submitted: the QA report groups them under "face".
  await review.press('Escape', 'Shift+A', 'd');
  await expect.poll(async () => (await review.invoke('outbox.list', {})).items.length).toBe(1);
  const report = await review.invoke('report.get', {});
  expect(report.byConcept.map((group) => [group.key, group.counts.accurate])).toEqual([
    ['face', faces.length],
  ]);

  // The COCO export's category is "face".
  // Not in the data folder: exports may not write there (issue 13, F7).
  const out = makeTempDir('loupe-e2e-faces-out-');
  const cleanData = cleanup;
  cleanup = () => {
    out.cleanup();
    cleanData?.();
  };
  const file = join(out.dir, 'faces.coco.json');
  await review.invoke('export.run', { format: 'coco', file });
  const coco = JSON.parse(readFileSync(file, 'utf8')) as {
    categories: { id: number; name: string }[];
    annotations: { category_id: number }[];
  };
  expect(coco.categories.map((category) => category.name)).toEqual(['face']);
  expect(coco.annotations).toHaveLength(faces.length);
});
