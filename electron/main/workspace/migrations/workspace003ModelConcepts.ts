import type { DatabaseSync } from 'node:sqlite';
import { reviewStateSchema } from '../../../../shared/review.ts';
import type { Migration } from '../../../io/sqlite.ts';
import { predictedConcepts } from '../modelConceptRepo.ts';

/**
 * The vocabulary of each model (docs/vocabulary.md): concepts from the model's own listing and
 * from every prediction, so typed names resolve to the model's ids and 1–9 offer its frequent
 * concepts. The listing is fetched once per model; `model_listings` says it was. Concepts of
 * predictions already in the workspace are counted here once.
 */
export const workspace003ModelConcepts: Migration = {
  version: 3,
  name: 'model vocabularies',
  up(db) {
    db.exec(`
      CREATE TABLE model_concepts (
        model_id TEXT NOT NULL,
        concept_id TEXT NOT NULL,
        name TEXT NOT NULL,
        listed INTEGER NOT NULL DEFAULT 0 CHECK (listed IN (0, 1)),  -- in the model's own listing
        seen INTEGER NOT NULL DEFAULT 0,                             -- times predictions carried it
        PRIMARY KEY (model_id, concept_id)
      ) STRICT;
      CREATE TABLE model_listings (
        model_id TEXT PRIMARY KEY,
        listed_at TEXT,
        error TEXT
      ) STRICT;
    `);
    backfillSeen(db);
  },
};

function backfillSeen(db: DatabaseSync): void {
  const rows = db
    .prepare(
      'SELECT p.model_id AS model_id, r.state AS state FROM reviews r JOIN predictions p ON p.id = r.prediction_id',
    )
    .all();
  const upsert = db.prepare(
    `INSERT INTO model_concepts (model_id, concept_id, name, seen) VALUES (?, ?, ?, 1)
       ON CONFLICT (model_id, concept_id) DO UPDATE SET seen = seen + 1`,
  );
  for (const row of rows) {
    // A review that does not read back is reported where it is opened; the vocabulary skips it.
    let state;
    try {
      state = reviewStateSchema.safeParse(JSON.parse(String(row['state'])));
    } catch {
      continue;
    }
    if (!state.success) continue;
    for (const concept of predictedConcepts(state.data)) {
      upsert.run(String(row['model_id']), concept.id, concept.name);
    }
  }
}
