import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { CropCache, cropRect } from '../../../../../electron/main/media/cropCache.ts';
import { makeTempDir } from '../../../../support/tempDir.ts';

const temp = makeTempDir();
afterAll(temp.cleanup);

const size = { width: 200, height: 100 };
const image = () =>
  sharp({ create: { width: 200, height: 100, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .toBuffer();
const files = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.jpg'));

describe('cropRect', () => {
  it('adds the margin and clamps a box that runs past the image edges', () => {
    expect(cropRect({ left: 0.25, top: 0.25, right: 0.75, bottom: 0.75 }, size)).toEqual({
      left: 40,
      top: 20,
      width: 120,
      height: 60,
    });
    expect(cropRect({ left: 0.9, top: 0, right: 1, bottom: 0.5 }, size)).toEqual({
      left: 178,
      top: 0,
      width: 22,
      height: 55,
    });
  });

  it('refuses a zero-size box and one wholly outside the image, saying why', () => {
    expect(() => cropRect({ left: 0.3, top: 0.2, right: 0.3, bottom: 0.6 }, size)).toThrow(
      /box is empty \(no width or height\)/,
    );
    expect(() => cropRect({ left: 1.5, top: 1.2, right: 1.8, bottom: 1.6 }, size)).toThrow(
      /outside the image/,
    );
  });
});

describe('CropCache', () => {
  it('cuts a crop once, serves it from disk after, and clamps a box outside the image', async () => {
    const dir = join(temp.dir, 'crops-a');
    const cache = new CropCache(dir);
    let reads = 0;
    const source = { contentHash: 'a'.repeat(64), bytes: () => (reads++, image()) };
    const crop = await cache.crop(source, size, { left: -0.2, top: 0.5, right: 0.3, bottom: 1.4 });
    const meta = await sharp(crop).metadata();
    expect(meta.format).toBe('jpeg');
    // Clamped to the image: 0…65 px wide, 45…100 px high, fitted into 192 px.
    expect(meta.width / meta.height).toBeCloseTo(65 / 55, 1);
    expect(files(dir)).toHaveLength(1);
    const again = await new CropCache(dir).crop(source, size, {
      left: -0.2,
      top: 0.5,
      right: 0.3,
      bottom: 1.4,
    });
    expect(again.equals(crop)).toBe(true);
    expect(reads).toBe(1);
  });

  it('gives a clear error for a corrupt image and keeps no entry for it', async () => {
    const dir = join(temp.dir, 'crops-b');
    const cache = new CropCache(dir);
    const corrupt = {
      contentHash: 'b'.repeat(64),
      bytes: () => Promise.resolve(Buffer.from('not an image at all')),
    };
    await expect(cache.crop(corrupt, size, { left: 0.1, top: 0.1, right: 0.5, bottom: 0.5 })).rejects.toThrow(
      /The image cannot be decoded/,
    );
    expect(files(dir)).toEqual([]);
    expect(cache.usage()).toEqual({ files: 0, bytes: 0 });
  });

  it('refuses a zero-size box before reading the image', async () => {
    const cache = new CropCache(join(temp.dir, 'crops-c'));
    let reads = 0;
    const source = { contentHash: 'c'.repeat(64), bytes: () => (reads++, image()) };
    await expect(cache.crop(source, size, { left: 0.4, top: 0.4, right: 0.4, bottom: 0.8 })).rejects.toThrow(
      /box is empty/,
    );
    expect(reads).toBe(0);
  });

  it('stays within its bound, dropping the least recently used crops', async () => {
    const dir = join(temp.dir, 'crops-d');
    const source = { contentHash: 'd'.repeat(64), bytes: image };
    const one = await new CropCache(dir).crop(source, size, { left: 0, top: 0, right: 0.1, bottom: 0.1 });
    const cache = new CropCache(dir, one.length * 2.5);
    for (let i = 1; i < 6; i++)
      await cache.crop(source, size, { left: i / 10, top: 0, right: i / 10 + 0.1, bottom: 0.2 });
    expect(cache.usage().bytes).toBeLessThanOrEqual(one.length * 2.5 + 1024);
    expect(files(dir).length).toBe(cache.usage().files);
    expect(files(dir).length).toBeLessThan(6);
    // A stray file in the folder is not the cache's and is left alone.
    writeFileSync(join(dir, 'notes.txt'), 'x');
    expect(new CropCache(dir).usage().files).toBe(files(dir).length);
  });
});
