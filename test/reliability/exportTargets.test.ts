import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLoupeApp } from '../../electron/main/loupeApp.ts';
import { csvCell } from '../../shared/qaReport.ts';
import { makeTempDir } from '../support/tempDir.ts';

/**
 * Issue 13 F7: `export.run` may write only a new file or a regular file the person confirmed;
 * never a special file, the data folder's own files or the open workspace. Every hostile path
 * lives in a temp folder (FIFOs with mkfifo, a device node with mknod as root).
 */
const temp = makeTempDir('loupe-export-targets-');
const dataDir = join(temp.dir, 'data');
const out = join(temp.dir, 'out');
mkdirSync(out, { recursive: true });
const app = createLoupeApp({ dataDir, transport: 'bridge', background: false, log: () => {} });
afterAll(async () => {
  await app.close();
  temp.cleanup();
});
const run = (input: Record<string, unknown>) =>
  app.dispatch('export.run', { format: 'report-json', ...input });

describe('export targets', () => {
  it('the default (no file) goes to the exports folder, which Loupe creates (issue 20 bug 3)', async () => {
    await app.dispatch('workspace.info', {});
    expect(existsSync(join(dataDir, 'exports'))).toBe(false);
    const result = await run({ format: 'coco' });
    expect(result).toMatchObject({ ok: true, value: { file: join(dataDir, 'exports', 'loupe-coco.json') } });
    // The second time the file exists: a conflict until confirmed.
    expect(await run({ format: 'coco' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await run({ format: 'coco', overwrite: true })).toMatchObject({ ok: true });
  });

  it('an existing file is replaced only with overwrite, keeping its mode', async () => {
    const file = join(out, 'kept.json');
    writeFileSync(file, 'original');
    chmodSync(file, 0o640);
    const refused = await run({ file });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(readFileSync(file, 'utf8')).toBe('original');
    expect(await run({ file, overwrite: true })).toMatchObject({ ok: true });
    expect(readFileSync(file, 'utf8')).not.toBe('original');
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it('FIFOs, sockets-to-be, device nodes, folders and links to them: refused, untouched', async () => {
    const fifo = join(out, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const device = join(out, 'null-device');
    execFileSync('mknod', [device, 'c', '1', '3']);
    symlinkSync(fifo, join(out, 'link-to-fifo'));
    symlinkSync(device, join(out, 'link-to-device'));
    symlinkSync(out, join(out, 'link-to-folder'));
    mkdirSync(join(out, 'folder'));
    for (const name of [
      'pipe',
      'null-device',
      'link-to-fifo',
      'link-to-device',
      'link-to-folder',
      'folder',
    ]) {
      const result = await run({ file: join(out, name), overwrite: true });
      expect(result, name).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
  });

  it("never the data folder's own files, by any path; never the open workspace", async () => {
    const { value: info } = (await app.dispatch('workspace.info', {})) as { value: { file: string } };
    const key = join(dataDir, 'api-key');
    writeFileSync(key, 'k3y-SECRETSECRET\n', { mode: 0o600 });
    symlinkSync(key, join(out, 'link-to-key'));
    symlinkSync(dataDir, join(out, 'data-link'));
    const targets = [
      key,
      join(dataDir, 'settings.sqlite'),
      join(dataDir, 'window-state.json'),
      join(dataDir, 'new-file.json'),
      join(dataDir, 'exports', '..', 'api-key'),
      join(out, 'link-to-key'),
      join(out, 'data-link', 'api-key'),
      join(out, 'data-link', 'exports', '..', 'settings.sqlite'),
      info.file,
      `${info.file}-wal`,
      `${info.file}-shm`,
    ];
    for (const file of targets) {
      const result = await run({ file, overwrite: true });
      expect(result, file).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      if (!result.ok) expect(result.error.message).not.toContain('SECRET');
    }
    expect(readFileSync(key, 'utf8')).toBe('k3y-SECRETSECRET\n');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(lstatSync(join(out, 'link-to-key')).isSymbolicLink()).toBe(true);
  });

  it('CSV cells: formulas defused, quotes doubled, separators quoted, never a line of their own', () => {
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '\n=1']) {
      expect(csvCell(text).replace(/^"/, '').startsWith("'"), text).toBe(true);
    }
    expect(csvCell('a"b')).toBe('"a""b"');
    expect(csvCell('a,b')).toBe('"a,b"');
    const injected = csvCell('face\n=HYPERLINK("http://x")\r\nevil,row');
    expect(injected).not.toMatch(/[\r\n]/);
    expect(injected).toBe('"face =HYPERLINK(""http://x"")  evil,row"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(-3.5)).toBe('-3.5');
  });
});
