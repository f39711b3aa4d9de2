import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import type { Box } from '../../shared/geometry.ts';
import { startLoupe, type LoupeProcess } from '../support/loupeProcess.ts';
import { sampleImage, seedWorkspace } from '../support/seedWorkspace.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { ReviewPage } from './pages/ReviewPage.ts';

let loupe: LoupeProcess | undefined;
let cleanup: (() => void) | undefined;

test.afterEach(async () => {
  await loupe?.stop();
  cleanup?.();
});

const a: Box = { top: 0.5, left: 0.1, bottom: 0.75, right: 0.25 };
const b: Box = { top: 0.1, left: 0.6, bottom: 0.3, right: 0.8 };

async function openSeeded(page: Page) {
  const temp = makeTempDir('loupe-zoomed-');
  cleanup = temp.cleanup;
  const [image] = await seedWorkspace(temp.dir, [
    {
      file: sampleImage(1),
      regions: [
        { id: 'a', box: a, concepts: [{ id: 'ai_face', name: 'face', value: 0.99 }] },
        { id: 'b', box: b, concepts: [{ id: 'ai_face', name: 'face', value: 0.9 }] },
      ],
    },
  ]);
  loupe = await startLoupe({ dataDir: temp.dir });
  const review = new ReviewPage(page);
  await review.open(loupe.url);
  await review.waitForImage(image!.imageId);
  const width = Number(await review.canvas.getAttribute('data-image-width'));
  const height = Number(await review.canvas.getAttribute('data-image-height'));
  return { review, imageId: image!.imageId, width, height };
}

const number = async (review: ReviewPage, name: string) => Number(await review.canvas.getAttribute(name));

// Issue 20, missing 9: an arrow moves what the reviewer sees by a screen pixel, at any zoom.
test('arrow keys nudge by 1 / 10 screen pixels at the current zoom; the setting makes them image pixels', async ({
  page,
}) => {
  const { review, imageId, width, height } = await openSeeded(page);
  const boxOf = async () => {
    await review.settled();
    const { state } = await review.review(imageId);
    const box = state.regions.find((region) => region.regionId === 'a')!.box;
    return { x: box.left * width, y: box.top * height, w: (box.right - box.left) * width };
  };
  await review.clickRegion(a);
  await expect(review.selectedRegion).toBeVisible();
  const fitted = await number(review, 'data-scale');
  expect(fitted).toBeLessThan(0.5);
  const start = await boxOf();

  await review.press('ArrowRight');
  let now = await boxOf();
  expect(now.x - start.x).toBeCloseTo(1 / fitted, 3);
  await review.press('Shift+ArrowDown');
  now = await boxOf();
  expect(now.y - start.y).toBeCloseTo(10 / fitted, 3);
  expect(now.w - start.w).toBeCloseTo(0, 6);
  // Alt+arrow grows the edge on that side by one screen pixel too.
  await review.press('Alt+ArrowRight');
  expect((await boxOf()).w - start.w).toBeCloseTo(1 / fitted, 3);

  // Zoomed to the region, a press moves less of the image: still one screen pixel.
  await review.press('z');
  await expect.poll(() => number(review, 'data-scale')).toBeGreaterThan(fitted * 2);
  const zoomed = await number(review, 'data-scale');
  const before = await boxOf();
  await review.press('ArrowLeft');
  expect((await boxOf()).x - before.x).toBeCloseTo(-1 / zoomed, 3);

  // Settings → Nudge in image pixels: 1 and 10 image pixels, whatever the zoom.
  const screens = page.getByRole('navigation', { name: 'Screens' });
  await screens.getByRole('button', { name: 'Settings' }).click();
  const setting = page.getByLabel(/^Nudge in image pixels/);
  await expect(setting).not.toBeChecked();
  await setting.click();
  await expect(setting).toBeChecked();
  await expect.poll(async () => (await review.invoke('settings.get', {})).nudgeInImagePixels).toBe(true);
  await screens.getByRole('button', { name: 'Review' }).click();
  await review.waitForImage(imageId);
  const placed = await boxOf();
  await review.clickRegion({
    left: placed.x / width,
    right: (placed.x + placed.w) / width,
    top: placed.y / height,
    bottom: placed.y / height + 0.25,
  });
  await expect(review.selectedRegion).toBeVisible();
  await review.press('ArrowRight');
  expect((await boxOf()).x - placed.x).toBeCloseTo(1, 6);
  await review.press('Shift+ArrowRight');
  expect((await boxOf()).x - placed.x).toBeCloseTo(11, 6);
  // Each press is one undo step.
  await review.press('Control+z');
  expect((await boxOf()).x - placed.x).toBeCloseTo(1, 6);
});

/** How many pixels of a patch of the canvas (screen px from its top-left) are close to `rgb`. */
async function pixelsAt(
  review: ReviewPage,
  patch: { x: number; y: number; w: number; h: number },
  rgb: number[],
) {
  const { data, info } = await sharp(await review.canvas.screenshot())
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let close = 0;
  for (let y = patch.y; y < patch.y + patch.h; y++)
    for (let x = patch.x; x < patch.x + patch.w; x++) {
      const offset = (y * info.width + x) * info.channels;
      if (rgb.every((value, channel) => Math.abs(data[offset + channel]! - value) <= 40)) close++;
    }
  return close;
}

// Issue 20, missing 4: zoomed in, the labels stay on screen and a minimap shows where the view is.
test('zoomed in: a minimap shows the view and pans on click and drag, M hides it; a label whose corner is off screen stays on screen', async ({
  page,
}) => {
  const { review, width, height } = await openSeeded(page);
  const minimap = page.getByTestId('minimap');
  await expect(review.canvas).toHaveAttribute('data-ready', 'true');
  await expect(minimap).toHaveCount(0);

  await review.canvas.focus();
  await review.press('=', '=', '=');
  await expect(minimap).toBeVisible();
  const map = (await minimap.locator('canvas').boundingBox())!;
  const view = page.getByTestId('minimap-view');
  const viewBox = (await view.boundingBox())!;
  expect(viewBox.width).toBeLessThan(map.width * 0.9);

  // A click on the minimap centres the view on that point of the image.
  const bounds = (await review.canvas.boundingBox())!;
  const centre = async () => {
    const [scale, x, y] = [
      await number(review, 'data-scale'),
      await number(review, 'data-x'),
      await number(review, 'data-y'),
    ];
    return { x: (bounds.width / 2 - x) / scale / width, y: (bounds.height / 2 - y) / scale / height };
  };
  await page.mouse.click(map.x + map.width * 0.3, map.y + map.height * 0.4);
  await expect.poll(async () => (await centre()).x).toBeCloseTo(0.3, 1);
  expect((await centre()).y).toBeCloseTo(0.4, 1);
  // The rectangle follows the view.
  const moved = (await view.boundingBox())!;
  expect(moved.x + moved.width / 2).toBeCloseTo(map.x + map.width * 0.3, -1);

  // A drag on it pans along.
  await page.mouse.move(map.x + map.width * 0.3, map.y + map.height * 0.4);
  await page.mouse.down();
  await page.mouse.move(map.x + map.width * 0.5, map.y + map.height * 0.5, { steps: 3 });
  await page.mouse.move(map.x + map.width * 0.7, map.y + map.height * 0.6, { steps: 3 });
  await page.mouse.up();
  await expect.poll(async () => (await centre()).x).toBeCloseTo(0.7, 1);
  expect((await centre()).y).toBeCloseTo(0.6, 1);

  // M hides it and shows it again; at fit it is not needed.
  await review.canvas.focus();
  await review.press('m');
  await expect(minimap).toHaveCount(0);
  await expect(page.locator('[data-action="view.minimap"]')).toHaveAttribute('aria-pressed', 'false');
  await review.press('m');
  await expect(minimap).toBeVisible();
  await review.press('0');
  await expect(minimap).toHaveCount(0);

  // Zoom in on region a's middle until the box is larger than the view: its top-left corner, where
  // the label belongs, is off screen, and the label sits at the view's top-left corner instead.
  const yellow = [250, 204, 21];
  const topLeft = { x: 4, y: 4, w: 30, h: 10 };
  expect(await pixelsAt(review, topLeft, yellow)).toBeLessThan(20);
  const middle = await review.pagePoint({ x: (a.left + a.right) / 2, y: (a.top + a.bottom) / 2 });
  await page.mouse.move(middle.x, middle.y);
  for (let turn = 0; turn < 4; turn++) await page.mouse.wheel(0, -400);
  const corner = await review.pagePoint({ x: a.left, y: a.top });
  await expect.poll(async () => (await review.pagePoint({ x: a.left, y: a.top })).x).toBeLessThan(bounds.x);
  expect(corner.y).toBeLessThan(bounds.y);
  const painted = review.canvas.locator('[data-painted-labels]');
  await expect.poll(async () => (await painted.getAttribute('data-painted-labels')) ?? '').toBe('face 99%');
  await expect.poll(() => pixelsAt(review, topLeft, yellow)).toBeGreaterThan(150);
});
