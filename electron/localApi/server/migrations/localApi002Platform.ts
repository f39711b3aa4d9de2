import type { Migration } from '../../../io/sqlite.ts';

/** The one platform app a new file holds: Loupe's default platform profile (docs/clarifai-platform.md). */
export const defaultPlatformApp = { userId: 'me', appId: 'loupe' } as const;

/**
 * The platform's objects (docs/clarifai-platform.md, "The embedded local API's platform"), kept
 * apart from the v2 tables: on the platform inputs and annotations belong to an app.
 *
 * - `platform_apps`: the user/app pairs the platform paths answer for; others are 404 / 11101.
 * - `platform_inputs`: `source_key` is what "the same image" means for a duplicate id (the
 *   SHA-256 of base64 bytes, or the URL); `pending_image` holds base64 bytes until processed, so
 *   a restart resumes processing; `seq` orders listings.
 * - `platform_annotations`: `data` and `annotation_info` as JSON (validated on the way in and
 *   out); the worker split into columns so listings filter by user or model version in SQL.
 */
export const localApi002Platform: Migration = {
  version: 2,
  name: 'create the platform apps, inputs and annotations',
  up(db) {
    db.exec(`
      CREATE TABLE platform_apps (
        user_id TEXT NOT NULL,
        app_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (user_id, app_id)
      ) STRICT;

      CREATE TABLE platform_inputs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id TEXT NOT NULL,
        app_id TEXT NOT NULL,
        id TEXT NOT NULL,
        image_url TEXT,
        source_key TEXT NOT NULL,
        pending_image BLOB,
        image_sha256 TEXT,
        status_code INTEGER NOT NULL,
        status_details TEXT,
        metadata TEXT,
        created_at TEXT NOT NULL,
        modified_at TEXT NOT NULL,
        UNIQUE (user_id, app_id, id),
        FOREIGN KEY (user_id, app_id) REFERENCES platform_apps (user_id, app_id)
      ) STRICT;
      CREATE INDEX platform_inputs_pending ON platform_inputs (status_code) WHERE status_code IN (30001, 30003);

      CREATE TABLE platform_annotations (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id TEXT NOT NULL,
        app_id TEXT NOT NULL,
        id TEXT NOT NULL,
        input_id TEXT NOT NULL,
        data TEXT NOT NULL,
        annotation_info TEXT,
        status_code INTEGER NOT NULL,
        worker_kind TEXT NOT NULL CHECK (worker_kind IN ('user', 'model', 'workflow')),
        worker_id TEXT NOT NULL,
        worker_version_id TEXT,
        input_level INTEGER NOT NULL CHECK (input_level IN (0, 1)),
        task_id TEXT,
        created_at TEXT NOT NULL,
        modified_at TEXT NOT NULL,
        UNIQUE (user_id, app_id, id),
        FOREIGN KEY (user_id, app_id, input_id) REFERENCES platform_inputs (user_id, app_id, id)
      ) STRICT;
      CREATE INDEX platform_annotations_by_input ON platform_annotations (user_id, app_id, input_id);

      INSERT INTO platform_apps (user_id, app_id, created_at) VALUES ('me', 'loupe', '2026-01-01T00:00:00Z');
    `);
  },
};
