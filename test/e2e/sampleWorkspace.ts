import { expect, type Page } from '@playwright/test';
import { FeedbackRepo } from '../../electron/localApi/server/feedbackRepo.ts';
import { openLocalApiDatabase } from '../../electron/localApi/server/localApiDatabase.ts';
import type { ModelFeedbackRequest } from '../../shared/clarifai/feedback.ts';
import type { Box } from '../../shared/geometry.ts';
import type { ReviewedRegion } from '../../shared/review.ts';
import type { ImageSummary } from '../../shared/workspaceViews.ts';
import { startLoupe } from '../support/loupeProcess.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { ReviewPage } from './pages/ReviewPage.ts';

export interface SampleWorkspace {
  review: ReviewPage;
  dataDir: string;
  /** The 18 sample images (six photos, twelve logos), predicted. */
  items: ImageSummary[];
  close(): Promise<void>;
}

/**
 * First run on a fresh data folder: the sample workspace, predicted by the embedded API's own
 * models, open in the page and ready to review.
 */
export async function openSampleWorkspace(page: Page, name: string): Promise<SampleWorkspace> {
  const temp = makeTempDir(`loupe-e2e-${name}-`);
  const loupe = await startLoupe({ dataDir: temp.dir, samples: true, timeoutMs: 60_000 }).catch(
    (error: unknown) => {
      temp.cleanup();
      throw error;
    },
  );
  const close = async () => {
    await loupe.stop();
    temp.cleanup();
  };
  try {
    const review = new ReviewPage(page);
    await page.goto(loupe.url);
    await expect(review.connection).toHaveAttribute('data-state', 'open');
    await expect
      .poll(async () => (await review.invoke('workspace.info', {})).byStatus.unreviewed, { timeout: 90_000 })
      .toBe(18);
    const { items } = await review.invoke('images.list', { offset: 0, limit: 100 });
    return { review, dataDir: temp.dir, items, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The feedback the embedded API stored in `dataDir`, by output id. */
export function storedFeedback(dataDir: string): Map<string, ModelFeedbackRequest> {
  const db = openLocalApiDatabase(dataDir);
  try {
    return new Map(
      new FeedbackRepo(db)
        .list()
        .map((feedback) => [feedback.outputId ?? '', JSON.parse(feedback.body) as ModelFeedbackRequest]),
    );
  } finally {
    db.close();
  }
}

/** What `reviewSamplesByKeyboard` did, for the checks of what arrived. */
export interface KeyboardReview {
  /** Each reviewed image's regions as predicted, before the review. */
  predicted: Map<number, ReviewedRegion[]>;
  photo1: ImageSummary;
  accepted: string;
  moved: string;
  /** How far right `moved` went, in image pixels: three Shift+→ are 30 screen pixels at the fitted zoom. */
  movedBy: number;
  rejected: string;
  logoToFix: ImageSummary;
  rebranded: string;
}

/**
 * The sample review by keyboard alone, as the e2e tests of both delivery kinds do it: on photo 1
 * one face accepted, the next moved 30 screen px right, the third rejected, a missed one drawn; the other
 * photos accepted; on the first logo with regions the brand set false and `acme-corrected` added;
 * the other logos accepted. Each image is done (`d`) as it goes.
 */
export async function reviewSamplesByKeyboard(
  page: Page,
  review: ReviewPage,
  reviewed: readonly ImageSummary[],
): Promise<KeyboardReview> {
  const photo1 = reviewed[0]!;
  await review.waitForImage(photo1.id);
  const predicted = new Map<number, ReviewedRegion[]>();
  for (const image of reviewed) predicted.set(image.id, (await review.review(image.id)).state.regions);
  const selected = async () => {
    await review.settled();
    return (await review.selectedKey())!;
  };

  await review.press('Tab');
  const accepted = await selected();
  await review.press('a');
  const moved = await selected();
  expect(moved).not.toBe(accepted);
  const movedBy = 30 / Number(await review.canvas.getAttribute('data-scale'));
  await review.press('Shift+ArrowRight', 'Shift+ArrowRight', 'Shift+ArrowRight', 'Tab');
  const rejected = await selected();
  expect([accepted, moved]).not.toContain(rejected);
  await review.press('x', 'n', 'Enter');
  await expect(review.selectedRegion).toHaveAttribute('data-look', 'not_detected');
  await review.press('Escape', 'd');
  for (const image of reviewed.slice(1, 6)) {
    await review.waitForImage(image.id);
    await review.press('Shift+A', 'd');
  }
  const logoToFix = reviewed.slice(6).find((image) => predicted.get(image.id)!.length > 0)!;
  let rebranded = '';
  for (const image of reviewed.slice(6)) {
    await review.waitForImage(image.id);
    if (image.id === logoToFix.id) {
      await review.press('Tab');
      rebranded = await selected();
      await review.press('f', '+');
      await expect(review.addConcept).toBeFocused();
      await page.keyboard.type('acme-corrected');
      await review.press('Enter');
      await expect(review.canvas).toBeFocused();
    }
    await review.press('Shift+A', 'd');
  }
  await review.settled();
  return { predicted, photo1, accepted, moved, movedBy, rejected, logoToFix, rebranded };
}

/** The two boxes are the same to within one pixel of the image on every side. */
export function expectWithinAPixel(
  actual: Box,
  expected: Box,
  size: { width: number; height: number },
): void {
  expect(Math.abs(actual.left - expected.left) * size.width).toBeLessThanOrEqual(1);
  expect(Math.abs(actual.right - expected.right) * size.width).toBeLessThanOrEqual(1);
  expect(Math.abs(actual.top - expected.top) * size.height).toBeLessThanOrEqual(1);
  expect(Math.abs(actual.bottom - expected.bottom) * size.height).toBeLessThanOrEqual(1);
}
