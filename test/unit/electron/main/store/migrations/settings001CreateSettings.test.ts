import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { settings001CreateSettings } from '../../../../../../electron/main/store/migrations/settings001CreateSettings.ts';

describe('settings migration 001', () => {
  it('creates a strict key/value table', () => {
    const db = new DatabaseSync(':memory:');
    settings001CreateSettings.up(db);
    db.prepare("INSERT INTO settings VALUES ('theme', '\"dark\"', '2026-01-01')").run();
    expect(db.prepare('SELECT value FROM settings WHERE key = ?').get('theme')).toEqual({ value: '"dark"' });
    expect(() => db.prepare("INSERT INTO settings VALUES ('theme', '1', 'x')").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare('INSERT INTO settings VALUES (?, ?, ?)').run('k', null, 'x')).toThrow(/NOT NULL/);
    db.close();
  });
});
