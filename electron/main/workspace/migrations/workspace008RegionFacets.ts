import type { Migration } from '../../../io/sqlite.ts';
import { reviewedRegionSchema } from '../../../../shared/review.ts';
import { writeRegionFacet } from '../regionFacetRepo.ts';

/** The sort the grid pages by (docs/triage.md): no confidence last, ties in image and region order. */
const ascending = '(confidence IS NULL), confidence, image_id, prediction_id, position';
const descending = '(confidence IS NULL), confidence DESC, image_id, prediction_id, position';
/** The verdict at the end of the other indexes: progress (triaged of all) is counted from them alone. */
const withVerdict = (order: string) => `${order}, verdict`;

/**
 * The region triage grid's facets (docs/triage.md, "The facet table"): per predicted region, its
 * image, model, label, confidence, verdict and whether its verdict was carried and not yet looked
 * at, written with every edit (regionFacetRepo.ts). Indexed by each filter followed by the
 * confidence sort, both ways, so a page is an index walk. Existing regions are written here, one
 * review at a time; a damaged region row gets no facets (it is reported where its review opens).
 */
export const workspace008RegionFacets: Migration = {
  version: 8,
  name: 'region facets for the triage grid',
  up(db) {
    db.exec(`
      CREATE TABLE region_facets (
        prediction_id INTEGER NOT NULL REFERENCES reviews (prediction_id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        image_id INTEGER NOT NULL,
        model_id TEXT NOT NULL,
        model_version_id TEXT,
        position INTEGER NOT NULL,
        region_id TEXT,
        concept TEXT COLLATE NOCASE,
        confidence REAL,
        verdict TEXT NOT NULL
          CHECK (verdict IN ('unreviewed', 'accurate', 'misplaced', 'false_positive', 'not_detected')),
        carried INTEGER NOT NULL CHECK (carried IN (0, 1)),
        PRIMARY KEY (prediction_id, key)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX region_facets_asc ON region_facets (${withVerdict(ascending)});
      CREATE INDEX region_facets_desc ON region_facets (${withVerdict(descending)});
      CREATE INDEX region_facets_verdict_asc ON region_facets (verdict, ${ascending});
      CREATE INDEX region_facets_verdict_desc ON region_facets (verdict, ${descending});
      CREATE INDEX region_facets_concept_asc ON region_facets (concept, ${withVerdict(ascending)});
      CREATE INDEX region_facets_concept_desc ON region_facets (concept, ${withVerdict(descending)});
      CREATE INDEX region_facets_model_asc ON region_facets (model_id, ${withVerdict(ascending)});
      CREATE INDEX region_facets_model_desc ON region_facets (model_id, ${withVerdict(descending)});
    `);
    const regions = db.prepare('SELECT key, region FROM review_regions WHERE prediction_id = ?');
    for (const row of db.prepare('SELECT prediction_id FROM reviews').all()) {
      const id = Number(row['prediction_id']);
      for (const stored of regions.all(id)) {
        let region;
        try {
          region = reviewedRegionSchema.safeParse(JSON.parse(String(stored['region'])));
        } catch {
          continue;
        }
        if (region.success) writeRegionFacet(db, id, String(stored['key']), region.data);
      }
    }
  },
};
