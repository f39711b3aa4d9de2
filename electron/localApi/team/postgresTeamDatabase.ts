import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { ApiError } from '../server/apiError.ts';
import type { SqlRow, SqlRunner, SqlValue, TeamDatabase } from './teamDatabase.ts';
import { teamMigrations } from './teamMigrations.ts';

/** Any number that is this server's own: every `loupe serve` on one database takes the same lock. */
const migrationLockId = 0x10c7e17;

/** SQLSTATEs and socket errors that mean "the database is not there right now", not "this SQL is wrong". */
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '53300', // too_many_connections
]);

/** Conflicts PostgreSQL resolves by aborting one transaction: run it again. */
const retryableCodes = new Set(['40001', '40P01', '23505']);
const maxAttempts = 5;

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined && (unavailableCodes.has(code) || code.startsWith('08'))) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(
    message,
  );
}

/**
 * 503 with a Clarifai status the apps retry (98006, internal database issue): the request had no
 * effect that counts — a transaction cut short is rolled back by PostgreSQL, and a submit that did
 * commit is recognised when it comes again.
 */
function unavailable(): ApiError {
  return new ApiError(98006, 'the collector database is unreachable; try again shortly', {
    httpStatus: 503,
    headers: { 'Retry-After': '1' },
  });
}

/** `?` placeholders → `$1, $2, …` (no SQL text of the store has a `?` anywhere else). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function toPg(params: readonly SqlValue[]): unknown[] {
  return params.map((value) =>
    value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value) : value,
  );
}

function runnerOn(client: pg.Pool | pg.PoolClient): SqlRunner {
  return {
    async all(sql, params = []) {
      const result = await client.query(numbered(sql), toPg(params));
      return result.rows as SqlRow[];
    },
    async run(sql, params = []) {
      const result = await client.query(numbered(sql), toPg(params));
      return result.rowCount ?? 0;
    },
  };
}

/**
 * The PostgreSQL backend (`loupe serve --database postgres://…`). The server keeps nothing of its
 * own: leases, campaigns and reviews are rows, so any number of processes share one database.
 * Transactions run at READ COMMITTED; leases lock their slots with FOR UPDATE SKIP LOCKED.
 */
export class PostgresTeamDatabase implements TeamDatabase {
  readonly backend = 'postgres';
  readonly skipLocked = ' FOR UPDATE SKIP LOCKED';
  readonly forUpdate = ' FOR UPDATE';
  readonly #pool: pg.Pool;
  readonly #log: (line: string) => void;

  private constructor(pool: pg.Pool, log: (line: string) => void) {
    this.#pool = pool;
    this.#log = log;
  }

  /**
   * Connects and migrates; throws (with the reason, never the password) when it cannot. A database
   * that is starting up or restarting is waited for, up to `waitMs`: a collector started beside it
   * (or restarted while it restarts) comes up once it answers.
   */
  static async open(
    url: string,
    log: (line: string) => void,
    waitMs = 30_000,
  ): Promise<PostgresTeamDatabase> {
    // Loaded here, not at start-up: most runs never meet PostgreSQL, and the import alone cost
    // ~20 ms of every `loupe app` start (issue 21).
    const { default: driver } = await import('pg');
    const pool = new driver.Pool({ connectionString: url, max: 8, connectionTimeoutMillis: 5_000 });
    // An idle client whose server went away emits here; without a listener it would stop the process.
    pool.on('error', (error) => log(`collector database: ${error.message}`));
    const database = new PostgresTeamDatabase(pool, log);
    const giveUpAt = Date.now() + waitMs;
    for (;;) {
      try {
        await database.#migrate();
        return database;
      } catch (error) {
        if (isDatabaseUnavailable(error) && Date.now() < giveUpAt) {
          log(`collector database: ${describe(error)}; trying again`);
          await sleep(250);
          continue;
        }
        await pool.end().catch(() => undefined);
        throw new Error(`cannot open the collector database: ${describe(error)}`, { cause: error });
      }
    }
  }

  /**
   * A client of the pool for one piece of work. While it is checked out the pool does not listen
   * to it, and a server that goes away mid-query emits `error` on it: that must be heard here (the
   * query itself rejects too), or it would stop the process.
   */
  async #withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw isDatabaseUnavailable(error) ? unavailable() : error;
    }
    let broken = false;
    const onError = (error: Error) => {
      broken = true;
      this.#log(`collector database: ${error.message}`);
    };
    client.on('error', onError);
    try {
      return await work(client);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        broken = true;
        throw unavailable();
      }
      throw error;
    } finally {
      client.off('error', onError);
      // A client whose connection broke is destroyed, not put back in the pool.
      client.release(broken);
    }
  }

  async #migrate(): Promise<void> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLockId]);
      await client.query('CREATE TABLE IF NOT EXISTS team_schema_version (version INTEGER NOT NULL)');
      const rows = (await client.query('SELECT max(version) AS v FROM team_schema_version')).rows as {
        v: number | null;
      }[];
      const current = rows[0]?.v ?? 0;
      if (current > teamMigrations.length)
        throw new Error(
          `schema version ${current} is newer than this Loupe understands (${teamMigrations.length})`,
        );
      for (const migration of teamMigrations.slice(current)) {
        await client.query(migration.postgres);
        await client.query('INSERT INTO team_schema_version (version) VALUES ($1)', [migration.version]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]> {
    return this.#withClient((client) => runnerOn(client).all(sql, params));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.#withClient((client) => runnerOn(client).run(sql, params));
  }

  async transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.#withClient(async (client) => {
          await client.query('BEGIN');
          try {
            const result = await work(runnerOn(client));
            await client.query('COMMIT');
            return result;
          } catch (error) {
            if (!isDatabaseUnavailable(error)) await client.query('ROLLBACK').catch(() => undefined);
            throw error;
          }
        });
      } catch (error) {
        if (attempt < maxAttempts && retryableCodes.has(errorCode(error) ?? '')) continue;
        throw error;
      }
    }
  }

  close(): Promise<void> {
    return this.#pool.end();
  }
}

function describe(error: unknown): string {
  // pg's messages name host and port at most; the connection string (with its password) is ours.
  return error instanceof Error ? error.message : String(error);
}
