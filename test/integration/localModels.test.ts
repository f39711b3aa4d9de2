import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Box } from '../../shared/geometry.ts';
import { ImageDecodeError } from '../../electron/localApi/images/decodeImage.ts';
import { conceptsFromObjects } from '../../electron/localApi/models/generalConcepts.ts';
import { createModelRunner } from '../../electron/localApi/models/modelRunner.ts';
import type { ModelRunner } from '../../electron/localApi/models/modelRunner.ts';
import { samplePhotos } from '../../electron/localApi/samples/sampleSet.ts';

// The real models (face-api SSD MobileNet v1, human CenterNet) on the real sample photos.
const photos = samplePhotos();
const photo = (index: number) => readFileSync(photos[index] ?? '');

/** Measured once on sample1.jpg (face-api 1.7.15, tfjs 4.22 WASM), left to right; ±0.03 tolerated. */
const sample1Faces: Box[] = [
  { top: 0.277, left: 0.216, bottom: 0.464, right: 0.308 },
  { top: 0.329, left: 0.436, bottom: 0.507, right: 0.534 },
  { top: 0.156, left: 0.769, bottom: 0.344, right: 0.875 },
];

function expectBoxesNear(actual: Box[], expected: Box[], tolerance = 0.03): void {
  const byLeft = [...actual].sort((a, b) => a.left - b.left);
  expect(byLeft).toHaveLength(expected.length);
  byLeft.forEach((box, index) => {
    const want = expected[index];
    for (const side of ['top', 'left', 'bottom', 'right'] as const) {
      expect(Math.abs(box[side] - (want?.[side] ?? NaN)), `face ${index} ${side}`).toBeLessThanOrEqual(
        tolerance,
      );
    }
  });
}

let runner: ModelRunner;
beforeAll(() => {
  runner = createModelRunner({ workers: 1 });
});
afterAll(() => runner.close());

describe('local face detection', () => {
  it('finds the three faces of sample1.jpg where they are', async () => {
    const faces = await runner.detectFaces(photo(0));
    expectBoxesNear(
      faces.map((face) => face.box),
      sample1Faces,
    );
    for (const face of faces) expect(face.score).toBeGreaterThan(0.9);
  });

  it('finds 3, 3, 3, 4, 5 and 4 faces in sample1..6.jpg', async () => {
    const counts: number[] = [];
    for (const index of photos.keys()) counts.push((await runner.detectFaces(photo(index))).length);
    expect(counts).toEqual([3, 3, 3, 4, 5, 4]);
  });

  it('gives boxes of the image as seen when the file is stored on its side (EXIF orientation 6)', async () => {
    const stored = await sharp(photo(0))
      .rotate(270)
      .withMetadata({ orientation: 6 })
      .jpeg({ quality: 95 })
      .toBuffer();
    const faces = await runner.detectFaces(stored);
    expectBoxesNear(
      faces.map((face) => face.box),
      sample1Faces,
    );
  });
});

describe('local object detection and general concepts', () => {
  it('sees people in a group photo, as objects and as the image concept coco_person', async () => {
    const objects = await runner.detectObjects(photo(0));
    expect(objects.map((object) => object.label)).toContain('person');
    for (const { box, score } of objects) {
      expect(box.top).toBeLessThan(box.bottom);
      expect(box.left).toBeLessThan(box.right);
      expect(Math.min(box.top, box.left)).toBeGreaterThanOrEqual(0);
      expect(Math.max(box.bottom, box.right)).toBeLessThanOrEqual(1);
      expect(score).toBeGreaterThan(0);
    }
    const concepts = conceptsFromObjects(objects);
    expect(concepts[0]).toMatchObject({ id: 'coco_person', name: 'person' });
  });

  it('answers each image on its own: nothing of an earlier image is reused', async () => {
    const first = await runner.detectObjects(photo(1));
    await runner.detectObjects(photo(2));
    expect(await runner.detectObjects(photo(1))).toEqual(first);
    expect(await runner.detectObjects(photo(2))).not.toEqual(first);
  });
});

describe('bad images', () => {
  const whole = photo(0);
  it.each([
    [
      'corrupt bytes',
      () => Promise.resolve(Buffer.from('definitely not an image'.repeat(50))),
      'unsupported',
    ],
    ['an empty buffer', () => Promise.resolve(new Uint8Array()), 'empty'],
    ['a truncated JPEG', () => Promise.resolve(whole.subarray(0, Math.floor(whole.length * 0.6))), 'corrupt'],
    [
      'a 10000×9000 image',
      () =>
        sharp({ create: { width: 10_000, height: 9_000, channels: 3, background: '#808080' } })
          .jpeg()
          .toBuffer(),
      'too_many_pixels',
    ],
  ] as const)('rejects %s with a clear error, and the models go on working', async (_, make, problem) => {
    const bytes = await make();
    for (const detect of [
      (image: Uint8Array) => runner.detectFaces(image),
      (image: Uint8Array) => runner.detectObjects(image),
    ]) {
      const error: unknown = await detect(bytes).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(ImageDecodeError);
      expect((error as ImageDecodeError).problem).toBe(problem);
    }
    expect(await runner.detectFaces(photo(0))).toHaveLength(3);
  });
});

describe('the model worker in a bundle', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  let out: string;
  beforeAll(() => {
    // Under the project's node_modules, so the bundles resolve packages as dist/ does, out of lint's way.
    const cache = join(root, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    out = mkdtempSync(join(cache, 'loupe-bundle-test-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  // The options of build/bundle.mjs: dist/<entry>/…, dist/workers/modelWorker.mjs beside.
  const bundle = (entry: string, outfile: string, format: 'esm' | 'cjs') =>
    build({
      absWorkingDir: root,
      entryPoints: [entry],
      outfile: join(out, outfile),
      bundle: true,
      platform: 'node',
      target: 'node22',
      format,
      packages: 'external',
      logLevel: 'silent',
    });

  it.each([
    ['an ES module bundle (the loupe CLI)', 'cli/loupe.mjs', 'esm'],
    ['a CommonJS bundle (Electron main)', 'electron/main.cjs', 'cjs'],
  ] as const)('finds dist/workers/modelWorker.mjs from %s', async (_, outfile, format) => {
    await bundle('electron/localApi/models/modelWorker.ts', 'workers/modelWorker.mjs', 'esm');
    await bundle('test/integration/fixtures/countFacesEntry.ts', outfile, format);
    const { stdout } = await promisify(execFile)(process.execPath, [join(out, outfile), photos[0] ?? '']);
    expect(JSON.parse(stdout)).toEqual({ faces: 3 });
  });
});
