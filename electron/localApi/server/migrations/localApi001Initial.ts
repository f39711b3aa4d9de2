import type { Migration } from '../../../io/sqlite.ts';

/**
 * The local API's own file, `local-api.sqlite`: what it accepted, so a test (or a team running it
 * as their feedback collector) can prove what arrived.
 *
 * - `api_keys` holds SHA-256 digests only: a key is shown once, when it is made, never stored.
 * - `inputs` are the images seen by predict and by add-inputs; `outputs` are the predictions with
 *   their wire `data`, and `output_concepts` indexes their concepts for search.
 * - `feedback` keeps the body exactly as received next to its parsed form; `request_id` (from
 *   `X-Loupe-Request-Id`) is unique, so a repeated delivery is counted, not stored again.
 * - `searches` and `search_hits` let a search click be checked against what was answered.
 */
export const localApi001Initial: Migration = {
  version: 1,
  name: 'create the local API tables',
  up(db) {
    db.exec(`
      CREATE TABLE api_keys (
        key_sha256 TEXT PRIMARY KEY NOT NULL,
        label TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE inputs (
        id TEXT PRIMARY KEY NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('predict', 'inputs')),
        image_url TEXT,
        image_sha256 TEXT,
        status_code INTEGER NOT NULL,
        status_details TEXT,
        concepts TEXT NOT NULL DEFAULT '[]',
        metadata TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX inputs_by_image ON inputs (image_sha256);

      CREATE TABLE outputs (
        id TEXT PRIMARY KEY NOT NULL,
        model_id TEXT NOT NULL,
        model_version_id TEXT NOT NULL,
        input_id TEXT NOT NULL REFERENCES inputs (id),
        status_code INTEGER NOT NULL,
        status_details TEXT,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX outputs_by_input ON outputs (input_id);

      CREATE TABLE output_concepts (
        output_id TEXT NOT NULL REFERENCES outputs (id),
        region_id TEXT,
        concept_id TEXT NOT NULL,
        concept_name TEXT,
        value REAL NOT NULL
      ) STRICT;
      CREATE INDEX output_concepts_by_id ON output_concepts (concept_id);
      CREATE INDEX output_concepts_by_name ON output_concepts (concept_name COLLATE NOCASE);

      CREATE TABLE feedback (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        request_id TEXT UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('model', 'search')),
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        path_model_id TEXT,
        model_id TEXT,
        model_version_id TEXT,
        user_id TEXT,
        app_id TEXT,
        input_id TEXT NOT NULL,
        output_id TEXT,
        search_id TEXT,
        body TEXT NOT NULL,
        parsed TEXT NOT NULL,
        flags TEXT NOT NULL,
        deliveries INTEGER NOT NULL DEFAULT 1,
        received_at TEXT NOT NULL,
        last_delivery_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE searches (
        id TEXT PRIMARY KEY NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('legacy', 'inputs', 'annotations')),
        path TEXT NOT NULL,
        query TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE search_hits (
        search_id TEXT NOT NULL REFERENCES searches (id),
        rank INTEGER NOT NULL,
        input_id TEXT NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (search_id, rank)
      ) STRICT;
    `);
  },
};
