import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { localApi001Initial } from '../../../../../../electron/localApi/server/migrations/localApi001Initial.ts';
import { localApi002Platform } from '../../../../../../electron/localApi/server/migrations/localApi002Platform.ts';

describe('local API migration 002', () => {
  const upgraded = () => {
    const db = new DatabaseSync(':memory:');
    db.exec('PRAGMA foreign_keys = ON');
    localApi001Initial.up(db);
    // A v1 file in use: its rows stay as they are.
    db.prepare(
      "INSERT INTO inputs (id, origin, status_code, created_at) VALUES ('v1', 'inputs', 30000, 't')",
    ).run();
    localApi002Platform.up(db);
    return db;
  };
  const insertInput = (db: DatabaseSync, user: string, app: string, id: string) =>
    db
      .prepare(
        `INSERT INTO platform_inputs (user_id, app_id, id, source_key, status_code, created_at, modified_at)
         VALUES (?, ?, ?, 'url:u', 30000, 't', 't')`,
      )
      .run(user, app, id);
  const insertAnnotation = (db: DatabaseSync, inputId: string, id: string, workerKind = 'user') =>
    db
      .prepare(
        `INSERT INTO platform_annotations (user_id, app_id, id, input_id, data, status_code, worker_kind, worker_id, input_level, created_at, modified_at)
         VALUES ('me', 'loupe', ?, ?, '{}', 24150, ?, 'me', 0, 't', 't')`,
      )
      .run(id, inputId, workerKind);

  it('keeps the v1 rows and starts with the one default app', () => {
    const db = upgraded();
    expect(db.prepare('SELECT id FROM inputs').all()).toEqual([{ id: 'v1' }]);
    expect(db.prepare('SELECT user_id, app_id FROM platform_apps').all()).toEqual([
      { user_id: 'me', app_id: 'loupe' },
    ]);
    db.close();
  });

  it('holds ids per app, and refuses inputs of unknown apps and annotations of unknown inputs', () => {
    const db = upgraded();
    insertInput(db, 'me', 'loupe', 'i1');
    expect(() => insertInput(db, 'me', 'loupe', 'i1')).toThrow(/UNIQUE/);
    expect(() => insertInput(db, 'me', 'other', 'i1')).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO platform_apps VALUES ('me', 'other', 't')").run();
    insertInput(db, 'me', 'other', 'i1');
    insertAnnotation(db, 'i1', 'a1');
    expect(() => insertAnnotation(db, 'i1', 'a1')).toThrow(/UNIQUE/);
    expect(() => insertAnnotation(db, 'nowhere', 'a2')).toThrow(/FOREIGN KEY/);
    expect(() => insertAnnotation(db, 'i1', 'a3', 'robot')).toThrow(/CHECK/);
    db.close();
  });
});
