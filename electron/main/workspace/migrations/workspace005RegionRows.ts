import type { Migration } from '../../../io/sqlite.ts';

/**
 * A review's regions become rows (docs/review-storage.md): an edit writes the regions it changed
 * and its journal entry, not the whole review again (most of a megabyte at 2,000 regions, on every
 * key press). `reviews.state` keeps the rest of the review — output, input, model, image concepts —
 * with an empty `regions` array; `position` keeps the regions in their order.
 *
 * Existing reviews are split here. A row whose state is not JSON with a `regions` array stays as
 * it is: it is reported as damaged where it is opened, as before.
 */
export const workspace005RegionRows: Migration = {
  version: 5,
  name: 'review regions as rows',
  up(db) {
    db.exec(`
      CREATE TABLE review_regions (
        prediction_id INTEGER NOT NULL REFERENCES reviews (prediction_id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        position INTEGER NOT NULL,
        region TEXT NOT NULL,              -- ReviewedRegion (JSON)
        PRIMARY KEY (prediction_id, key)
      ) STRICT, WITHOUT ROWID;
      CREATE UNIQUE INDEX review_regions_order ON review_regions (prediction_id, position);
    `);
    const insert = db.prepare(
      'INSERT OR REPLACE INTO review_regions (prediction_id, key, position, region) VALUES (?, ?, ?, ?)',
    );
    const update = db.prepare('UPDATE reviews SET state = ? WHERE prediction_id = ?');
    const read = db.prepare('SELECT state FROM reviews WHERE prediction_id = ?');
    // Ids first, then one state at a time: never every review in memory at once.
    for (const row of db.prepare('SELECT prediction_id FROM reviews').all()) {
      const id = Number(row['prediction_id']);
      let state: unknown;
      try {
        state = JSON.parse(String(read.get(id)?.['state']));
      } catch {
        continue;
      }
      if (typeof state !== 'object' || state === null || !('regions' in state)) continue;
      const { regions } = state;
      if (!Array.isArray(regions)) continue;
      regions.forEach((region: unknown, position) => {
        const key = typeof region === 'object' && region !== null && 'key' in region ? region.key : undefined;
        // A region with no key cannot be addressed by an edit: its row says so when it is read.
        insert.run(id, typeof key === 'string' ? key : `#${position}`, position, JSON.stringify(region));
      });
      update.run(JSON.stringify({ ...state, regions: [] }), id);
    }
  },
};
