import { expect, test } from '@playwright/test';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { faceModelId } from '../../electron/main/firstRun.ts';
import { describeImageFile } from '../../electron/main/workspace/imageImporter.ts';
import { Workspace } from '../../electron/main/workspace/workspace.ts';
import { startLoupe, type LoupeProcess } from '../support/loupeProcess.ts';
import { faceSamples, sampleImage, seedWorkspace, workspaceFile } from '../support/seedWorkspace.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { ReviewPage } from './pages/ReviewPage.ts';

// Issue 14: predictions run from the UI, failed ones retried, images removed.

const cleanups: (() => unknown)[] = [];
test.afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

test('run another model on chosen images with progress, review both predictions by name, retry a failed image, remove one', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const temp = makeTempDir('loupe-e2e-predict-');
  cleanups.push(temp.cleanup);
  const seeded = await seedWorkspace(temp.dir, faceSamples());
  // An image whose file is not there yet: its prediction fails until the file arrives.
  const late = join(temp.dir, 'late.jpg');
  const workspace = new Workspace(workspaceFile(temp.dir));
  const { image: lateImage } = workspace.images.add({
    ...(await describeImageFile(sampleImage(4))),
    source: late,
    sourceKind: 'file',
    error: null,
  });
  const now = new Date().toISOString();
  workspace.db
    .prepare(
      `INSERT INTO jobs (image_id, model, state, attempts, next_attempt_at, created_at) VALUES (?, ?, 'queued', 0, ?, ?)`,
    )
    .run(lateImage.id, JSON.stringify({ modelId: faceModelId }), now, now);
  workspace.close();

  const app: LoupeProcess = await startLoupe({ dataDir: temp.dir });
  cleanups.push(() => app.stop());
  const review = new ReviewPage(page);
  await review.open(app.url);
  const first = seeded[0]!;
  await review.waitForImage(first.imageId);

  // The late image fails (its file is missing): Retry failed, once the file is there.
  const progress = page.getByTestId('predict-progress');
  await expect(progress).toContainText('1 failed', { timeout: 30_000 });
  copyFileSync(sampleImage(4), late);
  await progress.getByRole('button', { name: 'Retry failed' }).click();
  await expect
    .poll(
      async () => (await review.invoke('image.get', { imageId: lateImage.id })).predictions[0]?.statusCode,
      {
        timeout: 60_000,
      },
    )
    .toBe(10000);

  // Choose two images in the list and run the general detector on them from the UI.
  const names = ['sample1.jpg', 'sample2.jpg'];
  for (const name of names) await review.imageList.getByLabel(`Choose ${name}`).check();
  await page.getByRole('button', { name: 'Run a model…' }).click();
  const dialog = review.dialog;
  const picker = dialog.getByLabel('Model to run');
  // Names, not hex ids.
  await expect(picker.locator('option', { hasText: 'General detection' })).toBeAttached({ timeout: 15_000 });
  const generalId = await picker
    .locator('option', { hasText: 'General detection' })
    .first()
    .getAttribute('value');
  await picker.selectOption(generalId);
  await expect(dialog.getByRole('radio', { name: /2 chosen image/ })).toBeChecked();
  await dialog.getByRole('button', { name: 'Run' }).click();
  await expect(review.notice).toContainText('2 image(s) queued for General detection');
  await expect
    .poll(
      async () =>
        (
          await Promise.all(
            seeded.slice(0, 2).map(async ({ imageId }) => {
              const detail = await review.invoke('image.get', { imageId });
              return detail.predictions.filter((prediction) => prediction.review).length;
            }),
          )
        ).join(','),
      { timeout: 60_000 },
    )
    .toBe('2,2');

  // Both predictions of the open image are reviewable, chosen by name.
  await review.reload();
  await review.waitForImage(first.imageId);
  const modelSelect = page.getByRole('complementary', { name: 'Review' }).getByLabel('Model');
  await expect(modelSelect.locator('option')).toHaveCount(2);
  await expect(modelSelect.locator('option', { hasText: 'Face detection' })).toHaveCount(1);
  await modelSelect.selectOption({
    label: (await modelSelect.locator('option', { hasText: 'General detection' }).textContent())!,
  });
  await review.waitForImage(first.imageId);
  await review.press('Tab', 'a');
  await review.settled();
  const detail = await review.invoke('image.get', { imageId: first.imageId });
  const general = detail.predictions.find((prediction) => prediction.modelId === generalId)!;
  expect(general.review!.state.regions.some((region) => region.confirmed)).toBe(true);

  // Remove the late image from the workspace: gone from the list, its file still there.
  await review.imageList.getByText('late.jpg').click();
  await review.waitForImage(lateImage.id);
  await page.getByRole('button', { name: 'Remove image…' }).click();
  await expect(review.dialog).toContainText('late.jpg');
  await review.dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(review.imageList.getByText('late.jpg')).toHaveCount(0);
  expect((await review.invoke('workspace.info', {})).images).toBe(3);
  expect(existsSync(late)).toBe(true);
});
