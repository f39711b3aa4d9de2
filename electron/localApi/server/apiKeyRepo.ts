import type { DatabaseSync } from 'node:sqlite';

/** Where a stored key came from: made on first start, or given with `--key` / `startLocalApi({ key })`. */
export type ApiKeyLabel = 'generated' | 'given';

/** Digests of the keys this data folder accepts (see apiKeys.ts). */
export class ApiKeyRepo {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  count(): number {
    return Number(this.#db.prepare('SELECT count(*) AS n FROM api_keys').get()?.['n'] ?? 0);
  }

  add(digest: string, label: ApiKeyLabel): void {
    this.#db
      .prepare('INSERT OR IGNORE INTO api_keys (key_sha256, label, created_at) VALUES (?, ?, ?)')
      .run(digest, label, new Date().toISOString());
  }

  has(digest: string): boolean {
    return this.#db.prepare('SELECT 1 FROM api_keys WHERE key_sha256 = ?').get(digest) !== undefined;
  }
}
