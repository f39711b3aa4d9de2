import { expect, test } from '@playwright/test';
import type { Box } from '../../shared/geometry.ts';
import { startLoupe, type LoupeProcess } from '../support/loupeProcess.ts';
import { sampleImage, seedWorkspace, type SeedRegion } from '../support/seedWorkspace.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { ReviewPage } from './pages/ReviewPage.ts';

let loupe: LoupeProcess | undefined;
let cleanup: (() => void) | undefined;

test.afterEach(async () => {
  await loupe?.stop();
  cleanup?.();
});

const region = (id: string, name: string, value: number, top: number): SeedRegion => ({
  id,
  box: { top, left: 0.2, bottom: top + 0.2, right: 0.4 } satisfies Box,
  concepts: [{ id: `ai_${name}`, name, value }],
});

// Issue 20, missing 1: sorted and filtered on the main side, counts per row, names on hover, Shift+J.
test('the image list sorts by confidence, regions and false positives, filters by concept, verdict and unreviewed, and Shift+J finds the next image needing attention', async ({
  page,
}) => {
  const temp = makeTempDir('loupe-list-sort-');
  cleanup = temp.cleanup;
  const seeded = await seedWorkspace(temp.dir, [
    { file: sampleImage(1), regions: [region('a1', 'face', 0.95, 0.5)] },
    {
      file: sampleImage(2),
      regions: [
        region('b1', 'Omberlin', 0.9, 0.1),
        region('b2', 'Omberlin', 0.8, 0.4),
        region('b3', 'Omberlin', 0.85, 0.7),
      ],
    },
    { file: sampleImage(3), regions: [region('c1', 'Vexamoor', 0.6, 0.1), region('c2', 'face', 0.99, 0.5)] },
    { file: sampleImage(4), regions: [] },
  ]);
  const [one, two, three, four] = seeded.map((image) => image.imageId) as [number, number, number, number];
  loupe = await startLoupe({ dataDir: temp.dir });
  const review = new ReviewPage(page);
  await review.open(loupe.url);

  // Counts on each row; the full path and the counts on hover.
  await expect(review.imageRow(two).getByTestId('region-counts')).toHaveText(
    '3 regions · 3 to review · min 80%',
  );
  await expect(review.imageRow(four).getByTestId('region-counts')).toHaveCount(0);
  await expect(review.imageRow(three)).toHaveAttribute(
    'title',
    `${sampleImage(3)}\n2 regions · 2 to review · min 60%`,
  );

  await review.sort.selectOption('Most regions');
  await expect.poll(() => review.listedIds()).toEqual([two, three, one, four]);
  await review.sort.selectOption('Lowest confidence');
  await expect.poll(() => review.listedIds()).toEqual([three, two, one, four]);

  // A false positive on image 3 (its first region in reading order is Vexamoor).
  await review.imageRow(three).click();
  await review.waitForImage(three);
  await review.press('Tab', 'x');
  await review.settled();
  await expect(review.imageRow(three).getByTestId('region-counts')).toHaveText(
    '2 regions · 1 to review · 1 false positive · min 60%',
  );
  await review.sort.selectOption('Most false positives');
  await expect.poll(() => review.listedIds()).toEqual([three, one, two, four]);

  await review.verdictFilter.selectOption('False positive');
  await expect.poll(() => review.listedIds()).toEqual([three]);
  await review.verdictFilter.selectOption('Any verdict');

  // Concepts by name with their image counts; a region judged a false positive no longer carries its concept.
  await expect(review.conceptFilter.locator('option')).toHaveText([
    'Any concept',
    'face (2)',
    'Omberlin (1)',
  ]);
  await review.conceptFilter.selectOption('face');
  await expect.poll(() => review.listedIds()).toEqual([three, one]);
  await review.conceptFilter.selectOption('');

  await review.hasUnreviewed.check();
  await expect.poll(() => review.listedIds()).toEqual([three, one, two]);
  await review.imageRow(one).click();
  await review.waitForImage(one);
  await review.press('Tab', 'a');
  await review.settled();
  await expect.poll(() => review.listedIds()).toEqual([three, two]);
  await review.hasUnreviewed.uncheck();

  // Sort and filter stay across a reload of the window.
  await review.sort.selectOption('Most regions');
  await review.reload();
  await expect(review.sort).toHaveValue('mostRegions');
  await expect.poll(() => review.listedIds()).toEqual([two, three, one, four]);

  // Image 1 is done; Shift+J from image 3 skips it and opens image 4, then wraps round to image 2.
  await review.imageRow(one).click();
  await review.waitForImage(one);
  await review.press('d');
  await review.waitForImage(two);
  await expect(review.imageRow(one)).not.toHaveAttribute('data-status', 'in_progress');
  await review.imageRow(three).click();
  await review.waitForImage(three);
  await review.press('Shift+J');
  await review.waitForImage(four);
  await review.press('Shift+J');
  await review.waitForImage(two);
});
