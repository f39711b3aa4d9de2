import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openSampleWorkspace, type SampleWorkspace } from './sampleWorkspace.ts';

let opened: SampleWorkspace | undefined;
test.afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

test("face regions are named by the detector's concept on the canvas, in the QA report and in the COCO export", async ({
  page,
}) => {
  test.setTimeout(180_000);
  opened = await openSampleWorkspace(page, 'faces');
  const { review, items } = opened;
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

  // The COCO export's category is "face" (no file named: the data folder's exports/).
  const { file } = await review.invoke('export.run', { format: 'coco' });
  const coco = JSON.parse(readFileSync(file, 'utf8')) as {
    categories: { id: number; name: string }[];
    annotations: { category_id: number }[];
  };
  expect(coco.categories.map((category) => category.name)).toEqual(['face']);
  expect(coco.annotations).toHaveLength(faces.length);
});
