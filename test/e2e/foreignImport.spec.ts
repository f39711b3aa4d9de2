import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageSummary } from '../../shared/workspaceViews.ts';
import { ForeignImportPage } from './pages/ForeignImportPage.ts';
import { PathPickerPage } from './pages/PathPickerPage.ts';
import { openSampleWorkspace, type SampleWorkspace } from './sampleWorkspace.ts';

// Issue 19: predictions made elsewhere, imported through the Import screen into the sample
// workspace (docs/interop.md): the report, the model by its own name and preferred on the review
// screen, 'Review them', and a file in the wrong format.

let opened: SampleWorkspace | undefined;
test.afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

const photo = (items: readonly ImageSummary[], name: string) =>
  items.find((item) => item.source.endsWith(`/${name}`))!;

test('a COCO results list beside its dataset file, then Label Studio tasks chosen with Browse…: reports, models by name, Review them', async ({
  page,
}) => {
  test.setTimeout(240_000);
  opened = await openSampleWorkspace(page, 'foreign-import');
  const { review, dataDir, items } = opened;
  await review.waitForImage();
  const sample1 = photo(items, 'sample1.jpg');
  const sample3 = photo(items, 'sample3.jpg');
  const sample2 = photo(items, 'sample2.jpg');
  expect(sample1.width).toBe(1920);

  // A detector's results list names images by id; the dataset file it belongs to names them.
  const dataset = join(dataDir, 'val-samples.json');
  writeFileSync(
    dataset,
    JSON.stringify({
      images: [
        { id: 101, file_name: 'sample1.jpg' },
        { id: 103, file_name: 'sample3.jpg' },
        { id: 900, file_name: 'not-in-the-workspace.jpg' },
      ],
      annotations: [],
      categories: [{ id: 1, name: 'person' }],
    }),
  );
  const results = join(dataDir, 'detections.json');
  writeFileSync(
    results,
    JSON.stringify([
      { image_id: 101, category_id: 1, bbox: [100, 200, 300, 400], score: 0.95 },
      // Past the right edge by 80 px: clamped, with a warning.
      { image_id: 101, category_id: 1, bbox: [1800, 100, 200, 150], score: 0.9 },
      // No area: skipped, with the reason.
      { image_id: 101, category_id: 1, bbox: [10, 10, 0, 20], score: 0.8 },
      { image_id: 103, category_id: 1, bbox: [50, 60, 200, 220], score: 0.85 },
      { image_id: 900, category_id: 1, bbox: [1, 1, 50, 50], score: 0.7 },
    ]),
  );

  const foreign = new ForeignImportPage(page);
  await foreign.open();
  await foreign.importFile(results, { classes: dataset });
  await expect(foreign.result).toContainText(
    '3 image(s) in the file: 2 matched (0 imported from the images folder), 1 unmatched. ' +
      'Imported 2 prediction(s) with 3 region(s) as COCO: detections.json.',
    { timeout: 30_000 },
  );
  await expect(foreign.warnings).toContainText(
    'the box reaches 80 px outside the image; clamped to its edge',
  );
  await expect(foreign.skipped).toContainText('the box has no area (width or height ≤ 0)');
  await expect(foreign.unmatched).toContainText(
    'no such image in the workspace or the images folder: not-in-the-workspace.jpg',
  );

  // 'Review them': the first imported photo, the imported model chosen (by its name, not an id),
  // its regions painted.
  await foreign.reviewThem();
  await review.waitForImage(sample1.id);
  const inspector = page.getByRole('complementary', { name: 'Review' });
  const model = inspector.getByRole('combobox').first();
  await expect(model.locator('option:checked')).toHaveText('COCO: detections.json');
  const painted = review.canvas.locator('[data-painted-labels]');
  await expect
    .poll(async () => ((await painted.getAttribute('data-painted-labels')) ?? '').split('\n').length)
    .toBe(2);
  expect(await painted.getAttribute('data-painted-labels')).toMatch(/person/);
  const detail = await review.invoke('image.get', { imageId: sample1.id });
  const coco = detail.predictions.find((prediction) => prediction.modelId === 'COCO: detections.json')!;
  const clamped = coco.review!.state.regions[1]!;
  expect(clamped.box.right).toBe(1);
  expect(Math.round(clamped.box.left * 1920)).toBe(1800);

  // Preferred on the next images too: sample3 opens on the imported model, not the face model.
  await review.imageRow(sample3.id).click();
  await review.waitForImage(sample3.id);
  await expect(model.locator('option:checked')).toHaveText('COCO: detections.json');

  // Label Studio tasks, chosen with Browse…: the model is the prediction's model_version.
  const tasks = join(dataDir, 'ls-tasks.json');
  writeFileSync(
    tasks,
    JSON.stringify([
      {
        id: 7,
        data: { image: '/data/upload/3/0badcafe-sample2.jpg' },
        predictions: [
          {
            model_version: 'yolov8n-samples',
            score: 0.9,
            result: [
              {
                id: 'a',
                type: 'rectanglelabels',
                from_name: 'label',
                to_name: 'image',
                original_width: 1920,
                original_height: 1367,
                value: { x: 10, y: 20, width: 30, height: 40, rotation: 0, rectanglelabels: ['Person'] },
                score: 0.88,
              },
            ],
          },
        ],
      },
    ]),
  );
  await foreign.open();
  const picker = new PathPickerPage(page);
  await picker.open('the predictions file');
  await picker.goTo(dataDir);
  await picker.entries.getByLabel('ls-tasks.json').check();
  await picker.choose('Choose file');
  await expect(foreign.file).toHaveValue(tasks);
  await foreign.classes.fill('');
  await foreign.panel.getByRole('button', { name: 'Import predictions' }).click();
  await expect(foreign.result).toContainText(
    'Imported 1 prediction(s) with 1 region(s) as Label Studio: yolov8n-samples.',
    { timeout: 30_000 },
  );
  await foreign.reviewThem();
  await review.waitForImage(sample2.id);
  await expect(model.locator('option:checked')).toHaveText('Label Studio: yolov8n-samples');
  await expect.poll(async () => (await painted.getAttribute('data-painted-labels')) ?? '').toMatch(/Person/);
});

test('a file in the wrong format: "looks like Label Studio JSON, not COCO", nothing imported', async ({
  page,
}) => {
  test.setTimeout(180_000);
  opened = await openSampleWorkspace(page, 'foreign-wrong');
  const { review, dataDir } = opened;
  await review.waitForImage();
  const tasks = join(dataDir, 'tasks.json');
  writeFileSync(tasks, JSON.stringify([{ data: { image: 'sample1.jpg' }, predictions: [] }]));
  const foreign = new ForeignImportPage(page);
  await foreign.open();
  await foreign.importFile(tasks, { format: 'COCO (dataset JSON or a results list)' });
  await expect(foreign.error).toContainText(`${tasks} looks like Label Studio JSON, not COCO`);
  await expect(foreign.result).toHaveCount(0);
  const info = await review.invoke('workspace.info', {});
  expect(info.byStatus.unreviewed).toBe(18);
});
