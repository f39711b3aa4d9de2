import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { workspace001Initial } from '../../../../../../electron/main/workspace/migrations/workspace001Initial.ts';
import { workspace002JournalState } from '../../../../../../electron/main/workspace/migrations/workspace002JournalState.ts';
import { workspace003ModelConcepts } from '../../../../../../electron/main/workspace/migrations/workspace003ModelConcepts.ts';
import { workspace004PlatformDelivery } from '../../../../../../electron/main/workspace/migrations/workspace004PlatformDelivery.ts';

describe('workspace migration 004', () => {
  it('keeps every outbox row of a workspace made by 003, adds platform items, progress and a workspace id', () => {
    const db = new DatabaseSync(':memory:');
    db.exec('PRAGMA foreign_keys = ON');
    for (const migration of [workspace001Initial, workspace002JournalState, workspace003ModelConcepts])
      migration.up(db);
    db.exec(`INSERT INTO images (id, source, source_kind, imported_at) VALUES (1, '/a.jpg', 'file', 'now')`);
    db.exec(
      `INSERT INTO outbox (kind, image_id, request_id, target, body, state, attempts, next_attempt_at, created_at)
       VALUES ('search_feedback', 1, 'req-1', '{"kind":"search_feedback"}', '{}', 'failed', 3, 'now', 'now')`,
    );
    workspace004PlatformDelivery.up(db);
    expect(db.prepare('SELECT kind, request_id, state, attempts, progress FROM outbox').all()).toEqual([
      { kind: 'search_feedback', request_id: 'req-1', state: 'failed', attempts: 3, progress: 0 },
    ]);
    db.exec(
      `INSERT INTO outbox (kind, request_id, target, body, state, next_attempt_at, created_at)
       VALUES ('platform_annotations', 'req-2', '{}', '{}', 'pending', 'now', 'now')`,
    );
    expect(() =>
      db.exec(
        `INSERT INTO outbox (kind, request_id, target, body, state, next_attempt_at, created_at)
         VALUES ('something_else', 'req-3', '{}', '{}', 'pending', 'now', 'now')`,
      ),
    ).toThrow(/CHECK/);
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM outbox WHERE state = 'pending' ORDER BY next_attempt_at, id`,
      )
      .all()
      .map((row) => String(row['detail']))
      .join('\n');
    expect(plan).toMatch(/outbox_due/);
    expect(String(db.prepare(`SELECT value FROM workspace_info WHERE key = 'id'`).get()?.['value'])).toMatch(
      /^[0-9a-f-]{36}$/,
    );
    db.close();
  });
});
