import { mkdirSync, readdirSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import sharp from 'sharp';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMedia } from '../../electron/media/mediaService.ts';
import { importFiles } from '../../electron/workspace/imageImporter.ts';
import { Workspace } from '../../electron/workspace/workspace.ts';
import { makeTempDir } from '../support/tempDir.ts';

const temp = makeTempDir('loupe-hostile-');
const folder = join(temp.dir, 'hostile');
const demo = join(
  dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')),
  'demo',
);
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
  const good = join(demo, 'sample1.jpg');
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

  it('importing writes nothing into the chosen folder', async () => {
    const before = readdirSync(folder).sort();
    await importFiles(workspace, [folder]);
    await readMedia(workspace, 'thumb', workspace.images.list()[0]!.id);
    expect(readdirSync(folder).sort()).toEqual(before);
  });

  it('a workspace file that is not SQLite, or from a newer Loupe, gives an error naming it', () => {
    const text = join(temp.dir, 'notes.sqlite');
    writeFileSync(text, 'these are my notes, not a database'.repeat(200));
    expect(() => new Workspace(text)).toThrow(new RegExp(`Cannot open the workspace ${text}`));
    const newer = join(temp.dir, 'newer.sqlite');
    const db = new DatabaseSync(newer);
    db.exec('PRAGMA user_version = 42');
    db.close();
    expect(() => new Workspace(newer)).toThrow(/schema version 42, newer than this Loupe understands/);
  });
});
