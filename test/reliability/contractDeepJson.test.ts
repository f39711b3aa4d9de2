import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../shared/contract.ts';
import { errorCodes } from '../../shared/result.ts';
import { startLoupe, type LoupeProcess } from '../support/loupeProcess.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { recordFigures } from './figures.ts';

/**
 * Every command of the contract table, over real HTTP through the bridge of a running `loupe
 * app`, with JSON 10,000 levels deep (as the body and inside a field) and with huge bodies:
 * each is a clear error envelope, never a crash, and the app keeps serving (issue 13).
 */
const temp = makeTempDir('loupe-contract-deep-');
let app: LoupeProcess;
beforeAll(async () => {
  app = await startLoupe({ dataDir: temp.dir });
});
afterAll(async () => {
  await app.stop();
  temp.cleanup();
});

const deepArray = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

async function post(name: string, body: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${app.origin}/api/invoke/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' },
    body,
  });
  return { status: response.status, json: await response.json() };
}

describe('every contract command with deep and huge JSON, over the bridge', () => {
  it('answers each with a typed error and keeps serving', async () => {
    const bodies: Record<string, string> = {
      'deep array body (10,000)': deepArray(10_000),
      'deep object body (10,000)': deepObject(10_000),
      'deep value in a field (10,000)': `{"file":${deepObject(10_000)},"op":${deepArray(10_000)},"key":${deepArray(10_000)}}`,
      'a million values (7 MB)': `[${'1,'.repeat(1_100_000)}1]`,
      'a 2 MB string': JSON.stringify({ file: 'x'.repeat(2_000_000) }),
      'over the 8 MB body limit': `[${'1,'.repeat(4_500_000)}1]`,
    };
    let answers = 0;
    for (const name of Object.keys(commands)) {
      for (const [what, body] of Object.entries(bodies)) {
        const reply = await post(name, body);
        expect([200, 400], `${name} ${what}`).toContain(reply.status);
        expect(reply.json, `${name} ${what}`).toMatchObject({ ok: false });
        const code = (reply.json as { error: { code: string } }).error.code;
        expect(errorCodes).toContain(code);
        expect(code, `${name} ${what}`).not.toBe('internal');
        answers += 1;
      }
      expect(app.child.exitCode, app.output()).toBeNull();
    }
    expect(await post('app.info', '{}')).toMatchObject({ status: 200, json: { ok: true } });
    expect(app.output()).not.toMatch(/RangeError|Maximum call stack/);
    recordFigures('contractDeepJson', { commands: Object.keys(commands).length, answers });
    // Six large bodies to every command: the work grows with the contract, not a fixed 20 s.
  }, 120_000);
});
