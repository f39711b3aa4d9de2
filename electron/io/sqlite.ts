import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type SQLOutputValue, type StatementSync } from 'node:sqlite';
import { LoupeError } from '../../shared/LoupeError.ts';

export interface Migration {
  /** 1, 2, 3 … with no gaps; stored in `PRAGMA user_version`. */
  readonly version: number;
  readonly name: string;
  /**
   * The migration rebuilds a table that others reference (SQLite cannot drop a constraint): it
   * runs with foreign keys off, since dropping the old table would otherwise cascade to every row
   * that refers to it (sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema
   * Changes"), and every reference is checked before it commits.
   */
  readonly rebuildsTables?: boolean;
  up(db: DatabaseSync): void;
}

/**
 * A connection that compiles each SQL text once. Repositories call `prepare` where they need a
 * statement, and a hot query (a page of the image list, a review read) costs only its execution,
 * as on a connection whose statements were prepared up front. Every SQL text in Loupe is a
 * constant, so the cache stays small; it is emptied if it ever grows past `maxStatements`.
 */
class StatementCachingDatabase extends DatabaseSync {
  static readonly maxStatements = 500;
  readonly #statements = new Map<string, StatementSync>();
  readonly #arrayStatements = new Map<string, StatementSync>();

  override prepare(sql: string): StatementSync {
    return this.#cached(this.#statements, sql, false);
  }

  /** As `prepare`, for `prepareArrayRows`: cached apart, so `prepare` of the same SQL still answers objects. */
  prepareArrays(sql: string): StatementSync {
    return this.#cached(this.#arrayStatements, sql, true);
  }

  #cached(cache: Map<string, StatementSync>, sql: string, arrays: boolean): StatementSync {
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= StatementCachingDatabase.maxStatements) cache.clear();
      statement = super.prepare(sql);
      if (arrays) statement.setReturnArrays(true);
      cache.set(sql, statement);
    }
    return statement;
  }
}

/** A row read as an array: the SELECT's columns in order. */
export type ArrayRow = readonly SQLOutputValue[];

/** A statement whose rows come back as arrays (`StatementSync.setReturnArrays`). */
export interface ArrayRowStatement {
  all(...parameters: SQLInputValue[]): ArrayRow[];
  all(named: Record<string, SQLInputValue>, ...anonymous: SQLInputValue[]): ArrayRow[];
  get(...parameters: SQLInputValue[]): ArrayRow | undefined;
  get(named: Record<string, SQLInputValue>, ...anonymous: SQLInputValue[]): ArrayRow | undefined;
}

/**
 * A statement whose rows are arrays, for queries that return many rows on a hot path (a page of
 * the image list). node:sqlite builds each row object with its column names as keys, and reading
 * those objects back cost more than the query itself: about 0.7 µs a row of seven columns against
 * 0.07 µs for an array (`npm run bench -- workspace`). The caller reads columns by position, so
 * keep its SELECT list and its reading side by side.
 */
export function prepareArrayRows(db: DatabaseSync, sql: string): ArrayRowStatement {
  if (db instanceof StatementCachingDatabase) return db.prepareArrays(sql) as unknown as ArrayRowStatement;
  const statement = db.prepare(sql);
  statement.setReturnArrays(true);
  return statement as unknown as ArrayRowStatement;
}

/**
 * Opens (or creates) a SQLite file and brings its schema up to date. Any failure — the file is
 * not SQLite, is unreadable, or was written by a newer Loupe — becomes a `storage` error that
 * names the file, so the caller can show it instead of crashing.
 */
export function openDatabase(file: string, migrations: readonly Migration[], what: string): DatabaseSync {
  checkMigrationList(migrations);
  let db: DatabaseSync | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true });
    db = new StatementCachingDatabase(file);
    db.exec('PRAGMA busy_timeout = 5000');
    db.exec('PRAGMA journal_mode = WAL');
    // Every commit is durable before it is acknowledged (docs/design.md §5).
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db, migrations, file, what);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof LoupeError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new LoupeError('storage', `Cannot open the ${what} ${file}: ${reason}`, { cause: error });
  }
}

function migrate(db: DatabaseSync, migrations: readonly Migration[], file: string, what: string): void {
  const current = userVersion(db);
  const latest = migrations.length;
  if (current > latest) {
    throw new LoupeError(
      'storage',
      `The ${what} ${file} has schema version ${current}, newer than this Loupe understands (${latest}); open it with a newer Loupe`,
    );
  }
  for (const migration of migrations.slice(current)) {
    // Only outside a transaction does this pragma take effect.
    if (migration.rebuildsTables) db.exec('PRAGMA foreign_keys = OFF');
    try {
      inTransaction(db, () => {
        migration.up(db);
        if (migration.rebuildsTables) {
          const broken = db.prepare('PRAGMA foreign_key_check').all();
          if (broken.length > 0)
            throw new Error(`Migration ${migration.name} left ${broken.length} dangling reference(s)`);
        }
        db.exec(`PRAGMA user_version = ${migration.version}`);
      });
    } finally {
      if (migration.rebuildsTables) db.exec('PRAGMA foreign_keys = ON');
    }
  }
}

export function userVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get();
  return Number(row?.['user_version'] ?? 0);
}

/**
 * node:sqlite has no transaction helper: BEGIN IMMEDIATE … COMMIT, rolled back on any throw.
 * Inside an open transaction the work simply joins it, so repositories can compose.
 */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  if (db.isTransaction) return work();
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration ${migration.name} has version ${migration.version}, expected ${index + 1}`);
    }
  });
}
