import type { DatabaseSync } from 'node:sqlite';
import type { Migration } from '../../../io/sqlite.ts';

/**
 * Audits by sampling (docs/qa-estimates.md, "Audit mode"): an audit's settings (`audits`), and every predicted region of the workspace at that moment in
 * the seeded, stratified order it is reviewed in (`audit_units`, whose
 * strata give the population's sizes; an image removed later leaves both). Verdicts are not copied here: an
 * audit reads each drawn region's verdict from its review, so an undo or an edit made outside the
 * audit counts as it stands.
 */
export const workspace007Audits: Migration = {
  version: 7,
  name: 'audits by sampling; a prediction per model version',
  rebuildsTables: true,
  up(db) {
    onePredictionPerVersion(db);
    db.exec(`
      CREATE TABLE audits (
        id INTEGER PRIMARY KEY,
        seed INTEGER NOT NULL,
        target_half_width REAL NOT NULL CHECK (target_half_width > 0 AND target_half_width < 1),
        by_concept INTEGER NOT NULL CHECK (by_concept IN (0, 1)),
        drawn INTEGER NOT NULL DEFAULT 0,  -- units shown so far: the sample is the first \`drawn\`
        state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audits_state ON audits (state, id);
      CREATE TABLE audit_units (
        audit_id INTEGER NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        prediction_id INTEGER NOT NULL REFERENCES predictions (id) ON DELETE CASCADE,
        region_key TEXT NOT NULL,
        stratum TEXT NOT NULL,
        PRIMARY KEY (audit_id, position)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX audit_units_prediction ON audit_units (prediction_id);
    `);
  },
};

/**
 * Verdicts carried across model versions (docs/qa-estimates.md) need a second prediction of an
 * image by the same model: `predictions` was UNIQUE (image_id, model_id); now one per image, model
 * and version. SQLite cannot drop a table constraint, so the table is rebuilt (the runner turns
 * foreign keys off for this migration and checks every reference before it commits). Ids are
 * kept, so every reference stays true.
 */
function onePredictionPerVersion(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE predictions_007 (
      id INTEGER PRIMARY KEY,
      image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
      model_id TEXT NOT NULL,
      model_version_id TEXT,
      output_id TEXT,
      input_id TEXT,
      status_code INTEGER NOT NULL,
      status_description TEXT NOT NULL,
      output TEXT,                       -- the output as received (JSON)
      created_at TEXT NOT NULL
    ) STRICT;
    INSERT INTO predictions_007 SELECT id, image_id, model_id, model_version_id, output_id, input_id,
      status_code, status_description, output, created_at FROM predictions;
    DROP TABLE predictions;
    ALTER TABLE predictions_007 RENAME TO predictions;
    CREATE UNIQUE INDEX predictions_version ON predictions (image_id, model_id, ifnull(model_version_id, ''));
  `);
}
