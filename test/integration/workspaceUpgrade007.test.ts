import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, userVersion } from '../../electron/io/sqlite.ts';
import { Workspace, workspaceMigrations } from '../../electron/main/workspace/workspace.ts';
import { makeTempDir } from '../support/tempDir.ts';

const temp = makeTempDir();
afterAll(temp.cleanup);

const region = {
  key: 'r1',
  source: 'predicted',
  predictedBox: { top: 0.1, left: 0.1, bottom: 0.2, right: 0.2 },
  box: { top: 0.1, left: 0.1, bottom: 0.2, right: 0.2 },
  confirmed: true,
  removed: false,
  concepts: [{ id: 'face', name: 'face', predictedValue: 0.9, judgement: 'unsure' }],
};

/** Every table's rows, in a stable order, as the file holds them. */
function everyRow(db: ReturnType<typeof openDatabase>): Record<string, unknown[]> {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .all()
    .map((row) => String(row['name']));
  return Object.fromEntries(
    tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}" ORDER BY 1, 2`).all()]),
  );
}

describe('a workspace file made by migration 006, opened by this Loupe', () => {
  it('is upgraded to 007 with every review, journal entry, outbox item and platform row kept, references intact', () => {
    const file = join(temp.dir, 'made-by-006.loupe.sqlite');
    const old = openDatabase(file, workspaceMigrations.slice(0, 6), 'workspace');
    expect(userVersion(old)).toBe(6);
    const state = JSON.stringify({
      outputId: 'o5',
      inputId: 'i5',
      modelId: 'm',
      imageConcepts: [],
      regions: [],
    });
    old.exec(
      `INSERT INTO images (id, source, source_kind, imported_at, status) VALUES
         (1, '/1.jpg', 'file', 'now', 'done'), (2, '/2.jpg', 'file', 'now', 'in_progress');
       INSERT INTO predictions (id, image_id, model_id, model_version_id, status_code, status_description, output, created_at) VALUES
         (5, 1, 'm', 'v1', 10000, 'Ok', '{}', 'now'), (9, 2, 'm', NULL, 10000, 'Ok', '{}', 'now'),
         (11, 2, 'other', 'w1', 10000, 'Ok', '{}', 'now');
       INSERT INTO reviews (prediction_id, state, status, revision, updated_at) VALUES
         (5, '${state}', 'done', 3, 'now'), (9, '${state}', 'in_progress', 1, 'now'),
         (11, '${state}', 'unreviewed', 0, 'now');
       INSERT INTO review_regions (prediction_id, key, position, region) VALUES (5, 'r1', 0, '${JSON.stringify(region)}');
       INSERT INTO journal (prediction_id, op, forward, backward, state, reviewer, created_at) VALUES
         (5, '{}', '{}', '{}', 'done', 'ana', 'now'), (5, '{}', '{}', '{}', 'undone', 'ana', 'now'),
         (9, '{}', '{}', '{}', 'done', 'ben', 'now');
       INSERT INTO outbox (kind, prediction_id, image_id, request_id, target, body, state, next_attempt_at, created_at) VALUES
         ('model_feedback', 5, 1, 'r1', '{}', '{}', 'delivered', 'now', 'now'),
         ('model_feedback', 9, 2, 'r2', '{}', '{}', 'pending', 'now', 'now'),
         ('platform_annotations', 11, 2, 'r3', '{}', '{}', 'failed', 'now', 'now'),
         ('search_feedback', NULL, NULL, 'r4', '{}', '{}', 'pending', 'now', 'now');
       INSERT INTO platform_sources (prediction_id, user_id, app_id, input_id, model_version_id) VALUES (11, 'u', 'a', 'in', 'w1');`,
    );
    const before = everyRow(old);
    old.close();

    const workspace = new Workspace(file);
    expect(userVersion(workspace.db)).toBe(workspaceMigrations.length);
    // The runner turned foreign keys back on after the rebuild.
    expect(workspace.db.prepare('PRAGMA foreign_keys').get()).toEqual({ foreign_keys: 1 });
    expect(workspace.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    const after = everyRow(workspace.db);
    for (const [table, rows] of Object.entries(before)) expect(after[table], table).toEqual(rows);
    expect(after['audits']).toEqual([]);
    // The current code reads what the old one wrote.
    const review = workspace.reviews.get(5);
    expect(review.status).toBe('done');
    expect(review.state.regions.map((r) => r.key)).toEqual(['r1']);
    // The references follow the rebuilt table: removing an image still takes its rows along.
    workspace.db.exec('DELETE FROM images WHERE id = 2');
    const count = (table: string) => workspace.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()?.['n'];
    expect([count('predictions'), count('reviews'), count('journal'), count('platform_sources')]).toEqual([
      1, 1, 2, 0,
    ]);
    expect(count('outbox')).toBe(4);
    workspace.close();
  });
});
