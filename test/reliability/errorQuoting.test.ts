import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLoupeApp } from '../../electron/main/loupeApp.ts';
import { describeJsonSyntaxError, parseJsonText } from '../../shared/jsonText.ts';
import { makeTempDir } from '../support/tempDir.ts';

/** Issue 13 F3: no error message quotes the file or request it judged (the api-key above all). */
const temp = makeTempDir('loupe-error-quoting-');
const dataDir = join(temp.dir, 'data');
const secret = 'k3y-SECRETSECRET0123456789';
const app = createLoupeApp({ dataDir, transport: 'bridge', background: false, log: () => {} });
afterAll(async () => {
  await app.close();
  temp.cleanup();
});

describe('errors name the problem, never the content', () => {
  it("importing the data folder's api-key (or any non-JSON file) as predictions", async () => {
    await app.dispatch('workspace.info', {});
    mkdirSync(dataDir, { recursive: true });
    const key = join(dataDir, 'api-key');
    writeFileSync(key, `${secret}\n`, { mode: 0o600 });
    const files: Record<string, string> = {
      'plain.json': secret,
      'object.json': `{"a": ${secret}}`,
      'late.json': `{\n  "images": [],\n  "x": "${secret}\n}`,
      'trailing.json': `{}\n${secret}`,
      'bom.json': `\uFEFF${secret}`,
      'key-as-field.json': JSON.stringify({ images: [], categories: [], annotations: [], [secret]: 1 }),
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(temp.dir, name), text);
    for (const file of [key, ...Object.keys(files).map((name) => join(temp.dir, name))]) {
      for (const kind of ['coco', 'clarifai']) {
        const result = await app.dispatch('images.importPredictions', { file, kind });
        const text = JSON.stringify(result);
        expect(text, file).not.toContain('k3y');
        expect(text, file).not.toContain('SECRET');
      }
    }
    const result = await app.dispatch('images.importPredictions', { file: key, kind: 'coco' });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: `${key} is not valid JSON: the JSON is not an array or an object at line 1, column 1`,
      },
    });
  });

  it('special files are refused without blocking: a FIFO, a device node', async () => {
    const fifo = join(temp.dir, 'predictions.fifo');
    execFileSync('mkfifo', [fifo]);
    const device = join(temp.dir, 'zero');
    execFileSync('mknod', [device, 'c', '1', '5']);
    for (const file of [fifo, device, temp.dir]) {
      const result = await app.dispatch('images.importPredictions', { file, kind: 'coco' });
      expect(result, file).toMatchObject({
        ok: false,
        error: { message: expect.stringContaining('not a regular file') as unknown },
      });
    }
  });

  it('contract inputs: unknown keys are counted, not quoted', async () => {
    const result = await app.dispatch('settings.set', { [secret]: 1 });
    expect(JSON.stringify(result)).not.toContain('SECRET');
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('the syntax error helper gives line and column, and agrees with JSON.parse', () => {
    expect(describeJsonSyntaxError('{\n  "a": 1,\n  x}')).toBe(
      'expected a property name in double quotes at line 3, column 3',
    );
    expect(describeJsonSyntaxError('[1, 2')).toBe(
      'the text ends before the JSON is complete at line 1, column 6',
    );
    expect(describeJsonSyntaxError('"a\\qb"')).toMatch(/invalid escape inside a string at line 1, column 3/);
    expect(parseJsonText('[1]')).toEqual({ ok: true, value: [1] });
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    expect(parseJsonText(deep, { maxDepth: 64, maxNodes: 1e6, maxStringLength: 1e6 }).ok).toBe(false);
    expect(describeJsonSyntaxError(`${'['.repeat(10_000)}${']'.repeat(9_999)}`)).toMatch(/ends before/);
  });
});
