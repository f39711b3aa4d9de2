import { expect, test } from '@playwright/test';
import { startLoupe, type LoupeProcess } from '../support/loupeProcess.ts';
import { seedManyImages } from '../support/seedWorkspace.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { ReviewPage } from './pages/ReviewPage.ts';

let loupe: LoupeProcess | undefined;
let cleanup: (() => void) | undefined;

test.afterEach(async () => {
  await loupe?.stop();
  cleanup?.();
});

// Correctness only: scrolling speed is for `npm run bench` (docs/design.md §6).
test('50,000 images: the list keeps a few rows in the page, scrolls to the end, filters and steps', async ({
  page,
}) => {
  const temp = makeTempDir('loupe-review-list-');
  cleanup = temp.cleanup;
  await seedManyImages(temp.dir, 50_000, 10);
  loupe = await startLoupe({ dataDir: temp.dir });
  const review = new ReviewPage(page);
  await review.open(loupe.url);
  await review.waitForImage(1);
  await expect(review.progress).toHaveText('Reviewed 0 of 50,000 · 0 in progress');
  expect(await review.imageList.locator('[role="option"]').count()).toBeLessThan(60);

  await review.imageList.evaluate((list) => (list.scrollTop = list.scrollHeight));
  const last = review.imageRow(50_000);
  await expect(last).toBeVisible();
  expect(await review.imageList.locator('[role="option"]').count()).toBeLessThan(60);
  await last.click();
  await review.waitForImage(50_000);
  await expect(last).toHaveAttribute('aria-selected', 'true');
  await review.press('k');
  await review.waitForImage(49_999);
  await review.press('j', 'j');
  await review.waitForImage(50_000);

  await review.filter.selectOption('Unreviewed');
  await expect(review.imageList.locator('[role="option"]')).toHaveCount(10);
  await review.imageRow(10).click();
  await review.waitForImage(10);
  await review.press('k');
  await review.waitForImage(9);
});
