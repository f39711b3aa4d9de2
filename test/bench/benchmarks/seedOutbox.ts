import { join } from 'node:path';
import { inTransaction } from '../../../electron/io/sqlite.ts';
import { SettingsStore } from '../../../electron/main/store/settingsStore.ts';
import { Workspace } from '../../../electron/main/workspace/workspace.ts';
import { faceModelId, type FeedbackItem } from './feedbackItems.ts';

export interface SyncPace {
  rateLimitPerSecond: number;
  concurrency: number;
}

/**
 * A client data folder as `loupe sync` finds it after a review session: one image and one face
 * prediction per item, and the item's feedback queued in the outbox. The images and predictions
 * are written as rows (only the outbox is under test); the outbox goes through OutboxRepo, as a
 * submit would.
 */
export function seedOutbox(dataDir: string, items: readonly FeedbackItem[], pace: SyncPace): void {
  const settings = new SettingsStore(join(dataDir, 'settings.sqlite'));
  settings.set(pace);
  settings.close();
  const workspace = new Workspace(join(dataDir, 'workspaces', 'default.loupe.sqlite'));
  const now = new Date().toISOString();
  const addImage = workspace.db.prepare(
    `INSERT INTO images (source, source_kind, width, height, format, imported_at, status)
     VALUES (?, 'url', 1920, 1280, 'jpeg', ?, 'unreviewed')`,
  );
  const addPrediction = workspace.db.prepare(
    `INSERT INTO predictions (image_id, model_id, output_id, input_id, status_code, status_description, created_at)
     VALUES (?, ?, ?, ?, 10000, 'Ok', ?)`,
  );
  inTransaction(workspace.db, () => {
    for (const item of items) {
      const imageId = Number(addImage.run(item.imageUrl, now).lastInsertRowid);
      const predictionId = Number(
        addPrediction.run(imageId, faceModelId, item.body.input.feedback_info.output_id, item.inputId, now)
          .lastInsertRowid,
      );
      workspace.outbox.enqueueReview(
        predictionId,
        imageId,
        { kind: 'model_feedback', modelId: faceModelId },
        item.body,
      );
    }
  });
  workspace.close();
}
