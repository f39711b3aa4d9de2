import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { localApi001Initial } from '../../../../../../electron/localApi/server/migrations/localApi001Initial.ts';

describe('local API migration 001', () => {
  const fresh = () => {
    const db = new DatabaseSync(':memory:');
    db.exec('PRAGMA foreign_keys = ON');
    localApi001Initial.up(db);
    return db;
  };
  const feedbackRow = (requestId: string | null) => [
    requestId,
    'model',
    'POST',
    '/v2/models/m/feedback',
    'i',
    '{}',
    '{}',
    '[]',
    't',
    't',
  ];
  const insertFeedback = `INSERT INTO feedback (request_id, kind, method, path, input_id, body, parsed, flags, received_at, last_delivery_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

  it('keeps one feedback row per request id, any number without one', () => {
    const db = fresh();
    const insert = db.prepare(insertFeedback);
    insert.run(...feedbackRow('r1'));
    expect(() => insert.run(...feedbackRow('r1'))).toThrow(/UNIQUE/);
    insert.run(...feedbackRow(null));
    insert.run(...feedbackRow(null));
    expect(db.prepare('SELECT count(*) AS n, min(deliveries) AS d FROM feedback').get()).toEqual({
      n: 3,
      d: 1,
    });
    db.close();
  });

  it('refuses unknown kinds and origins, and outputs of inputs that do not exist', () => {
    const db = fresh();
    expect(() =>
      db.prepare(insertFeedback).run('r', 'other', 'POST', '/', 'i', '{}', '{}', '[]', 't', 't'),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO inputs (id, origin, status_code, created_at) VALUES ('i', 'upload', 30000, 't')",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO outputs (id, model_id, model_version_id, input_id, status_code, data, created_at) VALUES ('o', 'm', 'v', 'missing', 10000, '{}', 't')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('stores key digests only, one row each', () => {
    const db = fresh();
    const insert = db.prepare(
      "INSERT INTO api_keys (key_sha256, label, created_at) VALUES (?, 'generated', 't')",
    );
    insert.run('ab');
    expect(() => insert.run('ab')).toThrow(/UNIQUE/);
    expect(
      db
        .prepare("SELECT name FROM pragma_table_info('api_keys')")
        .all()
        .map((row) => row['name']),
    ).toEqual(['key_sha256', 'label', 'created_at']);
    db.close();
  });
});
