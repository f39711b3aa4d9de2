import { join } from 'node:path';
import { inTransaction } from '../../../electron/io/sqlite.ts';
import { SettingsStore } from '../../../electron/main/store/settingsStore.ts';
import { Workspace } from '../../../electron/main/workspace/workspace.ts';
import { faceModelId, type FeedbackItem } from './feedbackItems.ts';

export interface SyncPace {
  rateLimitPerSecond: number;
  concurrency: number;
}

/** One image and one face prediction a queued item belongs to: the row ids `enqueueReview` takes. */
export interface SeedRow {
  source: string;
  outputId: string;
  inputId: string;
}

/**
 * A client data folder as `loupe sync` finds it after a review session: the pace in its settings,
 * and per item one image and one face prediction, written as rows (only the outbox is under test),
 * then `enqueue` queues the item through OutboxRepo, as a submit would. One transaction.
 */
export function seedClientFolder<T>(
  dataDir: string,
  items: readonly T[],
  pace: SyncPace,
  image: { kind: 'url' | 'file'; width: number; height: number },
  row: (item: T, index: number) => SeedRow,
  enqueue: (
    workspace: Workspace,
    item: T,
    index: number,
    ids: { predictionId: number; imageId: number },
  ) => void,
): void {
  const settings = new SettingsStore(join(dataDir, 'settings.sqlite'));
  settings.set(pace);
  settings.close();
  const workspace = new Workspace(join(dataDir, 'workspaces', 'default.loupe.sqlite'));
  const now = new Date().toISOString();
  const addImage = workspace.db.prepare(
    `INSERT INTO images (source, source_kind, width, height, format, imported_at, status)
     VALUES (?, ?, ?, ?, 'jpeg', ?, 'unreviewed')`,
  );
  const addPrediction = workspace.db.prepare(
    `INSERT INTO predictions (image_id, model_id, output_id, input_id, status_code, status_description, created_at)
     VALUES (?, ?, ?, ?, 10000, 'Ok', ?)`,
  );
  inTransaction(workspace.db, () => {
    items.forEach((item, index) => {
      const { source, outputId, inputId } = row(item, index);
      const imageId = Number(
        addImage.run(source, image.kind, image.width, image.height, now).lastInsertRowid,
      );
      const predictionId = Number(
        addPrediction.run(imageId, faceModelId, outputId, inputId, now).lastInsertRowid,
      );
      enqueue(workspace, item, index, { predictionId, imageId });
    });
  });
  workspace.close();
}

/** The feedback benchmark's folder: one URL image per item and its model feedback queued. */
export function seedOutbox(dataDir: string, items: readonly FeedbackItem[], pace: SyncPace): void {
  seedClientFolder(
    dataDir,
    items,
    pace,
    { kind: 'url', width: 1920, height: 1280 },
    (item) => ({
      source: item.imageUrl,
      outputId: item.body.input.feedback_info.output_id,
      inputId: item.inputId,
    }),
    (workspace, item, _index, { predictionId, imageId }) =>
      workspace.outbox.enqueueReview(
        predictionId,
        imageId,
        { kind: 'model_feedback', modelId: faceModelId },
        item.body,
      ),
  );
}
