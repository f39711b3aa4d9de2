import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { workspaceMigrations } from '../../../../../../electron/main/workspace/workspace.ts';

describe('workspace migration 007', () => {
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
