import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureSampleSet, samplePhotos } from '../../../../../electron/localApi/samples/sampleSet.ts';
import { makeTempDir } from '../../../../support/tempDir.ts';

const temp = makeTempDir();
afterAll(temp.cleanup);

describe('first-run sample set', () => {
  it("lists face-api's six group photos from wherever the package is installed", () => {
    const photos = samplePhotos();
    expect(photos.map((photo) => photo.split(/[/\\]/).slice(-4).join('/'))).toEqual(
      [1, 2, 3, 4, 5, 6].map((index) => `@vladmandic/face-api/demo/sample${index}.jpg`),
    );
    for (const photo of photos) expect(existsSync(photo)).toBe(true);
  });

  it('generates the logo set into the data folder once, then reuses it', async () => {
    const dataDir = join(temp.dir, 'data');
    const set = await ensureSampleSet(dataDir);
    expect(set.photos).toEqual(samplePhotos());
    expect(set.logos).toHaveLength(12);
    expect(set.logoManifest).toBe(join(dataDir, 'samples', 'logos', 'manifest.json'));
    for (const logo of set.logos) expect(logo.startsWith(join(dataDir, 'samples', 'logos'))).toBe(true);

    const written = statSync(set.logoManifest).mtimeMs;
    expect(await ensureSampleSet(dataDir)).toEqual(set);
    expect(statSync(set.logoManifest).mtimeMs).toBe(written);
  });

  it('generates the logo set again when it was damaged', async () => {
    const dataDir = join(temp.dir, 'damaged');
    const set = await ensureSampleSet(dataDir);
    rmSync(set.logos[0] ?? '');
    writeFileSync(set.logos[1] ?? '', 'overwritten');
    const repaired = await ensureSampleSet(dataDir);
    expect(repaired).toEqual(set);
    expect(existsSync(set.logos[0] ?? '')).toBe(true);
    expect(statSync(set.logos[1] ?? '').size).toBeGreaterThan(1000);
  });

  it('lets two first runs race without leaving a broken set', async () => {
    const dataDir = join(temp.dir, 'race');
    const [a, b] = await Promise.all([ensureSampleSet(dataDir), ensureSampleSet(dataDir)]);
    expect(a).toEqual(b);
    expect(await ensureSampleSet(dataDir)).toEqual(a);
  });
});
