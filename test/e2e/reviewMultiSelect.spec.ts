import { expect, test, type Page } from '@playwright/test';
import type { Box } from '../../shared/geometry.ts';
import { startLoupe, type LoupeProcess } from '../support/loupeProcess.ts';
import { sampleImage, seedWorkspace, type SeedRegion } from '../support/seedWorkspace.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { saveDocsScreenshot } from './docsScreenshot.ts';
import { ReviewPage } from './pages/ReviewPage.ts';

let loupe: LoupeProcess | undefined;
let cleanup: (() => void) | undefined;

test.afterEach(async () => {
  await loupe?.stop();
  cleanup?.();
});

const boxes = {
  a: { top: 0.5, left: 0.1, bottom: 0.75, right: 0.25 },
  b: { top: 0.5, left: 0.4, bottom: 0.75, right: 0.55 },
  c: { top: 0.5, left: 0.7, bottom: 0.75, right: 0.85 },
} satisfies Record<string, Box>;
const region = (id: keyof typeof boxes, value: number): SeedRegion => ({
  id,
  box: boxes[id],
  concepts: [{ id: 'ai_face', name: 'face', value }],
});

async function openSeeded(page: Page) {
  const temp = makeTempDir('loupe-multi-');
  cleanup = temp.cleanup;
  const [first, second] = await seedWorkspace(temp.dir, [
    { file: sampleImage(1), regions: [region('a', 0.99), region('b', 0.9), region('c', 0.8)] },
    { file: sampleImage(2), regions: [] },
  ]);
  loupe = await startLoupe({ dataDir: temp.dir });
  const review = new ReviewPage(page);
  await review.open(loupe.url);
  await review.waitForImage(first!.imageId);
  return { review, first: first!, second: second! };
}

async function shiftClick(review: ReviewPage, box: Box) {
  await review.page.keyboard.down('Shift');
  await review.clickRegion(box);
  await review.page.keyboard.up('Shift');
}

/** The review's regions by their model region id (drawn ones by key), as the main side stores them. */
async function stored(review: ReviewPage, imageId: number) {
  const { state } = await review.review(imageId);
  return new Map(state.regions.map((r) => [r.regionId ?? r.key, r]));
}

const keyOf = async (review: ReviewPage, imageId: number, id: string) =>
  (await stored(review, imageId)).get(id)!.key;

test('shift-click, Shift-drag and Ctrl+A select several regions; accept, false positive and relabel act on all as one undo step; Ctrl+C / Ctrl+V copy the boxes to another image', async ({
  page,
}) => {
  const { review, first, second } = await openSeeded(page);
  const count = () => review.canvas.getAttribute('data-selection-count');
  const many = page.getByTestId('selected-regions');

  // Click a, shift-click b: two selected, the inspector offers the bulk buttons.
  await review.clickRegion(boxes.a);
  await expect(review.canvas).toHaveAttribute('data-selected', await keyOf(review, first.imageId, 'a'));
  await shiftClick(review, boxes.b);
  await expect(review.canvas).toHaveAttribute('data-selection-count', '2');
  await expect(many.getByRole('heading', { level: 3 }).first()).toHaveText('2 regions selected');
  await expect(many.getByRole('button', { name: 'Accept all 2' })).toBeVisible();
  // Shift-click again takes one out (one left: an ordinary selection), and back in.
  await shiftClick(review, boxes.a);
  await expect(review.canvas).toHaveAttribute('data-selection-count', '1');
  await expect(review.canvas).toHaveAttribute('data-selected', await keyOf(review, first.imageId, 'b'));
  await shiftClick(review, boxes.a);
  await expect(review.canvas).toHaveAttribute('data-selection-count', '2');

  // A accepts both, in one op: one undo takes both back.
  await review.press('a');
  await review.settled();
  let regions = await stored(review, first.imageId);
  expect([regions.get('a')!.confirmed, regions.get('b')!.confirmed, regions.get('c')!.confirmed]).toEqual([
    true,
    true,
    false,
  ]);
  await expect(page.locator('[data-count="accurate"]')).toHaveText('2');
  await review.press('Control+z');
  await review.settled();
  regions = await stored(review, first.imageId);
  expect([...regions.values()].map((r) => r.confirmed)).toEqual([false, false, false]);
  expect((await review.review(first.imageId)).canUndo).toBe(false);

  // Escape clears; Ctrl+A selects all three; X marks them all false positive, one undo restores all.
  await review.press('Escape');
  expect(await count()).toBe('0');
  await review.press('Control+a');
  await expect(review.canvas).toHaveAttribute('data-selection-count', '3');
  await review.press('x');
  await review.settled();
  await expect(page.locator('[data-count="false_positive"]')).toHaveText('3');
  expect([...(await stored(review, first.imageId)).values()].every((r) => r.removed)).toBe(true);
  await review.press('Control+z');
  await review.settled();
  await expect(page.locator('[data-count="unreviewed"]')).toHaveText('3');
  expect([...(await stored(review, first.imageId)).values()].some((r) => r.removed)).toBe(false);
  await review.press('Escape');

  // Shift-drag from empty canvas around b and c: those two, not a.
  const from = await review.pagePoint({ x: 0.33, y: 0.4 });
  const to = await review.pagePoint({ x: 0.92, y: 0.85 });
  const scaleBefore = await review.canvas.getAttribute('data-x');
  await page.keyboard.down('Shift');
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect(review.canvas).toHaveAttribute('data-selection-count', '2');
  // It selected, it did not pan.
  expect(await review.canvas.getAttribute('data-x')).toBe(scaleBefore);
  const bc = [await keyOf(review, first.imageId, 'b'), await keyOf(review, first.imageId, 'c')];
  expect((await review.canvas.getAttribute('data-selection'))!.split(' ').sort()).toEqual([...bc].sort());

  // Bulk relabel from the picker: both get the new label, one undo takes both back.
  await review.press('e');
  await expect(review.dialog).toBeVisible();
  await page.keyboard.type('Norda');
  await review.press('Enter');
  await expect(review.dialog).toBeHidden();
  await review.settled();
  await expect(review.notice).toHaveText('Labelled 2 regions “Norda”.');
  const trueLabels = async () =>
    [...(await stored(review, first.imageId)).entries()].map(([id, r]) => [
      id,
      r.concepts.filter((c) => c.judgement === 'true').map((c) => c.name),
    ]);
  expect(await trueLabels()).toEqual([
    ['a', []],
    ['b', ['Norda']],
    ['c', ['Norda']],
  ]);
  await expect(review.canvas).toHaveAttribute('data-selection-count', '2');
  // The docs' picture: the two selected, zoomed in a little, with the minimap.
  await review.press('=', '=');
  await expect(page.getByTestId('minimap')).toBeVisible();
  await saveDocsScreenshot(page, 'review-multi-select.png');
  await review.press('0');
  await review.press('Control+z');
  await review.settled();
  expect(await trueLabels()).toEqual([
    ['a', []],
    ['b', []],
    ['c', []],
  ]);
  // The label keys too: 1 gives both the model's first concept, as one undo step.
  const first1 = page.getByTestId('label-keys').locator('[data-label-key="1"]');
  await expect(first1).toBeVisible();
  const keyConcept = (await first1.getAttribute('data-concept-id'))!;
  await review.press('1');
  await review.settled();
  const judged = async (id: string) =>
    (await review.review(first.imageId)).state.regions.map(
      (r) => r.concepts.find((c) => c.id === id)?.judgement ?? 'none',
    );
  expect((await judged(keyConcept)).slice(1)).toEqual(['true', 'true']);
  await review.press('Control+z');
  await review.settled();
  expect((await judged(keyConcept)).slice(1)).not.toContain('true');
  // (A new edit dropped the redo step.) b and c get "Norda" again, for the copy.
  await review.press('e');
  await page.keyboard.type('Norda');
  await review.press('Enter');
  await expect(review.dialog).toBeHidden();
  await review.settled();
  expect((await trueLabels()).slice(1)).toEqual([
    ['b', ['Norda']],
    ['c', ['Norda']],
  ]);

  // Copy b and c, paste them on the next image: two drawn regions at the same relative places,
  // with their labels; one undo removes both.
  await review.press('Control+c');
  await expect(review.notice).toContainText('Copied 2 regions');
  await review.press('j');
  await review.waitForImage(second.imageId);
  await review.canvas.focus();
  await review.press('Control+v');
  await review.settled();
  await expect(review.canvas).toHaveAttribute('data-selection-count', '2');
  await expect(page.locator('[data-count="not_detected"]')).toHaveText('2');
  const pasted = (await review.review(second.imageId)).state.regions;
  expect(pasted.map((r) => [r.source, r.box, r.concepts])).toEqual(
    [boxes.b, boxes.c].map((box) => ['reviewer', box, [{ id: 'Norda', name: 'Norda', judgement: 'true' }]]),
  );
  const predictionId = (await review.invoke('image.get', { imageId: second.imageId })).predictions[0]!
    .predictionId;
  const preflight = await review.invoke('review.preflight', { predictionIds: [predictionId] });
  expect(preflight.regions.not_detected).toBe(2);
  await review.press('Control+z');
  await review.settled();
  expect((await review.review(second.imageId)).state.regions).toEqual([]);
  await expect(review.canvas).toHaveAttribute('data-selection-count', '0');
});
