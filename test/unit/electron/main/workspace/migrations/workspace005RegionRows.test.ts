import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { workspace001Initial } from '../../../../../../electron/main/workspace/migrations/workspace001Initial.ts';
import { workspace002JournalState } from '../../../../../../electron/main/workspace/migrations/workspace002JournalState.ts';
import { workspace003ModelConcepts } from '../../../../../../electron/main/workspace/migrations/workspace003ModelConcepts.ts';
import { workspace004PlatformDelivery } from '../../../../../../electron/main/workspace/migrations/workspace004PlatformDelivery.ts';
import { workspace005RegionRows } from '../../../../../../electron/main/workspace/migrations/workspace005RegionRows.ts';
import { parseReviewState } from '../../../../../../electron/main/workspace/reviewRepo.ts';
import { sampleReview } from '../../../../../support/reviewFixtures.ts';

describe('workspace migration 005', () => {
  it("splits each review into its rest and its regions' rows, in order; a damaged one stays as it was", () => {
    const db = new DatabaseSync(':memory:');
    db.exec('PRAGMA foreign_keys = ON');
    for (const migration of [
      workspace001Initial,
      workspace002JournalState,
      workspace003ModelConcepts,
      workspace004PlatformDelivery,
    ])
      migration.up(db);
    db.exec(`INSERT INTO images (id, source, source_kind, imported_at) VALUES (1, '/a.jpg', 'file', 'now')`);
    const addReview = (id: number, state: string) => {
      db.exec(
        `INSERT INTO predictions (id, image_id, model_id, status_code, status_description, created_at)
         VALUES (${id}, 1, 'model-${id}', 10000, 'Ok', 'now')`,
      );
      db.prepare(
        "INSERT INTO reviews (prediction_id, state, status, updated_at) VALUES (?, ?, 'in_progress', 'now')",
      ).run(id, state);
    };
    const review = sampleReview();
    addReview(1, JSON.stringify(review));
    addReview(2, '{"regions": [tru');
    workspace005RegionRows.up(db);

    const rows = db
      .prepare('SELECT prediction_id, key, position FROM review_regions ORDER BY position')
      .all();
    expect(rows).toEqual([
      { prediction_id: 1, key: 'r1', position: 0 },
      { prediction_id: 1, key: 'r2', position: 1 },
    ]);
    const rest = (id: number) =>
      String(db.prepare('SELECT state FROM reviews WHERE prediction_id = ?').get(id)?.['state']);
    const regions = db
      .prepare('SELECT region FROM review_regions WHERE prediction_id = 1 ORDER BY position')
      .all()
      .map((row) => String(row['region']));
    expect(parseReviewState(rest(1), regions)).toEqual(review);
    expect(rest(2)).toBe('{"regions": [tru');
    expect(parseReviewState(rest(2), [])).toBeUndefined();
    // Removing the prediction takes its review and the review's regions with it.
    db.exec('DELETE FROM predictions WHERE id = 1');
    expect(db.prepare('SELECT count(*) AS n FROM review_regions').get()?.['n']).toBe(0);
    db.close();
  });
});
