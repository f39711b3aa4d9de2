import type { Migration } from '../../../io/sqlite.ts';

/**
 * The workspace schema (docs/design.md §3): images, prediction outputs, one review per output, the
 * journal of every edit, the outbox, persisted jobs and searches. JSON columns hold values that
 * are validated with their zod schema whenever they are read back.
 */
export const workspace001Initial: Migration = {
  version: 1,
  name: 'initial workspace schema',
  up(db) {
    db.exec(`
      CREATE TABLE images (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,              -- absolute file path or URL
        source_kind TEXT NOT NULL CHECK (source_kind IN ('file', 'url')),
        content_hash TEXT UNIQUE,          -- sha256 of the bytes; NULL until a URL is fetched
        byte_size INTEGER,
        width INTEGER,                     -- EXIF-corrected
        height INTEGER,
        format TEXT,
        error TEXT,                        -- why the image cannot be used, if it cannot
        imported_at TEXT NOT NULL,
        -- Kept up to date on every change (imageStatus.ts) so lists filter and count by index.
        status TEXT NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'failed', 'unreviewed', 'in_progress', 'queued', 'done'))
      ) STRICT;
      CREATE INDEX images_source ON images (source);
      CREATE INDEX images_status ON images (status, id);

      CREATE TABLE thumbnails (
        image_id INTEGER PRIMARY KEY REFERENCES images (id) ON DELETE CASCADE,
        jpeg BLOB NOT NULL
      ) STRICT;

      CREATE TABLE predictions (
        id INTEGER PRIMARY KEY,
        image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
        model_id TEXT NOT NULL,
        model_version_id TEXT,
        output_id TEXT,
        input_id TEXT,
        status_code INTEGER NOT NULL,
        status_description TEXT NOT NULL,
        output TEXT,                       -- the output as received (JSON)
        created_at TEXT NOT NULL,
        UNIQUE (image_id, model_id)
      ) STRICT;

      CREATE TABLE reviews (
        prediction_id INTEGER PRIMARY KEY REFERENCES predictions (id) ON DELETE CASCADE,
        state TEXT NOT NULL,               -- ReviewState (JSON)
        status TEXT NOT NULL CHECK (status IN ('unreviewed', 'in_progress', 'done')),
        revision INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX reviews_status ON reviews (status);

      CREATE TABLE journal (
        id INTEGER PRIMARY KEY,
        prediction_id INTEGER NOT NULL REFERENCES predictions (id) ON DELETE CASCADE,
        op TEXT NOT NULL,                  -- ReviewOp (JSON)
        forward TEXT NOT NULL,             -- ReviewPatch (JSON)
        backward TEXT NOT NULL,            -- ReviewPatch (JSON)
        state TEXT NOT NULL CHECK (state IN ('done', 'undone', 'abandoned')),
        reviewer TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX journal_prediction ON journal (prediction_id, id);

      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('model_feedback', 'search_feedback')),
        prediction_id INTEGER REFERENCES predictions (id) ON DELETE SET NULL,
        image_id INTEGER REFERENCES images (id) ON DELETE SET NULL,
        request_id TEXT NOT NULL UNIQUE,   -- X-Loupe-Request-Id: the server stores an item once
        target TEXT NOT NULL,              -- where it goes (JSON: model ref or search)
        body TEXT NOT NULL,                -- the request body (JSON)
        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed', 'discarded')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,                   -- JSON: http status, code, description
        created_at TEXT NOT NULL,
        delivered_at TEXT
      ) STRICT;
      -- Due items in order straight from the index (no sort of the whole queue per pick), and the
      -- per-image and per-prediction look-ups that image status and submit do on every change.
      CREATE INDEX outbox_due ON outbox (state, next_attempt_at, id);
      CREATE INDEX outbox_image ON outbox (image_id, state);
      CREATE INDEX outbox_prediction ON outbox (prediction_id, kind, state);

      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
        model TEXT NOT NULL,               -- JSON model ref
        state TEXT NOT NULL CHECK (state IN ('queued', 'done', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (image_id, model)
      ) STRICT;
      CREATE INDEX jobs_due ON jobs (state, next_attempt_at);

      CREATE TABLE searches (
        id INTEGER PRIMARY KEY,
        search_id TEXT NOT NULL,
        query TEXT NOT NULL,               -- JSON
        hits TEXT NOT NULL,                -- JSON
        created_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
