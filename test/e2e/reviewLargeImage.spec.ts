import { expect, test } from '@playwright/test';
import { sameBox } from '../../shared/geometry.ts';
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

/** A 50 × 40 grid of boxes over the whole image: 2,000 regions, each in its own cell. */
function gridRegions(columns: number, rows: number): SeedRegion[] {
  const regions: SeedRegion[] = [];
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const left = (column + 0.2) / columns;
      const top = (row + 0.2) / rows;
      regions.push({
        id: `r-${row}-${column}`,
        box: { left, top, right: left + 0.6 / columns, bottom: top + 0.6 / rows },
        concepts: [{ id: 'ai_logo', name: 'logo', value: 0.3 + ((row * columns + column) % 70) / 100 }],
      });
    }
  }
  return regions;
}

// Correctness only: how fast is for `npm run bench` (docs/design.md §6), never a timed test.
test('an image with 2,000 regions opens and one of them can be dragged', async ({ page }) => {
  const temp = makeTempDir('loupe-review-large-');
  cleanup = temp.cleanup;
  const regions = gridRegions(50, 40);
  const [seeded] = await seedWorkspace(temp.dir, [{ file: sampleImage(4), regions }]);
  loupe = await startLoupe({ dataDir: temp.dir });
  const review = new ReviewPage(page);
  await review.open(loupe.url);
  await review.waitForImage(seeded!.imageId);
  await expect(page.locator('[data-count="unreviewed"]')).toHaveText('2000');

  const target = regions.find((region) => region.id === 'r-20-25')!;
  await review.clickRegion(target.box);
  await expect(review.canvas).toHaveAttribute('data-selected', 'r-20-25');
  await review.dragRegion(target.box, 40, 25);
  await review.settled();

  const state = (await review.review(seeded!.imageId)).state;
  const moved = state.regions.find((region) => region.key === 'r-20-25')!;
  const attribute = async (name: string) => Number(await review.canvas.getAttribute(name));
  const [scale, width, height] = [
    await attribute('data-scale'),
    await attribute('data-image-width'),
    await attribute('data-image-height'),
  ];
  expect((moved.box.left - target.box.left) * width * scale).toBeCloseTo(40, 0);
  expect((moved.box.top - target.box.top) * height * scale).toBeCloseTo(25, 0);
  // The size did not change, and no other region moved.
  expect(moved.box.right - moved.box.left).toBeCloseTo(target.box.right - target.box.left, 9);
  const others = state.regions.filter((region) => region.key !== 'r-20-25');
  expect(others.every((region) => sameBox(region.box, region.predictedBox!))).toBe(true);
  await expect(page.locator('[data-count="misplaced"]')).toHaveText('1');
  await expect(page.locator('[data-count="unreviewed"]')).toHaveText('1999');
});
