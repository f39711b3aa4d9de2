import { copyFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importForeignPredictions } from '../../../../../electron/main/interop/interopImporter.ts';
import { importFiles } from '../../../../../electron/main/workspace/imageImporter.ts';
import { Workspace } from '../../../../../electron/main/workspace/workspace.ts';
import { makeTempDir } from '../../../../support/tempDir.ts';
import { sampleImage } from '../../../../support/seedWorkspace.ts';

/**
 * COCO files are parsed as they are read (docs/interop.md, "Memory"): a generated file of several
 * MB imports whole, with its lists in an awkward order (annotations before images, categories
 * last); a truncated or malformed one names the line and column and imports nothing — neither
 * predictions nor the images it would have brought in. sample1.jpg is 1920×1280, sample2.jpg
 * 1920×1367.
 */

const temp = makeTempDir('loupe-streamed-');
afterAll(temp.cleanup);

const perImage = 20_000;

/** One annotation per line, so a test can point at a line; deterministic boxes and scores. */
function cocoLines(): string[] {
  const annotations: string[] = [];
  for (let n = 0; n < perImage * 2; n++) {
    const imageId = (n % 2) + 1;
    const box = [(n * 7) % 1800, (n * 13) % 1200, 20 + (n % 50), 10 + (n % 40)];
    annotations.push(
      `  {"id": ${n + 1}, "image_id": ${imageId}, "category_id": ${(n % 3) + 1}, "bbox": [${box.join(', ')}], "score": ${((n % 100) / 100).toFixed(2)}},`,
    );
  }
  // An annotation of an image the file never lists: skipped with the reason.
  annotations.push('  {"id": 999999, "image_id": 3, "category_id": 1, "bbox": [1, 1, 5, 5], "score": 0.5}');
  return [
    '{',
    '"info": {"description": "generated for the streaming test"},',
    '"annotations": [',
    ...annotations,
    '],',
    '"images": [',
    '  {"id": 1, "file_name": "sample1.jpg", "width": 1920, "height": 1280},',
    '  {"id": 2, "file_name": "sample2.jpg", "width": 1920, "height": 1367}',
    '],',
    '"categories": [{"id": 1, "name": "person"}, {"id": 2, "name": "car"}, {"id": 3, "name": "dog"}]',
    '}',
  ];
}

let runs = 0;
/** A folder with the two photos, and a workspace that holds them (or, with `empty`, not yet). */
async function setUp(options: { empty?: boolean } = {}) {
  runs += 1;
  const folder = join(temp.dir, `run-${runs}`);
  mkdirSync(folder);
  for (const n of [1, 2] as const) copyFileSync(sampleImage(n), join(folder, `sample${n}.jpg`));
  const workspace = new Workspace(join(folder, 'workspace.sqlite'));
  if (!options.empty) await importFiles(workspace, [folder]);
  return { folder, workspace };
}

const count = (workspace: Workspace, table: string) =>
  Number(workspace.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()!['n']);

/** The triage grid's indexes (migration 008), by name and definition. */
const facetIndexes = (workspace: Workspace) =>
  workspace.db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'region_facets' ORDER BY name`,
    )
    .all()
    .map((row) => `${String(row['name'])}: ${String(row['sql'])}`);

describe('a large COCO file, streamed', () => {
  it('imports every annotation of a multi-MB file whose lists come in any order, with progress', async () => {
    const { folder, workspace } = await setUp();
    const file = join(folder, 'instances.json');
    writeFileSync(file, cocoLines().join('\n'));
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(3_500_000);

    const indexes = facetIndexes(workspace);
    expect(indexes).toHaveLength(8);
    const progress: { done: number; total: number; stage: string }[] = [];
    const report = await importForeignPredictions(workspace, file, {
      onProgress: (event) => progress.push(event),
    });
    expect(report).toMatchObject({
      format: 'coco',
      models: ['COCO: instances.json'],
      images: 2,
      imagesMatched: 2,
      predictions: 2,
      regions: perImage * 2,
      skippedCount: 1,
      skipped: [{ where: `annotations[${perImage * 2}]`, reason: 'image_id 3 is not in "images"' }],
      unknownCategories: [],
    });
    const reading = progress.filter((event) => event.stage === 'reading');
    expect(reading.length).toBeGreaterThan(1);
    expect(reading.at(-1)).toEqual({ done: size, total: size, stage: 'reading' });
    expect(reading.map((event) => event.done)).toEqual(
      [...reading.map((event) => event.done)].sort((a, b) => a - b),
    );

    // The 1001st annotation (n = 1000, image 1): category 2, box [1600, 1000, 20, 10].
    const image = workspace.images.list({ limit: 10 }).find((entry) => entry.source.endsWith('sample1.jpg'))!;
    const prediction = workspace.predictions.forImage(image.id)[0]!;
    const regions = workspace.reviews.get(prediction.id).state.regions;
    expect(regions).toHaveLength(perImage);
    const region = regions.find((entry) => entry.key === '1001')!;
    expect(region.concepts[0]?.name).toBe('car');
    expect(region.predictedValue).toBe(0);
    expect(region.box.left * 1920).toBeCloseTo(1600, 6);
    expect(region.box.top * 1280).toBeCloseTo(1000, 6);
    expect((region.box.right - region.box.left) * 1920).toBeCloseTo(20, 6);
    expect((region.box.bottom - region.box.top) * 1280).toBeCloseTo(10, 6);

    // 40,000 regions into a workspace with none: the grid's indexes were built once at the end
    // (regionFacetRepo.ts), the same ones, holding every region, and the grid pages by them.
    expect(facetIndexes(workspace)).toEqual(indexes);
    expect(count(workspace, 'region_facets')).toBe(perImage * 2);
    expect(workspace.db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    const plan = workspace.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT key FROM region_facets WHERE concept = 'car'
         ORDER BY (confidence IS NULL), confidence DESC, image_id, prediction_id, position LIMIT 50`,
      )
      .all()
      .map((row) => String(row['detail']));
    expect(plan.join('\n')).toContain('region_facets_concept_desc');
    const top = workspace.db
      .prepare(
        `SELECT confidence FROM region_facets WHERE concept = 'car'
         ORDER BY (confidence IS NULL), confidence DESC, image_id, prediction_id, position LIMIT 1`,
      )
      .get();
    expect(top).toEqual({ confidence: 0.99 });
    workspace.close();
  });

  it('a failure while recording the last region of a large file: the whole file rolled back', async () => {
    const { folder, workspace } = await setUp();
    const file = join(folder, 'instances.json');
    writeFileSync(file, cocoLines().join('\n'));
    // The very last region of the second image fails to insert (a trigger stands in for a full
    // disk): the first image's prediction and its 20,000 regions, already written, must go too.
    workspace.db.exec(`CREATE TEMP TRIGGER fail_last BEFORE INSERT ON review_regions
      WHEN (SELECT COUNT(*) FROM review_regions) >= ${perImage * 2 - 1} BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const indexes = facetIndexes(workspace);
    await expect(importForeignPredictions(workspace, file)).rejects.toThrow(/disk full/);
    expect(count(workspace, 'predictions')).toBe(0);
    expect(count(workspace, 'reviews')).toBe(0);
    expect(count(workspace, 'review_regions')).toBe(0);
    // The grid's indexes, dropped for the bulk write, came back with the rollback.
    expect(facetIndexes(workspace)).toEqual(indexes);
    expect(count(workspace, 'region_facets')).toBe(0);
    workspace.db.exec('DROP TRIGGER fail_last');
    const report = await importForeignPredictions(workspace, file);
    expect(report).toMatchObject({ predictions: 2, regions: perImage * 2, alreadyImported: 0 });
    expect(count(workspace, 'review_regions')).toBe(perImage * 2);
    workspace.close();
  });

  it('a results list whose class-names file is a whole COCO dataset past 16 MiB: streamed, its names and images used', async () => {
    const { folder, workspace } = await setUp();
    const dataset = join(folder, 'instances_val.json');
    const annotation = (n: number) =>
      `{"id": ${n + 1}, "image_id": ${(n % 2) + 1}, "category_id": 1, "bbox": [${n % 1000}, 10, 30, 20], "area": 600, "iscrowd": 0}`;
    const lines = Array.from({ length: 180_000 }, (_, n) => annotation(n));
    writeFileSync(
      dataset,
      `{"annotations": [\n${lines.join(',\n')}\n],\n"images": [{"id": 1, "file_name": "sample1.jpg", "width": 1920, "height": 1280}, {"id": 2, "file_name": "sample2.jpg", "width": 1920, "height": 1367}],\n"categories": [{"id": 1, "name": "person"}, {"id": 2, "name": "car"}]}`,
    );
    expect(statSync(dataset).size).toBeGreaterThan(16 * 1024 * 1024);
    const results = join(folder, 'detections.json');
    writeFileSync(
      results,
      JSON.stringify([{ image_id: 2, category_id: 2, bbox: [100, 100, 50, 40], score: 0.9 }]),
    );
    const report = await importForeignPredictions(workspace, results, { classes: dataset });
    expect(report).toMatchObject({ format: 'coco', imagesMatched: 1, regions: 1, unknownCategories: [] });
    const image = workspace.images.list({ limit: 10 }).find((entry) => entry.source.endsWith('sample2.jpg'))!;
    const prediction = workspace.predictions.forImage(image.id)[0]!;
    expect(workspace.reviews.get(prediction.id).state.regions[0]?.concepts[0]?.name).toBe('car');
    workspace.close();
  });

  it('a truncated file: "ends before the JSON is complete" at its last line, nothing imported', async () => {
    const { folder, workspace } = await setUp({ empty: true });
    const lines = cocoLines();
    const file = join(folder, 'truncated.json');
    // Cut inside the images list: the annotations before it were read, and must not land.
    const cut = lines.findIndex((line) => line.includes('"file_name": "sample1.jpg"'));
    const kept = [...lines.slice(0, cut), lines[cut]!.slice(0, 20)];
    writeFileSync(file, kept.join('\n'));
    await expect(importForeignPredictions(workspace, file)).rejects.toThrow(
      `${file} is not valid JSON: the file ends before the JSON is complete at line ${kept.length}, column 21`,
    );
    expect(count(workspace, 'images')).toBe(0);
    expect(count(workspace, 'predictions')).toBe(0);
    workspace.close();
  });

  it('a malformed entry deep in the file: the line and column of the fault, nothing imported', async () => {
    const { folder, workspace } = await setUp();
    const lines = cocoLines();
    const bad = 20_003;
    const original = lines[bad]!;
    lines[bad] = original.replace('"score": ', '"score": .');
    const file = join(folder, 'malformed.json');
    writeFileSync(file, lines.join('\n'));
    const column = original.indexOf('"score": ') + '"score": '.length + 1;
    await expect(importForeignPredictions(workspace, file)).rejects.toThrow(
      `${file} is not valid JSON: unexpected character where a value should start at line ${bad + 1}, column ${column}`,
    );
    expect(count(workspace, 'predictions')).toBe(0);

    // A grammar fault (a comma before a closing brace) is placed the same way.
    lines[bad] = original.replace('}', ',}');
    writeFileSync(file, lines.join('\n'));
    await expect(importForeignPredictions(workspace, file)).rejects.toThrow(
      `at line ${bad + 1}, column ${original.indexOf('}') + 2}`,
    );
    expect(count(workspace, 'predictions')).toBe(0);
    workspace.close();
  });
});
