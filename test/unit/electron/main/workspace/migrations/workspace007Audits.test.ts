import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { workspaceMigrations } from '../../../../../../electron/main/workspace/workspace.ts';

describe('workspace migration 007', () => {
  it('lets an image have a prediction per model version, keeping every review, journal entry and outbox item', () => {
    const db = new DatabaseSync(':memory:');
    db.exec('PRAGMA foreign_keys = ON');
    for (const migration of workspaceMigrations.slice(0, 6)) migration.up(db);
    db.exec(
      `INSERT INTO images (id, source, source_kind, imported_at, status) VALUES (1, '/1.jpg', 'file', 'now', 'in_progress');
       INSERT INTO predictions (id, image_id, model_id, model_version_id, status_code, status_description, output, created_at)
         VALUES (5, 1, 'm', 'v1', 10000, 'Ok', '{}', 'now');
       INSERT INTO reviews (prediction_id, state, status, revision, updated_at) VALUES (5, '{}', 'in_progress', 1, 'now');
       INSERT INTO journal (prediction_id, op, forward, backward, state, reviewer, created_at) VALUES (5, '{}', '{}', '{}', 'done', 'ana', 'now');
       INSERT INTO outbox (kind, prediction_id, image_id, request_id, target, body, state, next_attempt_at, created_at)
         VALUES ('model_feedback', 5, 1, 'r1', '{}', '{}', 'pending', 'now', 'now');`,
    );
    // As the runner does for a migration that rebuilds tables.
    expect(workspaceMigrations[6]!.rebuildsTables).toBe(true);
    db.exec('PRAGMA foreign_keys = OFF');
    db.exec('BEGIN');
    workspaceMigrations[6]!.up(db);
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    db.exec('COMMIT');
    db.exec('PRAGMA foreign_keys = ON');
    const count = (table: string) => db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()?.['n'];
    expect([count('predictions'), count('reviews'), count('journal'), count('outbox')]).toEqual([1, 1, 1, 1]);
    expect(db.prepare('SELECT prediction_id FROM outbox').get()?.['prediction_id']).toBe(5);
    // Another version of the same model: a second prediction. The same version again: refused.
    db.exec(
      `INSERT INTO predictions (image_id, model_id, model_version_id, status_code, status_description, created_at)
       VALUES (1, 'm', 'v2', 10000, 'Ok', 'now')`,
    );
    expect(() =>
      db.exec(
        `INSERT INTO predictions (image_id, model_id, model_version_id, status_code, status_description, created_at)
         VALUES (1, 'm', 'v2', 10000, 'Ok', 'now')`,
      ),
    ).toThrow(/UNIQUE/);
    // References follow the new table: removing the image still takes its reviews with it.
    db.exec('DELETE FROM images WHERE id = 1');
    expect([count('predictions'), count('reviews'), count('journal')]).toEqual([0, 0, 0]);
    expect(db.prepare('SELECT prediction_id FROM outbox').get()?.['prediction_id']).toBeNull();
  });

  it('adds audits over a workspace made by 006; an audit unit leaves with its prediction', () => {
    const db = new DatabaseSync(':memory:');
    db.exec('PRAGMA foreign_keys = ON');
    for (const migration of workspaceMigrations.slice(0, 6)) migration.up(db);
    db.exec(
      `INSERT INTO images (id, source, source_kind, imported_at, status) VALUES (1, '/1.jpg', 'file', 'now', 'unreviewed');
       INSERT INTO predictions (id, image_id, model_id, status_code, status_description, output, created_at)
         VALUES (1, 1, 'm', 10000, 'Ok', '{}', 'now');`,
    );
    workspaceMigrations[6]!.up(db);
    expect(workspaceMigrations[6]!.version).toBe(7);
    db.exec(
      `INSERT INTO audits (id, seed, target_half_width, by_concept, state, created_at) VALUES (1, 7, 0.02, 0, 'open', 'now');
       INSERT INTO audit_units (audit_id, position, prediction_id, region_key, stratum) VALUES (1, 0, 1, 'r1', '4');`,
    );
    expect(() =>
      db.exec(
        `INSERT INTO audits (seed, target_half_width, by_concept, state, created_at) VALUES (1, 0, 0, 'open', 'now')`,
      ),
    ).toThrow(/CHECK/);
    db.exec('DELETE FROM images WHERE id = 1');
    expect(db.prepare('SELECT COUNT(*) AS n FROM audit_units').get()?.['n']).toBe(0);
    expect(db.prepare('SELECT COUNT(*) AS n FROM audits').get()?.['n']).toBe(1);
  });
});
