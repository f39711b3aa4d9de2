import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLoupeApp } from '../../electron/main/loupeApp.ts';
import { makeTempDir } from '../support/tempDir.ts';

/** Issue 13: an empty file is not a workspace unless the person asks to create one there. */
const temp = makeTempDir('loupe-empty-workspace-');
const app = createLoupeApp({
  dataDir: join(temp.dir, 'data'),
  transport: 'bridge',
  background: false,
  log: () => {},
});
afterAll(async () => {
  await app.close();
  temp.cleanup();
});

describe('opening workspace files', () => {
  it('a 0-byte file is refused with a clear message, and left as it is', async () => {
    const empty = join(temp.dir, 'empty.loupe.sqlite');
    writeFileSync(empty, '');
    const result = await app.dispatch('workspace.open', { file: empty });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'storage',
        message: expect.stringContaining(`${empty} is an empty file (0 bytes)`) as unknown,
      },
    });
    expect(statSync(empty).size).toBe(0);
  });

  it('…and becomes a new workspace when the person asks for one (create: true)', async () => {
    const empty = join(temp.dir, 'chosen.loupe.sqlite');
    writeFileSync(empty, '');
    expect(await app.dispatch('workspace.open', { file: empty, create: true })).toMatchObject({
      ok: true,
      value: { file: empty, images: 0 },
    });
  });

  it('a new path is still created, and an existing workspace still opens (with or without create)', async () => {
    const fresh = join(temp.dir, 'fresh.loupe.sqlite');
    expect(await app.dispatch('workspace.open', { file: fresh })).toMatchObject({ ok: true });
    const copy = join(temp.dir, 'copy.loupe.sqlite');
    await app.dispatch('workspace.open', { file: join(temp.dir, 'other.loupe.sqlite') });
    copyFileSync(fresh, copy);
    expect(await app.dispatch('workspace.open', { file: copy, create: true })).toMatchObject({ ok: true });
    expect(await app.dispatch('workspace.open', { file: fresh })).toMatchObject({ ok: true });
  });

  it('garbage and half-written files: an error naming the file, never its bytes', async () => {
    const garbage = join(temp.dir, 'garbage.loupe.sqlite');
    writeFileSync(garbage, 'k3y-SECRETSECRET and more text that is not SQLite');
    const half = join(temp.dir, 'half.loupe.sqlite');
    const whole = readFileSync(join(temp.dir, 'fresh.loupe.sqlite'));
    writeFileSync(half, whole.subarray(0, Math.max(100, whole.length - 4096)));
    for (const [file, words] of [
      [garbage, 'not a SQLite file'],
      [half, 'shorter than its header says'],
    ] as const) {
      for (const create of [false, true]) {
        const result = await app.dispatch('workspace.open', { file, create });
        expect(result, file).toMatchObject({
          ok: false,
          error: { code: 'storage', message: expect.stringContaining(file) as unknown },
        });
        if (!result.ok) expect(result.error.message).toContain(words);
        expect(JSON.stringify(result)).not.toContain('SECRET');
      }
    }
    // The workspace open before the failures is still the one in use.
    expect(await app.dispatch('workspace.info', {})).toMatchObject({ ok: true });
  });
});
