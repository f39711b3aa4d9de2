import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iou } from '../../../../../shared/geometry.ts';
import type { Box } from '../../../../../shared/geometry.ts';
import { decodeImage } from '../../../../../electron/localApi/images/decodeImage.ts';
import { logoBrands } from '../../../../../electron/localApi/samples/logoBrands.ts';
import { generateLogoSamples, logoModelId } from '../../../../../electron/localApi/samples/logoSamples.ts';
import {
  loadRecordedPredictions,
  sha256Hex,
} from '../../../../../electron/localApi/samples/recordedPredictions.ts';
import type { RecordedPredictionsFile } from '../../../../../electron/localApi/samples/recordedPredictionsFile.ts';
import { recordedPredictionsFileSchema } from '../../../../../electron/localApi/samples/recordedPredictionsFile.ts';
import { makeTempDir } from '../../../../support/tempDir.ts';

const temp = makeTempDir();
afterAll(temp.cleanup);
const first = join(temp.dir, 'first');
let manifest: RecordedPredictionsFile;
beforeAll(async () => {
  manifest = await generateLogoSamples(first, { seed: 42 });
});

const hashes = (dir: string) =>
  readdirSync(dir)
    .sort()
    .map((file) => [file, sha256Hex(readFileSync(join(dir, file)))]);

const insideImage = (box: Box) =>
  [box.top, box.left, box.bottom, box.right].every((value) => value >= 0 && value <= 1) &&
  box.top < box.bottom &&
  box.left < box.right;

type Outcome = 'right' | 'wrong_brand' | 'shifted' | 'missed';

/** Judges the recording against the truth as a reviewer would, by overlap and brand. */
function judge(file: RecordedPredictionsFile) {
  const outcomes: Outcome[] = [];
  let falsePositives = 0;
  file.images.forEach((image, index) => {
    const regions = file.predictions[index]?.regions ?? [];
    for (const truth of image.truth) {
      const best = regions
        .map((region) => ({ region, overlap: iou(region.box, truth.box) }))
        .sort((a, b) => b.overlap - a.overlap)[0];
      const sameBrand = best?.region.concepts[0]?.name === truth.concept.name;
      if (!best || best.overlap < 0.2) outcomes.push('missed');
      else if (best.overlap >= 0.85) outcomes.push(sameBrand ? 'right' : 'wrong_brand');
      else outcomes.push(sameBrand ? 'shifted' : 'wrong_brand');
    }
    falsePositives += regions.filter((region) =>
      image.truth.every((truth) => iou(region.box, truth.box) === 0),
    ).length;
  });
  const count = (outcome: Outcome) => outcomes.filter((found) => found === outcome).length;
  return {
    right: count('right'),
    wrongBrand: count('wrong_brand'),
    shifted: count('shifted'),
    missed: count('missed'),
    falsePositives,
  };
}

describe('logo sample generator', () => {
  it('writes 12 JPEGs and a manifest that is a valid recorded predictions file for the logo model', () => {
    expect(readdirSync(first).sort()).toEqual([
      ...Array.from({ length: 12 }, (_, index) => `logo-${String(index + 1).padStart(2, '0')}.jpg`),
      'manifest.json',
    ]);
    const written: unknown = JSON.parse(readFileSync(join(first, 'manifest.json'), 'utf8'));
    expect(recordedPredictionsFileSchema.parse(written)).toEqual(manifest);
    expect(manifest.model.id).toBe(logoModelId);
    expect(manifest.images.map((image) => image.file)).toEqual(
      manifest.predictions.map((prediction) => prediction.file),
    );
  });

  it('is deterministic: the same seed gives the same manifest and the same image bytes', async () => {
    const second = join(temp.dir, 'second');
    expect(await generateLogoSamples(second, { seed: 42 })).toEqual(manifest);
    expect(hashes(second)).toEqual(hashes(first));
  });

  it('gives a different set for another seed', async () => {
    const other = await generateLogoSamples(join(temp.dir, 'other'), { seed: 43, count: 3 });
    expect(other.images.map((image) => image.sha256)).not.toEqual(
      manifest.images.slice(0, 3).map((image) => image.sha256),
    );
  });

  it('records each image truthfully: size, bytes, hash, and boxes inside the image with invented brands', async () => {
    const brands = new Set(logoBrands.map((brand) => brand.name));
    for (const image of manifest.images) {
      const bytes = readFileSync(join(first, image.file));
      expect(image.bytes).toBe(bytes.byteLength);
      expect(image.sha256).toBe(sha256Hex(bytes));
      const decoded = await decodeImage(bytes);
      expect([decoded.width, decoded.height]).toEqual([image.width, image.height]);
      expect(image.truth.length).toBeGreaterThanOrEqual(1);
      for (const { box, concept } of image.truth) {
        expect(insideImage(box)).toBe(true);
        expect(brands.has(concept.name)).toBe(true);
        expect(concept.id).toBe(`brand_${concept.name.toLowerCase()}`);
      }
    }
  });

  it('records predictions with every kind of mistake a reviewer must catch', () => {
    const verdicts = judge(manifest);
    expect(verdicts.wrongBrand).toBe(1);
    expect(verdicts.shifted).toBeGreaterThanOrEqual(1);
    expect(verdicts.missed).toBeGreaterThanOrEqual(1);
    expect(verdicts.falsePositives).toBeGreaterThanOrEqual(1);
    // Mostly right, as a usable model is.
    expect(verdicts.right).toBeGreaterThan(verdicts.wrongBrand + verdicts.shifted + verdicts.missed);
  });

  it('keeps predicted boxes inside the image and confidences between 0.3 and 0.99, best first', () => {
    for (const { regions } of manifest.predictions) {
      const values = regions.map((region) => region.concepts[0]?.value ?? NaN);
      expect(values).toEqual([...values].sort((a, b) => b - a));
      for (const region of regions) {
        expect(insideImage(region.box)).toBe(true);
        expect(region.id).toMatch(/^[0-9a-f]{32}$/);
        expect(region.concepts).toHaveLength(1);
      }
      for (const value of values) {
        expect(value).toBeGreaterThanOrEqual(0.3);
        expect(value).toBeLessThanOrEqual(0.99);
      }
    }
  });

  it('stores one image turned on its side with EXIF orientation, its boxes given as seen', async () => {
    const turned = manifest.images[3];
    expect(turned).toBeDefined();
    const bytes = readFileSync(join(first, turned?.file ?? ''));
    const { default: sharp } = await import('sharp');
    const stored = await sharp(bytes).metadata();
    expect(stored.orientation).toBe(6);
    expect([stored.width, stored.height]).toEqual([turned?.height, turned?.width]);
  });

  it('finds a recorded prediction from the image bytes alone', async () => {
    const recorded = await loadRecordedPredictions(join(first, 'manifest.json'));
    for (const [index, image] of manifest.images.entries()) {
      const found = recorded.findByImage(readFileSync(join(first, image.file)));
      expect(found?.file).toBe(join(first, image.file));
      expect(found?.regions).toEqual(manifest.predictions[index]?.regions);
    }
    expect(recorded.findByImage(Buffer.from('some other image'))).toBeUndefined();
    expect(recorded.findBySha256(manifest.images[0]?.sha256.toUpperCase() ?? '')).toBeDefined();
  });
});
