import { SUCCESS } from '../../../shared/clarifai/status.ts';
import type { DatabaseSync } from 'node:sqlite';
import type { ImageStatus } from '../../../shared/imageStatus.ts';

/**
 * Recomputes one image's status from its predictions, reviews and outbox items. Called inside
 * the transaction of every change that can move it, so the stored status is never stale.
 */
export function refreshImageStatus(db: DatabaseSync, imageId: number): ImageStatus {
  const row = db
    .prepare(
      `SELECT
         (SELECT error FROM images WHERE id = :id) AS error,
         (SELECT count(*) FROM predictions WHERE image_id = :id) AS predictions,
         (SELECT count(*) FROM predictions WHERE image_id = :id AND status_code != ${SUCCESS}) AS failed_predictions,
         (SELECT count(*) FROM outbox WHERE image_id = :id AND state = 'failed') AS failed_items,
         (SELECT count(*) FROM outbox WHERE image_id = :id AND state = 'pending') AS queued_items,
         (SELECT count(*) FROM reviews r JOIN predictions p ON p.id = r.prediction_id
            WHERE p.image_id = :id AND r.status = 'in_progress') AS in_progress,
         (SELECT count(*) FROM reviews r JOIN predictions p ON p.id = r.prediction_id
            WHERE p.image_id = :id AND r.status = 'unreviewed') AS unreviewed,
         (SELECT count(*) FROM reviews r JOIN predictions p ON p.id = r.prediction_id
            WHERE p.image_id = :id AND r.status = 'done') AS done`,
    )
    .get({ id: imageId });
  const count = (key: string) => Number(row?.[key] ?? 0);
  let status: ImageStatus;
  if (row?.['error'] || count('failed_predictions') > 0 || count('failed_items') > 0) status = 'failed';
  else if (count('predictions') === 0) status = 'pending';
  else if (count('in_progress') > 0) status = 'in_progress';
  else if (count('unreviewed') > 0 && count('done') === 0) status = 'unreviewed';
  else if (count('unreviewed') > 0) status = 'in_progress';
  else if (count('queued_items') > 0) status = 'queued';
  else status = 'done';
  db.prepare('UPDATE images SET status = ? WHERE id = ?').run(status, imageId);
  return status;
}
