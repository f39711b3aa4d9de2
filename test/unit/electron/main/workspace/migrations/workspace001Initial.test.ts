import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { workspace001Initial } from '../../../../../../electron/main/workspace/migrations/workspace001Initial.ts';

describe('workspace migration 001', () => {
  it('creates every table with its constraints', () => {
    const db = new DatabaseSync(':memory:');
    db.exec('PRAGMA foreign_keys = ON');
    workspace001Initial.up(db);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => row['name']);
    expect(tables).toEqual([
      'images',
      'jobs',
      'journal',
      'outbox',
      'predictions',
      'reviews',
      'searches',
      'thumbnails',
    ]);
    const now = new Date().toISOString();
    db.prepare(
      "INSERT INTO images (source, source_kind, content_hash, imported_at) VALUES ('a', 'file', 'h', ?)",
    ).run(now);
    expect(() =>
      db
        .prepare(
          "INSERT INTO images (source, source_kind, content_hash, imported_at) VALUES ('b', 'file', 'h', ?)",
        )
        .run(now),
    ).toThrow(/UNIQUE/);
    expect(() =>
      db.prepare("INSERT INTO images (source, source_kind, imported_at) VALUES ('c', 'ftp', ?)").run(now),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO predictions (image_id, model_id, status_code, status_description, created_at) VALUES (99, 'm', 10000, 'Ok', ?)",
        )
        .run(now),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
