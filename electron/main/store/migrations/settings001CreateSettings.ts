import type { Migration } from '../../../io/sqlite.ts';

/** One row per setting; values are JSON so each can be validated on its own when read back. */
export const settings001CreateSettings: Migration = {
  version: 1,
  name: 'create settings',
  up(db) {
    db.exec(`CREATE TABLE settings (
      key TEXT PRIMARY KEY NOT NULL,
      value TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`);
  },
};
