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
  name: 'audits by sampling',
  up(db) {
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
