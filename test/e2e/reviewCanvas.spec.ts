import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { regionVerdict } from '../../shared/review.ts';
import { startLoupe, type LoupeProcess } from '../support/loupeProcess.ts';
import { faceSamples, seedWorkspace } from '../support/seedWorkspace.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { ReviewPage } from './pages/ReviewPage.ts';

let loupe: LoupeProcess | undefined;
let cleanup: (() => void) | undefined;

test.afterEach(async () => {
  await loupe?.stop();
  cleanup?.();
});

async function openFirstImage(page: Page): Promise<{ review: ReviewPage; imageId: number }> {
  const temp = makeTempDir('loupe-review-canvas-');
  cleanup = temp.cleanup;
  const [first] = await seedWorkspace(temp.dir, faceSamples());
  loupe = await startLoupe({ dataDir: temp.dir });
  const review = new ReviewPage(page);
  await review.open(loupe.url);
  await review.waitForImage(first!.imageId);
  return { review, imageId: first!.imageId };
}

const number = async (review: ReviewPage, name: string) => Number(await review.canvas.getAttribute(name));

test('zoom and pan: keys, wheel to the cursor, dragging empty space, space+drag, zoom to a region', async ({
  page,
}) => {
  const { review, imageId } = await openFirstImage(page);
  const fitted = await number(review, 'data-scale');

  await review.press('Alt+1');
  await expect(page.getByTestId('zoom-level')).toHaveText('100%');
  await review.press('0');
  await expect(review.canvas).toHaveAttribute('data-scale', String(fitted));

  // The image point under the cursor stays under it while the wheel zooms (to the pixel: the
  // browser reports whole-pixel pointer positions).
  const cursor = await review.pagePoint({ x: 0.6, y: 0.7 });
  await page.mouse.move(cursor.x, cursor.y);
  await page.mouse.wheel(0, -400);
  await expect.poll(() => number(review, 'data-scale')).toBeGreaterThan(fitted * 1.5);
  const after = await review.pagePoint({ x: 0.6, y: 0.7 });
  expect(Math.abs(after.x - cursor.x)).toBeLessThan(1.5);
  expect(Math.abs(after.y - cursor.y)).toBeLessThan(1.5);

  // Dragging where there is no region pans.
  await review.press('0');
  const x = await number(review, 'data-x');
  const y = await number(review, 'data-y');
  const empty = await review.pagePoint({ x: 0.05, y: 0.1 });
  await page.mouse.move(empty.x, empty.y);
  await page.mouse.down();
  await page.mouse.move(empty.x + 25, empty.y + 15, { steps: 3 });
  await page.mouse.move(empty.x + 50, empty.y + 30, { steps: 3 });
  await page.mouse.up();
  await expect.poll(() => number(review, 'data-x')).toBeCloseTo(x + 50, 0);
  expect(await number(review, 'data-y')).toBeCloseTo(y + 30, 0);

  // Zoom to the selected region puts it in the middle, larger.
  await review.press('Tab', 'z');
  await expect(review.canvas).toHaveAttribute('data-selected', 'face-1c');
  await expect.poll(() => number(review, 'data-scale')).toBeGreaterThan(fitted * 2);
  const bounds = (await review.canvas.boundingBox())!;
  const box = { top: 0.156, left: 0.769, bottom: 0.344, right: 0.875 };
  const middle = await review.pagePoint({ x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 });
  expect(middle.x).toBeCloseTo(bounds.x + bounds.width / 2, -1);
  expect(middle.y).toBeCloseTo(bounds.y + bounds.height / 2, -1);

  // Holding space, a drag on the selected region pans instead of moving the region.
  const panX = await number(review, 'data-x');
  await page.mouse.move(middle.x, middle.y);
  await page.keyboard.down('Space');
  await page.mouse.down();
  await page.mouse.move(middle.x + 20, middle.y, { steps: 3 });
  await page.mouse.move(middle.x + 40, middle.y, { steps: 3 });
  await page.mouse.up();
  await page.keyboard.up('Space');
  await expect.poll(() => number(review, 'data-x')).toBeCloseTo(panX + 40, 0);
  await review.settled();
  const region = (await review.review(imageId)).state.regions.find(
    (candidate) => candidate.key === 'face-1c',
  )!;
  expect(region.box).toEqual(region.predictedBox);
});

test('a region drawn with the mouse and resized by a handle: one undo step each', async ({ page }) => {
  const { review, imageId } = await openFirstImage(page);
  const drawnBox = async () => {
    await review.settled();
    return (await review.review(imageId)).state.regions.find((region) => region.source === 'reviewer')?.box;
  };

  await review.press('n');
  await expect(review.canvas).toHaveAttribute('data-tool', 'draw');
  const from = await review.pagePoint({ x: 0.05, y: 0.6 });
  const to = await review.pagePoint({ x: 0.15, y: 0.8 });
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 3 });
  await page.mouse.up();
  await expect(review.canvas).toHaveAttribute('data-tool', 'select');
  await expect(review.selectedRegion).toHaveAttribute('data-look', 'not_detected');
  const drawn = (await drawnBox())!;
  expect(drawn.left).toBeCloseTo(0.05, 2);
  expect(drawn.bottom).toBeCloseTo(0.8, 2);

  // The bottom-right handle of the Transformer sits on the box's corner.
  const corner = await review.pagePoint({ x: drawn.right, y: drawn.bottom });
  await page.mouse.move(corner.x, corner.y);
  await page.mouse.down();
  await page.mouse.move(corner.x + 20, corner.y + 10, { steps: 3 });
  await page.mouse.move(corner.x + 40, corner.y + 20, { steps: 3 });
  await page.mouse.up();
  await expect.poll(async () => (await drawnBox())!.right).toBeGreaterThan(drawn.right);
  const resized = (await drawnBox())!;
  expect(resized.left).toBeCloseTo(drawn.left, 6);
  expect(resized.top).toBeCloseTo(drawn.top, 6);

  await review.press('Control+z');
  expect(await drawnBox()).toEqual(drawn);
  await review.press('Control+z');
  expect(await drawnBox()).toBeUndefined();
});

test('the threshold dims regions: accept-all leaves them, promote accepts them one key at a time', async ({
  page,
}) => {
  const { review, imageId } = await openFirstImage(page);
  const verdictOf = async (key: string) => {
    await review.settled();
    const region = (await review.review(imageId)).state.regions.find((candidate) => candidate.key === key)!;
    return regionVerdict(region) ?? 'unreviewed';
  };
  const slider = page.getByLabel('Confidence threshold');
  await slider.focus();
  for (let step = 0; step < 10; step++) await slider.press('ArrowRight');
  await expect(slider).toHaveValue('0.5');

  await review.press('Shift+A');
  expect(await verdictOf('face-1a')).toBe('accurate');
  expect(await verdictOf('face-1d')).toBe('unreviewed');

  await review.press('p');
  await expect(review.canvas).toHaveAttribute('data-selected', 'face-1d');
  await review.press('p');
  expect(await verdictOf('face-1d')).toBe('accurate');
  await expect(review.notice).toHaveText('No dimmed region left to promote.');
});

test('regions are drawn in the colour of their verdict, and dimmed below the threshold', async ({ page }) => {
  const { review, imageId } = await openFirstImage(page);
  const { regions } = (await review.review(imageId)).state;
  const colours = { unreviewed: [250, 204, 21], accurate: [34, 197, 94] } as const;
  /** How many pixels along the middle of a region's left border are close to `rgb`, as on screen. */
  const borderPixels = async (key: string, rgb: readonly number[]) => {
    const box = regions.find((region) => region.key === key)!.box;
    const bounds = (await review.canvas.boundingBox())!;
    const at = await review.pagePoint({ x: box.left, y: (box.top + box.bottom) / 2 });
    const { data, info } = await sharp(await review.canvas.screenshot())
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    let close = 0;
    for (let dy = -12; dy <= 12; dy++) {
      for (let dx = -2; dx <= 2; dx++) {
        const offset =
          (Math.round(at.y - bounds.y + dy) * info.width + Math.round(at.x - bounds.x + dx)) * info.channels;
        if (rgb.every((value, channel) => Math.abs(data[offset + channel]! - value) <= 40)) close++;
      }
    }
    return close;
  };

  await expect.poll(() => borderPixels('face-1c', colours.unreviewed)).toBeGreaterThan(3);
  await expect.poll(() => borderPixels('face-1d', colours.unreviewed)).toBeGreaterThan(3);
  const slider = page.getByLabel('Confidence threshold');
  await slider.focus();
  for (let step = 0; step < 10; step++) await slider.press('ArrowRight');
  await review.press('Shift+A');
  await review.settled();
  await expect.poll(() => borderPixels('face-1c', colours.accurate)).toBeGreaterThan(3);
  expect(await borderPixels('face-1c', colours.unreviewed)).toBe(0);
  // face-1d (42 %) is under the threshold: left unreviewed, and drawn faint.
  await expect.poll(() => borderPixels('face-1d', colours.unreviewed)).toBe(0);
  expect(await borderPixels('face-1d', colours.accurate)).toBe(0);
});

test('an edit made elsewhere (another window, the CLI) shows up at once, and the next key press builds on it', async ({
  page,
}) => {
  const { review, imageId } = await openFirstImage(page);
  const count = (kind: string) => page.locator(`[data-count="${kind}"]`);
  const { predictionId } = await review.review(imageId);
  await review.press('Tab');
  await expect(review.canvas).toHaveAttribute('data-selected', 'face-1c');
  await review.press('a');
  await review.settled();
  await expect(count('accurate')).toHaveText('1');

  // Another writer marks face-1d false: review.changed carries a revision this page did not count,
  // so it reads the review again without a key press (docs/review-storage.md, "Events").
  await review.invoke('review.apply', { predictionId, op: { type: 'remove', keys: ['face-1d'] } });
  await expect(count('false_positive')).toHaveText('1');

  await review.press('a');
  await review.settled();
  await expect(count('false_positive')).toHaveText('1');
  await expect(count('accurate')).toHaveText('2');
  const stored = await review.review(imageId);
  expect(stored.revision).toBe(3);
});
