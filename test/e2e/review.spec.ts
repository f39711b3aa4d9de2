import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { FeedbackRepo } from '../../electron/localApi/server/feedbackRepo.ts';
import { openLocalApiDatabase } from '../../electron/localApi/server/localApiDatabase.ts';
import type { ModelFeedbackRequest } from '../../shared/clarifai/feedback.ts';
import { regionVerdict } from '../../shared/review.ts';
import { startLoupe, type LoupeProcess } from '../support/loupeProcess.ts';
import { faceSamples, seedWorkspace, type SeededImage } from '../support/seedWorkspace.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { ReviewPage } from './pages/ReviewPage.ts';

let running: LoupeProcess[] = [];
const temps: (() => void)[] = [];

test.afterEach(async () => {
  await Promise.all(running.map((loupe) => loupe.stop()));
  running = [];
  for (const cleanup of temps.splice(0)) cleanup();
});

/** The three face photos (see faceSamples), seeded before the app starts, then the app on them. */
async function openSeeded(
  page: Page,
): Promise<{ review: ReviewPage; images: SeededImage[]; dataDir: string }> {
  const temp = makeTempDir('loupe-review-');
  temps.push(temp.cleanup);
  const images = await seedWorkspace(temp.dir, faceSamples());
  const loupe = await startLoupe({ dataDir: temp.dir });
  running.push(loupe);
  const review = new ReviewPage(page);
  await review.open(loupe.url);
  await review.waitForImage(images[0]!.imageId);
  return { review, images, dataDir: temp.dir };
}

/** Verdict of every region of an image's review, by key ('unreviewed' when there is none yet). */
async function verdicts(review: ReviewPage, imageId: number): Promise<Record<string, string>> {
  await review.settled();
  const { state } = await review.review(imageId);
  return Object.fromEntries(
    state.regions
      .filter((region) => !(region.source === 'reviewer' && region.removed))
      .map((region) => [
        region.source === 'reviewer' ? 'drawn' : region.key,
        regionVerdict(region) ?? 'unreviewed',
      ]),
  );
}

/** What the embedded local API stored, per output: region verdicts (sorted) and image concept values by id. */
function receivedFeedback(dataDir: string) {
  const db = openLocalApiDatabase(dataDir);
  try {
    return new Map(
      new FeedbackRepo(db).list().map((feedback) => {
        const body = JSON.parse(feedback.body) as ModelFeedbackRequest;
        const data = body.input.data ?? {};
        return [
          feedback.outputId,
          {
            regions: (data.regions ?? []).map((region) => region.region_info?.feedback).sort(),
            concepts: Object.fromEntries((data.concepts ?? []).map((concept) => [concept.id, concept.value])),
          },
        ];
      }),
    );
  } finally {
    db.close();
  }
}

async function imageJudgements(review: ReviewPage, imageId: number): Promise<Record<string, string>> {
  await review.settled();
  const { state } = await review.review(imageId);
  return Object.fromEntries(state.imageConcepts.map((concept) => [concept.name, concept.judgement]));
}

test('a keyboard-only review of three images ends with their feedback in the outbox', async ({ page }) => {
  const { review, images, dataDir } = await openSeeded(page);
  const [first, second, third] = images as [SeededImage, SeededImage, SeededImage];

  // Image 1, in reading order: face-1c (top right), face-1a, face-1b, face-1d (the false one).
  await review.press('Tab');
  await expect(review.canvas).toHaveAttribute('data-selected', 'face-1c');
  await review.press('a', 'a');
  await expect(review.canvas).toHaveAttribute('data-selected', 'face-1b');
  await review.press('Shift+ArrowRight', 'Shift+ArrowRight', 'Shift+ArrowRight');
  await review.press('Tab');
  await expect(review.canvas).toHaveAttribute('data-selected', 'face-1d');
  await review.press('x');
  // Draw the face the model missed: draw mode, then Enter places a box; arrows with Alt move the
  // edge on their side, with Ctrl the opposite edge (10 px with Shift).
  const drawnBox = async () => {
    await review.settled();
    return (await review.review(first.imageId)).state.regions.find((region) => region.source === 'reviewer')!
      .box;
  };
  await review.press('n', 'Enter');
  await expect(review.selectedRegion).toHaveAttribute('data-look', 'not_detected');
  const placed = await drawnBox();
  await review.press('Alt+Shift+ArrowDown', 'Alt+Shift+ArrowRight', 'Control+ArrowLeft');
  const fitted = await drawnBox();
  // Screen pixels at the fitted zoom (docs/review.md, "Nudges").
  const scale = Number(await review.canvas.getAttribute('data-scale'));
  expect((fitted.bottom - placed.bottom) * 1280 * scale).toBeCloseTo(10, 6);
  expect((fitted.right - placed.right) * 1920 * scale).toBeCloseTo(9, 6);
  expect([fitted.top, fitted.left]).toEqual([placed.top, placed.left]);
  // Image concepts: clear the selection, the second concept ("group") is wrong, "bicycle" is missing.
  await review.press('Escape', 'c', 'f', '+');
  await expect(review.addConcept).toBeFocused();
  await page.keyboard.type('bicycle');
  await review.press('Enter');
  await expect(review.canvas).toBeFocused();
  await expect(review.conceptRow(review.imageConcepts, 'bicycle')).toHaveAttribute('data-judgement', 'true');

  const predicted = (await review.review(first.imageId)).state.regions.find(
    (region) => region.key === 'face-1b',
  )!;
  expect(await verdicts(review, first.imageId)).toEqual({
    'face-1a': 'accurate',
    'face-1b': 'misplaced',
    'face-1c': 'accurate',
    'face-1d': 'false_positive',
    drawn: 'not_detected',
  });
  // Three Shift+→ moved the box 30 screen pixels (image pixels of 1920 at the fitted zoom) and nothing else.
  expect(predicted.box.left - predicted.predictedBox!.left).toBeCloseTo(30 / scale / 1920, 6);
  expect(predicted.box.bottom).toBeCloseTo(predicted.predictedBox!.bottom, 9);
  const drawn = (await review.review(first.imageId)).state.regions.find(
    (region) => region.source === 'reviewer',
  )!;
  expect(drawn.concepts).toEqual([{ id: 'ai_face', name: 'face', judgement: 'true' }]);
  expect(await imageJudgements(review, first.imageId)).toEqual({
    people: 'unsure',
    group: 'false',
    outdoors: 'unsure',
    bicycle: 'true',
  });

  // Done and next: nothing is left unreviewed, so it submits at once and opens image 2.
  await review.press('d');
  await review.waitForImage(second.imageId);
  // Image 2: accept everything in one key, done.
  await review.press('Shift+A', 'd');
  await review.waitForImage(third.imageId);
  // Image 3: accept the first region only; the submit step asks about the other two.
  await review.press('Tab', 'a', 'd');
  await expect(page.getByTestId('submit-unreviewed')).toHaveText('2 regions are not reviewed yet.');
  await review.press('s');
  await expect(review.notice).toHaveText('Every image is reviewed.');

  expect(await verdicts(review, second.imageId)).toEqual({
    'face-2a': 'accurate',
    'face-2b': 'accurate',
    'face-2c': 'accurate',
  });
  expect(await verdicts(review, third.imageId)).toEqual({
    'face-3a': 'accurate',
    'face-3b': 'unreviewed',
    'face-3c': 'unreviewed',
  });
  for (const image of images) expect((await review.review(image.imageId)).status).toBe('done');

  // One feedback request per image went to the outbox, and the embedded local API took them.
  const outbox = await review.invoke('outbox.list', { offset: 0, limit: 100 });
  expect(outbox.items.map((item) => [item.kind, item.predictionId])).toEqual(
    images.map((image) => ['model_feedback', image.predictionId]),
  );
  await expect
    .poll(async () => (await review.invoke('outbox.list', {})).items.map((item) => item.state))
    .toEqual(['delivered', 'delivered', 'delivered']);
  await expect(review.progress).toHaveText(/^Reviewed 3 of 3/);

  const received = receivedFeedback(dataDir);
  expect(received.get('output-0')).toEqual({
    regions: ['accurate', 'accurate', 'false_positive', 'misplaced', 'not_detected'],
    concepts: { ai_group: false, bicycle: true },
  });
  expect(received.get('output-1')).toEqual({ regions: ['accurate', 'accurate', 'accurate'], concepts: {} });
  expect(received.get('output-2')).toEqual({ regions: ['accurate'], concepts: {} });
});

test('every kind of edit can be undone and redone, also after a reload', async ({ page }) => {
  const { review, images } = await openSeeded(page);
  const { imageId } = images[0]!;
  const region = async (key: string) =>
    (await review.review(imageId)).state.regions.find((candidate) => candidate.key === key)!;
  const undoRedo = async (check: (undone: boolean) => Promise<void>) => {
    await check(false);
    await review.press('Control+z');
    await review.settled();
    await check(true);
    await review.press('Control+Shift+Z');
    await review.settled();
    await check(false);
  };

  // confirm
  await review.press('Tab', 'a');
  await undoRedo(async (undone) => {
    expect((await verdicts(review, imageId))['face-1c']).toBe(undone ? 'unreviewed' : 'accurate');
  });
  // setBox (a nudge)
  await expect(review.canvas).toHaveAttribute('data-selected', 'face-1a');
  await review.press('ArrowRight');
  // One screen pixel at this zoom (docs/review.md, "Nudges").
  const nudged = 1 / Number(await review.canvas.getAttribute('data-scale')) / 1920;
  await undoRedo(async (undone) => {
    await review.settled();
    const { box, predictedBox } = await region('face-1a');
    expect(box.left - predictedBox!.left).toBeCloseTo(undone ? 0 : nudged, 9);
  });
  // resetBox: back to the predicted geometry and so to "unreviewed"
  await review.press('r');
  await undoRedo(async (undone) => {
    expect((await verdicts(review, imageId))['face-1a']).toBe(undone ? 'misplaced' : 'unreviewed');
  });
  // remove (false positive); the selection then moves on to the next unreviewed region
  await review.press('x');
  await undoRedo(async (undone) => {
    expect((await verdicts(review, imageId))['face-1a']).toBe(undone ? 'unreviewed' : 'false_positive');
  });
  // restore
  await review.press('Shift+Tab');
  await expect(review.canvas).toHaveAttribute('data-selected', 'face-1a');
  await review.press('Shift+X');
  await undoRedo(async (undone) => {
    expect((await verdicts(review, imageId))['face-1a']).toBe(undone ? 'false_positive' : 'unreviewed');
  });
  // addRegion
  await review.press('n', 'Enter');
  await undoRedo(async (undone) => {
    expect((await verdicts(review, imageId))['drawn']).toBe(undone ? undefined : 'not_detected');
  });
  // setConcept on the image
  await review.press('Escape', 't');
  await undoRedo(async (undone) => {
    expect((await imageJudgements(review, imageId))['people']).toBe(undone ? 'unsure' : 'true');
  });

  // The journal lives on the main side: after a reload undo and redo go on where they were.
  await review.reload();
  await review.press('Control+z');
  expect((await imageJudgements(review, imageId))['people']).toBe('unsure');
  await review.press('Control+z');
  expect((await verdicts(review, imageId))['drawn']).toBeUndefined();
  await review.press('Control+Shift+Z', 'Control+Shift+Z');
  expect((await verdicts(review, imageId))['drawn']).toBe('not_detected');
  expect((await imageJudgements(review, imageId))['people']).toBe('true');
});

test('a shortcut can be remapped, and a remap onto keys in use is refused with a message', async ({
  page,
}) => {
  const { review, images } = await openSeeded(page);
  const { imageId } = images[0]!;
  const accept = 'Accept the region and go to the next unreviewed';

  await review.remap(accept, 'y');
  await expect(page.getByTestId('shortcut-message')).toHaveText('“' + accept + '” is now Y.');
  await expect(page.getByTestId('keys-region.acceptNext')).toHaveText('Y');
  await review.remap(accept, 'x');
  await expect(page.getByTestId('shortcut-message')).toHaveText(
    'X is already used by “False positive (deletes a drawn region)”. Change that one first.',
  );
  await expect(page.getByTestId('keys-region.acceptNext')).toHaveText('Y');
  expect((await review.invoke('settings.get', {})).shortcuts).toEqual({ 'region.acceptNext': 'Y' });

  await review.press('Escape');
  await expect(review.dialog).toHaveCount(0);
  await review.press('Tab', 'a');
  expect((await verdicts(review, imageId))['face-1c']).toBe('unreviewed');
  await review.press('y');
  expect((await verdicts(review, imageId))['face-1c']).toBe('accurate');
});

test('chosen images get one concept marked false in one action', async ({ page }) => {
  const { review, images } = await openSeeded(page);
  await review.imageList.getByRole('checkbox', { name: 'Choose sample1.jpg' }).check();
  await review.imageList.getByRole('checkbox', { name: 'Choose sample3.jpg' }).check();
  await page.getByRole('button', { name: 'Mark a concept false…' }).click();
  await review.dialog.getByLabel('Concept').fill('People');
  await review.dialog.getByRole('button', { name: 'Mark false on 2 image(s)' }).click();
  await expect(review.notice).toHaveText('Marked “people” false 2 time(s) on 2 image(s).');
  expect((await imageJudgements(review, images[0]!.imageId))['people']).toBe('false');
  expect((await imageJudgements(review, images[1]!.imageId))['people']).toBe('unsure');
  expect((await imageJudgements(review, images[2]!.imageId))['people']).toBe('false');
});

test('screenshot of the review screen for the docs', async ({ page }) => {
  await page.setViewportSize({ width: 1360, height: 820 });
  const { review } = await openSeeded(page);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.getByTestId('reviewer-prompt').getByRole('button', { name: 'Later' }).click();
  await review.canvas.focus();
  await review.press('Tab', 'a', 'a', 'Shift+ArrowRight', 'Shift+ArrowRight', 'Shift+ArrowDown', 'Tab', 'x');
  await review.press('Shift+Tab');
  await review.settled();
  await expect(review.selectedRegion).toHaveAttribute('data-key', 'face-1b');
  await expect(review.imageList.getByRole('option', { selected: true })).toHaveAttribute(
    'data-status',
    'in_progress',
  );
  const file = join(import.meta.dirname, '..', '..', 'docs', 'screenshots', 'review.png');
  mkdirSync(dirname(file), { recursive: true });
  // A palette PNG at 1100 px wide keeps the photo legible and the file small.
  await sharp(await page.screenshot())
    .resize({ width: 1100 })
    .png({ palette: true, quality: 85, compressionLevel: 9 })
    .toFile(file);
  expect(statSync(file).size).toBeLessThan(300 * 1024);
});
