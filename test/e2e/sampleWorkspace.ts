import { expect, type Page } from '@playwright/test';
import { FeedbackRepo } from '../../electron/localApi/server/feedbackRepo.ts';
import { openLocalApiDatabase } from '../../electron/localApi/server/localApiDatabase.ts';
import type { ModelFeedbackRequest } from '../../shared/clarifai/feedback.ts';
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
