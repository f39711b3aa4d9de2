import type { DatabaseSync } from 'node:sqlite';
import { reviewFacets } from '../../shared/reviewFacets.ts';
import type { ReviewState } from '../../shared/review.ts';

/**
 * Writes a review's facets (shared/reviewFacets.ts) in the transaction that writes the review, so
 * the image list's sorts and filters never see a stale count. O(regions) per edit, and a handful
 * of concept rows.
 */
export function writeReviewFacets(db: DatabaseSync, predictionId: number, state: ReviewState): void {
  const facets = reviewFacets(state);
  db.prepare(
    `INSERT OR REPLACE INTO review_facets (prediction_id, image_id, regions, unreviewed, accurate, misplaced,
       not_detected, false_positives, min_confidence)
     SELECT id, image_id, ?, ?, ?, ?, ?, ?, ? FROM predictions WHERE id = ?`,
  ).run(
    facets.regions,
    facets.unreviewed,
    facets.accurate,
    facets.misplaced,
    facets.notDetected,
    facets.falsePositives,
    facets.minConfidence,
    predictionId,
  );
  db.prepare('DELETE FROM review_concepts WHERE prediction_id = ?').run(predictionId);
  const insert = db.prepare(
    `INSERT OR IGNORE INTO review_concepts (prediction_id, image_id, name)
     SELECT id, image_id, ? FROM predictions WHERE id = ?`,
  );
  for (const name of facets.concepts) insert.run(name, predictionId);
}
