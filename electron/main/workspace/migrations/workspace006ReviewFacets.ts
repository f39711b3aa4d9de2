import type { Migration } from '../../../io/sqlite.ts';
import { writeReviewFacets } from '../reviewFacetRepo.ts';
import { reviewFacets } from '../../../../shared/reviewFacets.ts';
import { parseReviewState } from '../reviewRepo.ts';

/**
 * The image list's sorts and filters (docs/review.md, "The image list"): per review, its region
 * counts by verdict and lowest confidence (`review_facets`) and the concepts on its regions
 * (`review_concepts`), written with every edit. Existing reviews are counted here, one at a time.
 */
export const workspace006ReviewFacets: Migration = {
  version: 6,
  name: 'review facets for the image list',
  up(db) {
    db.exec(`
      CREATE TABLE review_facets (
        prediction_id INTEGER PRIMARY KEY REFERENCES reviews (prediction_id) ON DELETE CASCADE,
        image_id INTEGER NOT NULL,
        regions INTEGER NOT NULL,
        unreviewed INTEGER NOT NULL,
        accurate INTEGER NOT NULL,
        misplaced INTEGER NOT NULL,
        not_detected INTEGER NOT NULL,
        false_positives INTEGER NOT NULL,
        min_confidence REAL
      ) STRICT;
      CREATE INDEX review_facets_image ON review_facets (image_id);
      CREATE TABLE review_concepts (
        prediction_id INTEGER NOT NULL REFERENCES reviews (prediction_id) ON DELETE CASCADE,
        image_id INTEGER NOT NULL,
        name TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (prediction_id, name)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX review_concepts_name ON review_concepts (name, image_id);
    `);
    // Reviews are split into their rest and their regions' rows by migration 005.
    const read = db.prepare('SELECT state FROM reviews WHERE prediction_id = ?');
    const regions = db.prepare('SELECT region FROM review_regions WHERE prediction_id = ? ORDER BY position');
    for (const row of db.prepare('SELECT prediction_id FROM reviews').all()) {
      const id = Number(row['prediction_id']);
      const state = parseReviewState(
        String(read.get(id)?.['state']),
        regions.all(id).map((region) => String(region['region'])),
      );
      // A review that does not read back is reported where it is opened; it has no facets.
      if (state) writeReviewFacets(db, id, reviewFacets(state));
    }
  },
};
