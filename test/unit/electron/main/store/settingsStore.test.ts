import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { LoupeError } from '../../../../../shared/LoupeError.ts';
import { SettingsStore } from '../../../../../electron/main/store/settingsStore.ts';
import { defaultSettings } from '../../../../../shared/settings.ts';
import { makeTempDir } from '../../../../support/tempDir.ts';

const temp = makeTempDir();
afterAll(temp.cleanup);

describe('SettingsStore', () => {
  it('starts from the defaults in a new data folder', () => {
    const store = new SettingsStore(join(temp.dir, 'fresh', 'settings.sqlite'));
    expect(store.get()).toEqual(defaultSettings);
    store.close();
  });

  it('keeps settings across a restart (same SQLite file)', () => {
    const file = join(temp.dir, 'restart', 'settings.sqlite');
    const first = new SettingsStore(file);
    first.set({ reviewerId: 'reviewer-7', concurrency: 8 });
    first.close();
    const second = new SettingsStore(file);
    expect(second.get()).toMatchObject({ reviewerId: 'reviewer-7', concurrency: 8 });
    second.close();
  });

  it('gives a storage error naming a file that is not SQLite', () => {
    const file = join(temp.dir, 'corrupt.sqlite');
    writeFileSync(file, 'this is not a database, it is a text file that got here somehow'.repeat(100));
    const store = new SettingsStore(file);
    let caught: unknown;
    try {
      store.get();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LoupeError);
    expect((caught as LoupeError).code).toBe('storage');
    expect((caught as LoupeError).message).toContain(file);
  });

  it('gives a storage error naming a file that cannot be created', () => {
    const blocker = join(temp.dir, 'a-file');
    writeFileSync(blocker, 'x');
    const store = new SettingsStore(join(blocker, 'settings.sqlite'));
    expect(() => store.get()).toThrow(/settings file .*a-file/);
  });

  it('refuses a file written by a newer schema instead of guessing', () => {
    const file = join(temp.dir, 'newer.sqlite');
    const db = new DatabaseSync(file);
    db.exec('PRAGMA user_version = 99');
    db.close();
    expect(() => new SettingsStore(file).get()).toThrow(/schema version 99, newer/);
  });

  it('ignores a stored value that no longer validates and keeps the rest', () => {
    const file = join(temp.dir, 'tampered', 'settings.sqlite');
    const store = new SettingsStore(file, () => {});
    store.set({ reviewerId: 'kept' });
    store.close();
    const db = new DatabaseSync(file);
    db.prepare("INSERT INTO settings VALUES ('concurrency', '\"lots\"', 'now')").run();
    db.close();
    const reopened = new SettingsStore(file, () => {});
    expect(reopened.get()).toMatchObject({ reviewerId: 'kept', concurrency: defaultSettings.concurrency });
    reopened.close();
  });
});
