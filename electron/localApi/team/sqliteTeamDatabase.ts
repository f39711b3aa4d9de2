import { join } from 'node:path';
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { openDatabase, type Migration } from '../../io/sqlite.ts';
import type { SqlRow, SqlRunner, SqlValue, TeamDatabase } from './teamDatabase.ts';
import { teamMigrations } from './teamMigrations.ts';

export const teamSqliteFile = (dataDir: string): string => join(dataDir, 'team-collector.sqlite');

const sqliteMigrations: readonly Migration[] = teamMigrations.map((migration) => ({
  version: migration.version,
  name: migration.name,
  up: (db: DatabaseSync) => db.exec(migration.sqlite),
}));

/**
 * The default backend: one SQLite file in the data folder (WAL, synchronous=FULL: a review is on
 * disk before its answer). node:sqlite is synchronous, but the store's work is written as async
 * steps, so transactions take turns on this connection through a queue: no request's statements
 * ever land inside another's transaction. Other processes on the same file wait on SQLite's own
 * write lock (BEGIN IMMEDIATE, busy_timeout).
 */
export class SqliteTeamDatabase implements TeamDatabase {
  readonly backend = 'sqlite';
  readonly skipLocked = '';
  readonly forUpdate = '';
  readonly #db: DatabaseSync;
  #turn: Promise<unknown> = Promise.resolve();

  constructor(file: string) {
    this.#db = openDatabase(file, sqliteMigrations, 'team collector database');
  }

  #direct(): SqlRunner {
    const db = this.#db;
    return {
      all: (sql, params = []) => Promise.resolve(db.prepare(sql).all(...toSqlite(params)) as SqlRow[]),
      run: (sql, params = []) => Promise.resolve(Number(db.prepare(sql).run(...toSqlite(params)).changes)),
    };
  }

  #queued<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#turn.then(work, work);
    this.#turn = result.catch(() => undefined);
    return result;
  }

  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]> {
    return this.#queued(() => this.#direct().all(sql, params));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.#queued(() => this.#direct().run(sql, params));
  }

  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
    return this.#queued(async () => {
      this.#db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.#direct());
        this.#db.exec('COMMIT');
        return result;
      } catch (error) {
        this.#db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  close(): Promise<void> {
    return this.#queued(() => {
      this.#db.close();
      return Promise.resolve();
    });
  }
}

function toSqlite(params: readonly SqlValue[]): SQLInputValue[] {
  return params as SQLInputValue[];
}
