import type { DatabaseSync } from 'node:sqlite';
import type { ReviewFacets } from '../../../shared/reviewFacets.ts';

/**
 * Writes a review's facets (shared/reviewFacets.ts) in the transaction that writes the review, so
 * the image list's sorts and filters never see a stale count. Only what changed is written — most
 * edits (a nudge, a relabel to a concept already there) write no row here, and the concepts are
 * compared only when `conceptsChanged` says their set may have moved.
 */
export function writeReviewFacets(
  db: DatabaseSync,
  predictionId: number,
  facets: ReviewFacets,
  conceptsChanged = true,
): void {
  const imageId = db.prepare('SELECT image_id FROM predictions WHERE id = ?').get(predictionId)?.['image_id'];
  if (imageId === undefined) return;
  db.prepare(
    `INSERT INTO review_facets (prediction_id, image_id, regions, unreviewed, accurate, misplaced,
       not_detected, false_positives, min_confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (prediction_id) DO UPDATE SET regions = excluded.regions, unreviewed = excluded.unreviewed,
       accurate = excluded.accurate, misplaced = excluded.misplaced, not_detected = excluded.not_detected,
       false_positives = excluded.false_positives, min_confidence = excluded.min_confidence
     WHERE (regions, unreviewed, accurate, misplaced, not_detected, false_positives, min_confidence)
       IS NOT (excluded.regions, excluded.unreviewed, excluded.accurate, excluded.misplaced,
               excluded.not_detected, excluded.false_positives, excluded.min_confidence)`,
  ).run(
    predictionId,
    imageId,
    facets.regions,
    facets.unreviewed,
    facets.accurate,
    facets.misplaced,
    facets.notDetected,
    facets.falsePositives,
    facets.minConfidence,
  );
  if (!conceptsChanged) return;
  // The concept names are compared without case, as the column is (COLLATE NOCASE).
  const stored = new Map(
    db
      .prepare('SELECT name FROM review_concepts WHERE prediction_id = ?')
      .all(predictionId)
      .map((row) => [String(row['name']).toLowerCase(), String(row['name'])]),
  );
  const wanted = new Map(facets.concepts.map((name) => [name.toLowerCase(), name]));
  const remove = db.prepare('DELETE FROM review_concepts WHERE prediction_id = ? AND name = ?');
  const insert = db.prepare('INSERT INTO review_concepts (prediction_id, image_id, name) VALUES (?, ?, ?)');
  for (const [key, name] of stored) if (!wanted.has(key)) remove.run(predictionId, name);
  for (const [key, name] of wanted) if (!stored.has(key)) insert.run(predictionId, imageId, name);
}
