import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { isCarriedUnconfirmed, type ReviewedRegion } from '../../../shared/review.ts';
import { triageFacets } from '../../../shared/regionTriage.ts';
import { inTransaction } from '../../io/sqlite.ts';

/**
 * Writes one region's row of `region_facets` (migration 008, docs/triage.md) in the transaction
 * that writes the region's row of `review_regions`: the triage grid filters, sorts and pages by
 * index and never sees a verdict the canvas does not show. Only predicted regions have a row (the
 * grid lists only those); `null` — the region was removed from the review — deletes it. The image,
 * model and position are taken from the rows just written, so they cannot disagree with them.
 */
export function writeRegionFacet(
  db: DatabaseSync,
  predictionId: number,
  key: string,
  region: ReviewedRegion | null,
): void {
  const { remove, upsert } = statementsOf(db);
  if (!region || region.source !== 'predicted') {
    remove.run(predictionId, key);
    return;
  }
  const facets = triageFacets(region);
  upsert.run(
    region.regionId ?? null,
    facets.concept ?? null,
    facets.confidence ?? null,
    facets.verdict,
    isCarriedUnconfirmed(region) ? 1 : 0,
    predictionId,
    key,
  );
}

/**
 * The rows of a review just created (ReviewRepo.create), whose regions were written in this
 * transaction at `position` = their index: the prediction's image and model read once for all of
 * them, then one plain insert per predicted region (the review is new, so it has no rows yet).
 */
export function insertRegionFacets(
  db: DatabaseSync,
  predictionId: number,
  regions: readonly ReviewedRegion[],
): void {
  const prediction = db
    .prepare('SELECT image_id, model_id, model_version_id FROM predictions WHERE id = ?')
    .get(predictionId);
  if (!prediction) return;
  const { insert } = statementsOf(db);
  regions.forEach((region, position) => {
    if (region.source !== 'predicted') return;
    const facets = triageFacets(region);
    insert.run(
      predictionId,
      region.key,
      prediction['image_id'] as number,
      prediction['model_id'] as string,
      (prediction['model_version_id'] as string | null) ?? null,
      position,
      region.regionId ?? null,
      facets.concept ?? null,
      facets.confidence ?? null,
      facets.verdict,
      isCarriedUnconfirmed(region) ? 1 : 0,
    );
  });
}

/** Prepared once per connection: this runs for every region a review writes (an edit's hot path). */
const statements = new WeakMap<
  DatabaseSync,
  { remove: StatementSync; upsert: StatementSync; insert: StatementSync }
>();

function statementsOf(db: DatabaseSync) {
  let prepared = statements.get(db);
  if (!prepared) {
    prepared = {
      remove: db.prepare('DELETE FROM region_facets WHERE prediction_id = ? AND key = ?'),
      upsert: db.prepare(UPSERT),
      insert: db.prepare(INSERT),
    };
    statements.set(db, prepared);
  }
  return prepared;
}

const INSERT = `INSERT INTO region_facets (prediction_id, key, image_id, model_id, model_version_id, position,
       region_id, concept, confidence, verdict, carried) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const UPSERT = `INSERT INTO region_facets (prediction_id, key, image_id, model_id, model_version_id, position,
       region_id, concept, confidence, verdict, carried)
     SELECT r.prediction_id, r.key, p.image_id, p.model_id, p.model_version_id, r.position, ?, ?, ?, ?, ?
       FROM review_regions r JOIN predictions p ON p.id = r.prediction_id
      WHERE r.prediction_id = ? AND r.key = ?
     ON CONFLICT (prediction_id, key) DO UPDATE SET region_id = excluded.region_id,
       concept = excluded.concept, confidence = excluded.confidence, verdict = excluded.verdict,
       carried = excluded.carried, position = excluded.position
     WHERE (region_id, concept, confidence, verdict, carried, position) IS NOT
       (excluded.region_id, excluded.concept, excluded.confidence, excluded.verdict, excluded.carried,
        excluded.position)`;

/** Below this many new rows, keeping the indexes up row by row is cheap enough either way. */
export const bulkFacetRows = 5_000;

/**
 * Runs `write`, which adds about `incoming` rows of `region_facets`, in one transaction (the
 * caller's, when it is in one). When that is more rows than the table holds (a large import into a
 * workspace with fewer regions), the table's eight indexes (migration 008) are dropped first and
 * built again after, from their own stored definitions: SQLite builds an index by sorting, while
 * keeping eight indexes up row by row, each ordered by confidence, touches a page of each one at
 * random for every row — most of a large import's time (docs/interop.md, "Import speed"). The drop
 * is part of the transaction: a failure anywhere rolls it back with everything else, and other
 * connections see the indexes throughout (they read the last commit).
 */
export function withFacetIndexesDeferred<T>(db: DatabaseSync, incoming: number, write: () => T): T {
  return inTransaction(db, () => {
    if (incoming < bulkFacetRows) return write();
    const existing = Number(db.prepare('SELECT count(*) AS n FROM region_facets').get()?.['n'] ?? 0);
    if (incoming <= existing) return write();
    const indexes = db
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'region_facets' AND sql IS NOT NULL`,
      )
      .all()
      .map((row) => ({ name: String(row['name']), sql: String(row['sql']) }));
    for (const { name } of indexes) db.exec(`DROP INDEX "${name.replaceAll('"', '""')}"`);
    const result = write();
    for (const { sql } of indexes) db.exec(sql);
    return result;
  });
}
