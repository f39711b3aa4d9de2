import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClarifaiClient } from '../../../electron/main/clarifai/clarifaiClient.ts';
import { clientFor } from '../../../electron/main/endpointResolver.ts';
import { createLocalApiHandle } from '../../../electron/main/localApiHandle.ts';
import { localApiDatabaseFile } from '../../../electron/localApi/server/localApiDatabase.ts';
import { FileKeyVault } from '../../../electron/main/vault/fileKeyVault.ts';

/** The app's in-process local API: started on demand, reused, with a key that is never stored. */

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'loupe-handle-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('createLocalApiHandle', () => {
  it('starts once on demand, reuses the server, and stores no key', async () => {
    const handle = createLocalApiHandle(dataDir);
    const [first, second] = await Promise.all([handle.ensureStarted(), handle.ensureStarted()]);
    expect(second).toEqual(first);
    expect(first.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const client = new ClarifaiClient({ baseUrl: first.baseUrl, timeoutMs: 5_000, getKey: () => first.key });
    expect((await client.listModels()).length).toBe(4);
    await handle.close();
    await expect(fetch(`${first.baseUrl}/v2/models`)).rejects.toThrow();

    const db = new DatabaseSync(localApiDatabaseFile(dataDir));
    expect(db.prepare('SELECT count(*) AS n FROM api_keys').get()).toEqual({ n: 0 });
    db.close();
  });

  it('serves the app through clientFor, with a new key per start', async () => {
    const handle = createLocalApiHandle(dataDir);
    const client = await clientFor({ kind: 'local' }, new FileKeyVault(join(dataDir, 'api-key')), handle);
    expect((await client.getModel({ modelId: 'face-detection' })).id).toBe(
      'a403429f2ddf4b49b307e318f00e528b',
    );
    const { key } = await handle.ensureStarted();
    await handle.close();
    const restarted = await handle.ensureStarted();
    expect(restarted.key).not.toBe(key);
    const stale = await fetch(`${restarted.baseUrl}/v2/models`, { headers: { Authorization: `Key ${key}` } });
    expect(stale.status).toBe(401);
    await handle.close();
  });
});
