import type { DatabaseSync } from 'node:sqlite';
import {
  defaultSettings,
  settingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../../shared/settings.ts';
import { settings001CreateSettings } from './migrations/settings001CreateSettings.ts';
import { inTransaction, openDatabase, type Migration } from '../../io/sqlite.ts';

export const settingsMigrations: readonly Migration[] = [settings001CreateSettings];

type SettingKey = keyof Settings;
const settingKeys = Object.keys(settingsSchema.shape) as SettingKey[];

/**
 * Settings in `settings.sqlite` in the data folder. The file is opened on first use, so a broken
 * file only fails the settings commands (with an error naming it), never the whole app.
 */
export class SettingsStore {
  readonly file: string;
  readonly #log: (message: string) => void;
  #db: DatabaseSync | undefined;

  constructor(file: string, log: (message: string) => void = () => {}) {
    this.file = file;
    this.#log = log;
  }

  get(): Settings {
    const db = this.#open();
    const settings: Settings = { ...defaultSettings };
    for (const row of db.prepare('SELECT key, value FROM settings').all()) {
      const key = String(row['key']);
      if (!settingKeys.includes(key as SettingKey)) continue; // a setting a later version added
      const parsed = settingsSchema.shape[key as SettingKey].safeParse(safeJson(String(row['value'])));
      if (parsed.success) {
        Object.assign(settings, { [key]: parsed.data });
      } else {
        this.#log(`settings: ignoring invalid stored value for ${key} in ${this.file}`);
      }
    }
    return settings;
  }

  set(patch: SettingsPatch): Settings {
    const db = this.#open();
    const now = new Date().toISOString();
    const upsert = db.prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    inTransaction(db, () => {
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) upsert.run(key, JSON.stringify(value), now);
      }
    });
    return this.get();
  }

  close(): void {
    this.#db?.close();
    this.#db = undefined;
  }

  #open(): DatabaseSync {
    this.#db ??= openDatabase(this.file, settingsMigrations, 'settings file');
    return this.#db;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
