import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLoupeApp } from '../../electron/main/loupeApp.ts';
import { commands, type CommandName } from '../../shared/contract.ts';
import { errorCodes } from '../../shared/result.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { size } from '../support/soak.ts';

const temp = makeTempDir('loupe-fuzz-');
// No endpoint answers here: commands that need one must fail with a typed error, fast.
const app = createLoupeApp({
  dataDir: temp.dir,
  transport: 'bridge',
  background: false,
  endpoint: { kind: 'custom', baseUrl: 'http://127.0.0.1:9' },
  log: () => {},
});
afterAll(async () => {
  await app.close();
  temp.cleanup();
});

const names = Object.keys(commands) as CommandName[];
/** Commands that write where a path points are fuzzed with paths inside the temp folder only. */
const pathFields = new Set(['file', 'paths', 'imagesDir']);

const inside = fc.stringMatching(/^[a-z0-9._-]{1,12}$/).map((name) => join(temp.dir, name));
const payload = fc.oneof(
  fc.anything(),
  fc.dictionary(
    fc.constantFrom(
      'key',
      'offset',
      'limit',
      'status',
      'predictionId',
      'op',
      'imageId',
      'ids',
      'id',
      'concept',
      'format',
      'kind',
      'urls',
      'reviewerId',
      'theme',
      'endpoint',
      'model',
      'unreviewed',
      'predictionIds',
      'searchId',
      'hitIndex',
    ),
    fc.anything(),
  ),
);

describe('every contract command under arbitrary payloads', () => {
  const runs = size(2_000, 100_000);
  it(`answers ${runs} random calls with a valid result or a typed error, never a crash`, async () => {
    let okCount = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), payload, fc.option(inside), async (name, raw, path) => {
        let input: unknown = raw;
        if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
          const safe = Object.fromEntries(Object.entries(raw).filter(([key]) => !pathFields.has(key)));
          input = path ? { ...safe, file: path, paths: [path] } : safe;
        }
        const result = await app.dispatch(name, input);
        if (result.ok) {
          okCount += 1;
          expect(commands[name].output.safeParse(result.value).success).toBe(true);
        } else {
          expect(errorCodes).toContain(result.error.code);
          expect(typeof result.error.message).toBe('string');
        }
      }),
      { numRuns: runs },
    );
    expect(okCount).toBeGreaterThan(0);
  }, 600_000);

  it('refuses unknown and hostile command names', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'vault.get', '', null, 7, { a: 1 }]) {
      expect(await app.dispatch(name, {})).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    }
  });
});
