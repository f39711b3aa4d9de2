import { mkdirSync, symlinkSync, writeFileSync, copyFileSync, chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endsWhole, importFiles, importUrls } from '../../../../../electron/main/workspace/imageImporter.ts';
import { Workspace } from '../../../../../electron/main/workspace/workspace.ts';
import { makeTempDir } from '../../../../support/tempDir.ts';
import { sampleImage } from '../../../../support/seedWorkspace.ts';

const temp = makeTempDir();
let workspace: Workspace;

beforeAll(async () => {
  workspace = new Workspace(join(temp.dir, 'w.sqlite'));
  const root = join(temp.dir, 'photos');
  mkdirSync(join(root, 'nested', 'deeper'), { recursive: true });
  copyFileSync(sampleImage(1), join(root, 'a.jpg'));
  copyFileSync(sampleImage(2), join(root, 'nested', 'b.JPG'));
  copyFileSync(sampleImage(1), join(root, 'nested', 'deeper', 'same-as-a.jpg'));
  // Rotated by EXIF: stored 40×20, shown 20×40.
  await sharp({ create: { width: 40, height: 20, channels: 3, background: '#c00' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toFile(join(root, 'rotated.jpg'));
  writeFileSync(join(root, 'notes.txt'), 'not an image');
  writeFileSync(join(root, 'broken.png'), Buffer.from('89504e470d0a1a0a0000', 'hex'));
  writeFileSync(join(root, 'empty.jpg'), '');
  symlinkSync(root, join(root, 'nested', 'loop'));
  writeFileSync(join(root, 'secret.jpg'), 'x');
  chmodSync(join(root, 'secret.jpg'), 0o000);
});
afterAll(() => {
  workspace.close();
  temp.cleanup();
});

describe('importing files and folders', () => {
  it('imports images recursively, dedupes by content, and reports problems without stopping', async () => {
    const progress: number[] = [];
    const report = await importFiles(workspace, [join(temp.dir, 'photos')], (p) => progress.push(p.done));
    const names = (list: { source: string }[]) => list.map((entry) => entry.source.split('/').pop()).sort();
    expect(names(report.added)).toEqual(['a.jpg', 'b.JPG', 'rotated.jpg']);
    expect(report.duplicates.map((image) => image.source)).toEqual([join(temp.dir, 'photos', 'a.jpg')]);
    const reasons: Record<string, string> = Object.fromEntries(
      report.failed.map((f) => [f.source.split('/').pop() ?? '', f.reason]),
    );
    expect(reasons['broken.png']).toMatch(/not a readable image/);
    expect(reasons['empty.jpg']).toBe('the file is empty');
    expect(reasons['loop']).toMatch(/symlink loop/);
    // Root can read anything; elsewhere the unreadable file is reported.
    if (process.getuid?.() !== 0) expect(reasons['secret.jpg']).toBe('permission denied');
    expect(reasons['notes.txt']).toBeUndefined();
    expect(progress.at(-1)).toBeGreaterThan(0);
    const rotated = report.added.find((image) => image.source.endsWith('rotated.jpg'));
    expect([rotated?.width, rotated?.height]).toEqual([20, 40]);
    expect(workspace.images.count()).toBe(3);
  });

  it('importing the same folder again adds nothing', async () => {
    const report = await importFiles(workspace, [join(temp.dir, 'photos')]);
    expect(report.added).toHaveLength(0);
    expect(workspace.images.count()).toBe(3);
  });

  it('refuses a photo whose header is whole but whose pixels are cut short (issue 20, bug 4)', async () => {
    const cut = join(temp.dir, 'cut');
    mkdirSync(cut);
    const jpeg = readFileSync(sampleImage(3));
    const png = await sharp(jpeg).png().toBuffer();
    writeFileSync(join(cut, 'half.jpg'), jpeg.subarray(0, Math.floor(jpeg.length * 0.6)));
    writeFileSync(join(cut, 'almost.png'), png.subarray(0, png.length - 64));
    // The header alone reads as a good image: the kind of file that used to be accepted.
    expect((await sharp(join(cut, 'half.jpg')).metadata()).width).toBeGreaterThan(0);
    const report = await importFiles(workspace, [cut]);
    expect(report.added).toHaveLength(0);
    expect(report.failed.map((f) => [f.source.split('/').pop(), f.reason]).sort()).toEqual([
      ['almost.png', 'the image is damaged or cut short: its pixels cannot be read to the end'],
      ['half.jpg', 'the image is damaged or cut short: its pixels cannot be read to the end'],
    ]);
  });

  it('decodes every file that does not end whole, so a file cut short is still refused', async () => {
    const dir = join(temp.dir, 'ends');
    mkdirSync(dir);
    const jpeg = readFileSync(sampleImage(3));
    const png = await sharp(jpeg).resize(64).png().toBuffer();
    // Whole files end in their format's end marker: their pixels need not be decoded at import.
    expect([endsWhole(jpeg, 'jpeg'), endsWhole(png, 'png')]).toEqual([true, true]);
    // Cut a JPEG right before its end marker: its header and almost all its pixels are there.
    const cut = jpeg.subarray(0, jpeg.length - 2);
    expect(endsWhole(cut, 'jpeg')).toBe(false);
    writeFileSync(join(dir, 'no-end.jpg'), cut);
    // A whole JPEG with bytes after its end marker decodes, so it is imported.
    writeFileSync(join(dir, 'trailer.jpg'), Buffer.concat([jpeg, Buffer.from('trailing video bytes')]));
    const report = await importFiles(workspace, [dir]);
    expect(report.failed.map((f) => [f.source.split('/').pop(), f.reason]).sort()).toEqual([
      ['no-end.jpg', 'the image is damaged or cut short: its pixels cannot be read to the end'],
    ]);
    expect(report.added.map((image) => image.source.split('/').pop())).toEqual(['trailer.jpg']);
  });

  it('records every file of an import larger than one transaction, in file order, with progress', async () => {
    const dir = join(temp.dir, 'many');
    mkdirSync(dir);
    const count = 1100;
    for (let index = 0; index < count; index++) {
      const bytes = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#345' } })
        .withExif({ IFD0: { ImageDescription: `photo ${index}` } })
        .jpeg()
        .toBuffer();
      writeFileSync(join(dir, `IMG_${String(index).padStart(4, '0')}.jpg`), bytes);
    }
    const progress: number[] = [];
    const report = await importFiles(workspace, [dir], (p) => progress.push(p.done));
    expect(report.failed).toEqual([]);
    expect(report.added.map((image) => image.source)).toEqual(
      Array.from({ length: count }, (_, index) => join(dir, `IMG_${String(index).padStart(4, '0')}.jpg`)),
    );
    expect(progress.at(-1)).toBe(count);
    expect(progress.length).toBeGreaterThan(count / 16);
  });

  it('reports a path that does not exist', async () => {
    const report = await importFiles(workspace, [join(temp.dir, 'nope')]);
    expect(report.failed).toEqual([{ source: join(temp.dir, 'nope'), reason: 'no such file or folder' }]);
  });

  it('imports URL lists, skipping blanks and comments, refusing other schemes', () => {
    const report = importUrls(workspace, [
      'https://samples.clarifai.com/dog.tiff',
      '',
      '# a comment',
      'file:///etc/passwd',
      'not a url',
      'https://samples.clarifai.com/dog.tiff',
    ]);
    expect(report.added.map((image) => image.source)).toEqual(['https://samples.clarifai.com/dog.tiff']);
    expect(report.duplicates).toHaveLength(1);
    expect(report.failed.map((f) => f.reason)).toEqual([
      'only http and https URLs can be imported, not file:',
      'not a URL',
    ]);
  });
});
