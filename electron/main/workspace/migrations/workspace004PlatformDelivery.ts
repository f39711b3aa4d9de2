import { randomUUID } from 'node:crypto';
import type { Migration } from '../../../io/sqlite.ts';

/**
 * Deliveries to today's Clarifai platform (docs/clarifai-platform.md, "Delivery"):
 *
 * - The outbox takes a third kind, `platform_annotations`: one item is one submitted review as a
 *   plan of several requests (input, annotations, statuses). `progress` counts the steps done, so
 *   a delivery cut short (`kill -9`) resumes at the step it stopped at; every step is idempotent.
 * - Predictions imported from a platform app's model annotations (auto-annotation QA) remember
 *   the app and input they came from (`platform_sources`): their reviews go back to that input,
 *   and submitting sets each model annotation's status.
 * - The workspace gets an id of its own: annotation ids are derived from (workspace, output,
 *   region), so two workspaces reviewing the same output never overwrite each other's work.
 *
 * - A journal entry says whether it reopened a submitted review (`reopened`): undoing it makes the
 *   review done again, since its state is then the one that was submitted.
 *
 * SQLite cannot change a CHECK constraint in place, so the outbox is rebuilt with its rows.
 */
export const workspace004PlatformDelivery: Migration = {
  version: 4,
  name: 'platform deliveries; journal entries that reopened a review',
  up(db) {
    db.exec(`
      CREATE TABLE outbox_next (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('model_feedback', 'search_feedback', 'platform_annotations')),
        prediction_id INTEGER REFERENCES predictions (id) ON DELETE SET NULL,
        image_id INTEGER REFERENCES images (id) ON DELETE SET NULL,
        request_id TEXT NOT NULL UNIQUE,
        target TEXT NOT NULL,
        body TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed', 'discarded')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        created_at TEXT NOT NULL,
        delivered_at TEXT,
        progress INTEGER NOT NULL DEFAULT 0  -- steps of a platform delivery done
      ) STRICT;
      INSERT INTO outbox_next (id, kind, prediction_id, image_id, request_id, target, body, state,
          attempts, next_attempt_at, last_error, created_at, delivered_at)
        SELECT id, kind, prediction_id, image_id, request_id, target, body, state,
          attempts, next_attempt_at, last_error, created_at, delivered_at FROM outbox;
      DROP TABLE outbox;
      ALTER TABLE outbox_next RENAME TO outbox;
      CREATE INDEX outbox_due ON outbox (state, next_attempt_at, id);
      CREATE INDEX outbox_image ON outbox (image_id, state);
      CREATE INDEX outbox_prediction ON outbox (prediction_id, kind, state);

      CREATE TABLE platform_sources (
        prediction_id INTEGER PRIMARY KEY REFERENCES predictions (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        app_id TEXT NOT NULL,
        input_id TEXT NOT NULL,             -- the app's input the model annotations are on
        model_version_id TEXT NOT NULL
      ) STRICT;

      ALTER TABLE journal ADD COLUMN reopened INTEGER NOT NULL DEFAULT 0 CHECK (reopened IN (0, 1));

      CREATE TABLE workspace_info (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
    `);
    db.prepare(`INSERT INTO workspace_info (key, value) VALUES ('id', ?)`).run(randomUUID());
  },
};
