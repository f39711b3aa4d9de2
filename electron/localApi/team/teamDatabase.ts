/**
 * The one thing a team-collector backend provides (docs/team-collector.md, "Storage"): SQL with
 * `?` placeholders, run on its own or inside a transaction. `teamStore.ts` holds every query and
 * runs unchanged on both backends; only what the two engines spell differently is asked of the
 * dialect. Backends: `sqliteTeamDatabase.ts` (the default, one file) and `postgresTeamDatabase.ts`.
 */

export type SqlValue = string | number | null | Uint8Array;
export type SqlRow = Record<string, unknown>;

export interface SqlRunner {
  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface TeamDatabase extends SqlRunner {
  readonly backend: 'sqlite' | 'postgres';
  /**
   * Row locks for a pool query: `FOR UPDATE SKIP LOCKED` on PostgreSQL, so concurrent leases pass
   * each other by; nothing on SQLite, where a write transaction holds the whole file.
   */
  readonly skipLocked: string;
  /** `FOR UPDATE` on PostgreSQL (wait for the row), nothing on SQLite. */
  readonly forUpdate: string;
  /**
   * Runs `work` in one transaction, committed when it returns and rolled back when it throws. A
   * conflict the engine resolves by aborting one side (a deadlock, a unique race) runs it again.
   */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
