import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import sharp from 'sharp';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoupeApp } from '../../electron/main/loupeApp.ts';
import { readMedia } from '../../electron/main/media/mediaService.ts';
import { importFiles } from '../../electron/main/workspace/imageImporter.ts';
import { Workspace } from '../../electron/main/workspace/workspace.ts';
import { startServe } from '../support/cliProcess.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { recordFigures } from './figures.ts';
import { sampleImage } from '../support/seedWorkspace.ts';

const temp = makeTempDir('loupe-hostile-');
const folder = join(temp.dir, 'hostile');
let workspace: Workspace;

/** A valid PNG header that claims 20000×20000 pixels: a decompression bomb in a few bytes. */
function bombPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(20_000, 0);
  header.writeUInt32BE(20_000, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

beforeAll(async () => {
  mkdirSync(join(folder, 'sub'), { recursive: true });
  workspace = new Workspace(join(temp.dir, 'w.sqlite'));
  const good = sampleImage(1);
  copyFileSync(good, join(folder, 'good.jpg'));
  writeFileSync(join(folder, 'empty.jpg'), '');
  const jpeg = await sharp(good).toBuffer();
  writeFileSync(join(folder, 'truncated.jpg'), jpeg.subarray(0, 200));
  writeFileSync(
    join(folder, 'corrupt.png'),
    Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('garbage'.repeat(50))]),
  );
  writeFileSync(join(folder, 'bomb.png'), bombPng());
  // 100 megapixels, stored small (a flat colour compresses to almost nothing).
  await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: '#808080' } })
    .png({ compressionLevel: 9 })
    .toFile(join(folder, 'huge.png'));
  writeFileSync(
    join(folder, 'external.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="http://127.0.0.1:9/x.png"/></svg>',
  );
  writeFileSync(join(folder, '..evil..jpg'), 'not really');
  symlinkSync(folder, join(folder, 'sub', 'loop'));
}, 60_000);
afterAll(() => {
  workspace.close();
  temp.cleanup();
});

describe('hostile files', () => {
  it('each bad file gets a clear reason, and the rest of the import goes on', async () => {
    const report = await importFiles(workspace, [folder]);
    expect(report.added.map((image) => image.source)).toEqual([join(folder, 'good.jpg')]);
    const reasons: Record<string, string> = Object.fromEntries(
      report.failed.map((failure) => [failure.source.split('/').pop() ?? '', failure.reason]),
    );
    expect(reasons).toMatchObject({
      'empty.jpg': 'the file is empty',
      'truncated.jpg': expect.stringMatching(/not a readable image|premature end|corrupt/i) as unknown,
      'corrupt.png': expect.stringMatching(/not a readable image/) as unknown,
      'bomb.png': 'the image is 20000×20000, over the 85 megapixel limit',
      'huge.png': 'the image is 10000×10000, over the 85 megapixel limit',
      '..evil..jpg': expect.stringMatching(/not a readable image/) as unknown,
      loop: expect.stringMatching(/symlink loop/) as unknown,
    });
    // SVG is not an image format Loupe imports: skipped inside a folder, never rendered.
    expect(reasons['external.svg']).toBeUndefined();
    expect(report.failed.length).toBe(7);
  }, 60_000);

  it('an explicitly chosen SVG is refused by name', async () => {
    const report = await importFiles(workspace, [join(folder, 'external.svg')]);
    expect(report.failed[0]?.reason).toMatch(/not an image Loupe imports/);
  });

  it('an SVG named like a photo is refused by its content, never rendered', async () => {
    const disguised = join(temp.dir, 'disguised');
    mkdirSync(disguised);
    writeFileSync(
      join(disguised, 'holiday.png'),
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100"><image xlink:href="http://127.0.0.1:9/x.png" width="100" height="100"/></svg>',
    );
    const own = new Workspace(join(disguised, 'w.sqlite'));
    const report = await importFiles(own, [join(disguised, 'holiday.png')]);
    own.close();
    expect(report.added).toEqual([]);
    expect(report.failed).toEqual([
      { source: join(disguised, 'holiday.png'), reason: expect.stringMatching(/svg/i) as unknown },
    ]);
  });

  it('importing writes nothing into the chosen folder', async () => {
    const before = readdirSync(folder).sort();
    await importFiles(workspace, [folder]);
    await readMedia(workspace, 'thumb', workspace.images.list()[0]!.id);
    expect(readdirSync(folder).sort()).toEqual(before);
  });

  it('a workspace file that is not SQLite, or from a newer Loupe, gives an error naming it', () => {
    const text = join(temp.dir, 'notes.sqlite');
    writeFileSync(text, 'these are my notes, not a database'.repeat(200));
    expect(() => new Workspace(text)).toThrow(new RegExp(`The workspace ${text} is not a Loupe workspace`));
    const newer = join(temp.dir, 'newer.sqlite');
    const db = new DatabaseSync(newer);
    db.exec('PRAGMA user_version = 42');
    db.close();
    expect(() => new Workspace(newer)).toThrow(/schema version 42, newer than this Loupe understands/);
  });
});

/** Every file under a folder (symlinks as themselves), with its content, for before/after. */
function snapshot(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      const info = lstatSync(path);
      if (info.isDirectory()) walk(path);
      else files.set(relative(root, path), info.isSymbolicLink() ? '(symlink)' : readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return files;
}

describe('hostile export targets (export.run over the contract)', () => {
  const exportsRoot = join(temp.dir, 'exports');
  const chosen = join(exportsRoot, 'chosen');
  const outside = join(exportsRoot, 'outside');
  const app = createLoupeApp({
    dataDir: join(temp.dir, 'app'),
    transport: 'bridge',
    background: false,
    log: () => {},
  });
  afterAll(() => app.close());

  const run = (file: string, format = 'coco') => app.dispatch('export.run', { format, file });

  it('refuses relative and traversing paths, and writes nothing for them', async () => {
    mkdirSync(join(chosen, 'sub'), { recursive: true });
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'target.json'), 'original');
    const before = snapshot(exportsRoot);
    for (const format of ['coco', 'csv', 'jsonl', 'report-csv', 'report-json']) {
      for (const file of ['../escape.json', '../../escape.json', 'relative/export.json', './export.json']) {
        expect(await run(file, format)).toMatchObject({
          ok: false,
          error: { code: 'invalid_input', message: expect.stringContaining('absolute path') as unknown },
        });
        expect(existsSync(resolve(file))).toBe(false);
      }
    }
    const missing = await run(join(chosen, 'no-such-folder', 'export.json'));
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(snapshot(exportsRoot)).toEqual(before);
  });

  it('resolves ".." before writing and names the real file; nothing else is written', async () => {
    const before = snapshot(exportsRoot);
    const result = await run(`${chosen}/sub/../../outside/resolved.json`);
    expect(result).toMatchObject({ ok: true, value: { file: join(outside, 'resolved.json') } });
    const after = snapshot(exportsRoot);
    expect([...after.keys()].filter((name) => !before.has(name))).toEqual(['outside/resolved.json']);
    expect(after.get('outside/target.json')).toBe('original');
  });

  it('a symlink in the chosen folder is replaced once confirmed, never followed to where it points', async () => {
    symlinkSync(join(outside, 'target.json'), join(chosen, 'link.json'));
    expect(await run(join(chosen, 'link.json'), 'report-json')).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    const result = await app.dispatch('export.run', {
      format: 'report-json',
      file: join(chosen, 'link.json'),
      overwrite: true,
    });
    expect(result).toMatchObject({ ok: true, value: { file: join(chosen, 'link.json') } });
    expect(readFileSync(join(outside, 'target.json'), 'utf8')).toBe('original');
    expect(lstatSync(join(chosen, 'link.json')).isSymbolicLink()).toBe(false);
  });

  it('a folder, a NUL byte or an over-long name as the target: a clear error, no half-written file', async () => {
    const before = snapshot(exportsRoot);
    for (const file of [
      join(chosen, 'sub'),
      join(chosen, 'a\u0000b.json'),
      join(chosen, `${'x'.repeat(300)}.json`),
    ]) {
      const result = await run(file);
      expect(result.ok, file).toBe(false);
      if (!result.ok) expect(['invalid_input', 'storage']).toContain(result.error.code);
    }
    expect(snapshot(exportsRoot)).toEqual(before);
    expect([...snapshot(exportsRoot).keys()].filter((name) => name.includes('.partial'))).toEqual([]);
  });
});

describe('hostile images through the predict path of loupe serve', () => {
  const key = 'hostile-predict-key-0123456789';
  const faceModel = 'a403429f2ddf4b49b307e318f00e528b';

  it('each bad image fails alone with a reason, the good one is predicted, and the server keeps working', async () => {
    const server = await startServe(join(temp.dir, 'serve'), key);
    // Where the SVG's external image points: nothing may ever fetch it.
    let fetched = 0;
    const bait = createServer((_request, response) => {
      fetched += 1;
      response.end();
    });
    await new Promise<void>((done) => bait.listen(0, '127.0.0.1', done));
    const baitUrl = `http://127.0.0.1:${(bait.address() as AddressInfo).port}/tracker.png`;
    try {
      const predict = async (files: Record<string, Buffer>) => {
        const response = await fetch(`${server.baseUrl}/v2/models/${faceModel}/outputs`, {
          method: 'POST',
          headers: { Authorization: `Key ${key}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            inputs: Object.entries(files).map(([id, bytes]) => ({
              id,
              data: { image: { base64: bytes.toString('base64') } },
            })),
          }),
        });
        const body = (await response.json()) as {
          status: { code: number };
          outputs: {
            input: { id: string };
            status: { code: number; details?: string };
            data: { regions?: unknown[] };
          }[];
        };
        return { http: response.status, body };
      };
      const read = (name: string) => readFileSync(join(folder, name));
      const bad = {
        truncated: read('truncated.jpg'),
        corrupt: read('corrupt.png'),
        bomb: read('bomb.png'),
        huge: read('huge.png'),
        svg: Buffer.from(
          `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64"><image xlink:href="${baitUrl}" width="64" height="64"/></svg>`,
        ),
        svgBomb: Buffer.from(
          `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">${['b', 'c', 'd', 'e', 'f', 'g', 'h']
            .map((name, i) => `<!ENTITY ${name} "${`&${'abcdefg'[i]};`.repeat(10)}">`)
            .join(
              '',
            )}]><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&h;</text></svg>`,
        ),
        text: read('..evil..jpg'),
      };
      const { http, body } = await predict({ good: read('good.jpg'), ...bad });
      expect(http).toBe(207);
      expect(body.status.code).toBe(10010);
      const byId = new Map(body.outputs.map((output) => [output.input.id, output]));
      expect(byId.get('good')?.status.code).toBe(10000);
      expect(byId.get('good')?.data.regions?.length).toBeGreaterThan(0);
      const reasons: Record<string, string> = {};
      for (const id of Object.keys(bad)) {
        const output = byId.get(id)!;
        expect(output.status.code, id).toBe(30002);
        expect(output.status.details, id).toBeTruthy();
        reasons[id] = output.status.details!;
      }
      expect(reasons['bomb']).toMatch(/20000×20000|400\.0 megapixels|megapixel/);
      expect(reasons['huge']).toMatch(/megapixel/);

      // Still serving: the good image alone, and the models list.
      const again = await predict({ good: read('good.jpg') });
      expect(again.http).toBe(200);
      const models = await fetch(`${server.baseUrl}/v2/models`, { headers: { Authorization: `Key ${key}` } });
      expect(models.status).toBe(200);
      expect(server.child.exitCode).toBeNull();
      expect(fetched).toBe(0);
      recordFigures('hostilePredict', {
        hostileImages: Object.keys(bad).length,
        externalFetches: fetched,
        ...reasons,
      });
    } finally {
      server.stop();
      bait.close();
    }
  }, 120_000);
});
