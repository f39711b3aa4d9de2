import { copyFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importForeignPredictions } from '../../../../../electron/main/interop/interopImporter.ts';
import { importFiles } from '../../../../../electron/main/workspace/imageImporter.ts';
import { Workspace } from '../../../../../electron/main/workspace/workspace.ts';
import { makeTempDir } from '../../../../support/tempDir.ts';
import { sampleImage } from '../../../../support/seedWorkspace.ts';

/**
 * The hand-written fixtures of test/fixtures/interop (from each format's public documentation),
 * each imported with the counts its awkward cases should give. sample1.jpg is 1920×1280,
 * sample2.jpg 1920×1367.
 */

const fixtures = fileURLToPath(new URL('../../../../fixtures/interop/', import.meta.url));
const temp = makeTempDir('loupe-interop-');
afterAll(temp.cleanup);

let runs = 0;
/** A fresh workspace holding sample1.jpg and sample2.jpg (or the names given). */
async function workspaceWith(names: readonly string[] = ['sample1.jpg', 'sample2.jpg']) {
  runs += 1;
  const folder = join(temp.dir, `run-${runs}`);
  mkdirSync(folder);
  const paths = names.map((name, index) => {
    const path = join(folder, name);
    copyFileSync(sampleImage(index === 0 ? 1 : 2), path);
    return path;
  });
  const workspace = new Workspace(join(folder, 'workspace.sqlite'));
  await importFiles(workspace, paths);
  return { workspace, folder };
}

/** The regions of an image's prediction by a model, in pixels of the image (rounded to 0.01). */
function regionsOf(workspace: Workspace, name: string, model: string) {
  const image = workspace.images.list({ limit: 500 }).find((entry) => entry.source.endsWith(`/${name}`))!;
  const prediction = workspace.predictions.forImage(image.id).find((entry) => entry.modelId === model);
  if (!prediction) return undefined;
  const round = (value: number) => Math.round(value * 100) / 100;
  return workspace.reviews.get(prediction.id).state.regions.map((region) => ({
    label: region.concepts[0]?.name,
    score: region.predictedValue,
    x: round(region.box.left * image.width!),
    y: round(region.box.top * image.height!),
    w: round((region.box.right - region.box.left) * image.width!),
    h: round((region.box.bottom - region.box.top) * image.height!),
  }));
}

describe('COCO', () => {
  it('a dataset without area or iscrowd: clamped, skipped, unknown and unmatched all reported', async () => {
    const { workspace } = await workspaceWith();
    const report = await importForeignPredictions(workspace, join(fixtures, 'coco/instances.json'));
    expect(report).toMatchObject({
      format: 'coco',
      models: ['COCO: instances.json'],
      images: 3,
      imagesMatched: 2,
      unmatchedImages: ['not-here.jpg'],
      unmatchedCount: 1,
      predictions: 2,
      regions: 4,
      unknownCategories: ['77'],
      notes: [{ note: 'crowd annotations (iscrowd: 1) imported as boxes', count: 1 }],
    });
    expect(report.skipped).toEqual([
      { where: 'annotations[3]', reason: 'no bbox (segmentation-only annotations are not boxes)' },
      { where: 'annotations[6]', reason: 'image_id 9 is not in "images"' },
      { where: 'images[0] region 103', reason: 'the box lies wholly outside the image' },
    ]);
    expect(report.warnings).toEqual([
      {
        where: 'images[0] region 102',
        message: 'the box reaches 80 px outside the image; clamped to its edge',
      },
    ]);
    expect(regionsOf(workspace, 'sample1.jpg', 'COCO: instances.json')).toEqual([
      { label: 'person', score: 0.91, x: 100, y: 200, w: 300, h: 400 },
      { label: 'dog', score: undefined, x: 1800, y: 100, w: 120, h: 100 },
    ]);
    expect(regionsOf(workspace, 'sample2.jpg', 'COCO: instances.json')).toEqual([
      { label: 'person', score: undefined, x: 10.5, y: 20.25, w: 500, h: 600 },
      { label: '77', score: 0.3, x: 700, y: 700, w: 100, h: 100 },
    ]);
    workspace.close();
  });

  it('a results list: images by id (000000000042.jpg is image 42), categories from the dataset file', async () => {
    const { workspace } = await workspaceWith(['000000000042.jpg', '000000000073.jpg']);
    const report = await importForeignPredictions(workspace, join(fixtures, 'coco/results.json'), {
      classes: join(fixtures, 'coco/categories.json'),
      modelName: 'detr on val2017',
    });
    expect(report).toMatchObject({
      models: ['detr on val2017'],
      images: 3,
      imagesMatched: 2,
      unmatchedImages: ['id 999'],
      predictions: 2,
      regions: 3,
      unknownCategories: [],
      skippedCount: 0,
    });
    expect(regionsOf(workspace, '000000000042.jpg', 'detr on val2017')).toEqual([
      { label: 'person', score: 0.236, x: 258.15, y: 41.29, w: 348.26, h: 243.78 },
      { label: 'dog', score: 0.981, x: 61, y: 22.75, w: 504, h: 609.67 },
    ]);
    workspace.close();
  });

  it("a results list beside its dataset file: image ids matched by the dataset's file names", async () => {
    const { workspace } = await workspaceWith(['kitchen.jpg', 'park.jpg']);
    const report = await importForeignPredictions(workspace, join(fixtures, 'coco/results.json'), {
      classes: join(fixtures, 'coco/val-subset.json'),
    });
    expect(report).toMatchObject({
      imagesMatched: 2,
      unmatchedImages: ['id 999'],
      predictions: 2,
      regions: 3,
      unknownCategories: [],
    });
    expect(regionsOf(workspace, 'kitchen.jpg', 'COCO: results.json')?.map((region) => region.label)).toEqual([
      'person',
      'dog',
    ]);
    expect(regionsOf(workspace, 'park.jpg', 'COCO: results.json')).toEqual([
      { label: 'person', score: 0.5, x: 0, y: 0, w: 1920, h: 1367 },
    ]);
    workspace.close();
  });

  it('without the categories a results list labels regions by category id and lists them as unknown', async () => {
    const { workspace } = await workspaceWith(['000000000042.jpg', '000000000073.jpg']);
    const report = await importForeignPredictions(workspace, join(fixtures, 'coco/results.json'));
    expect(report.unknownCategories).toEqual(['1', '18']);
    expect(report.models).toEqual(['COCO: results.json']);
    workspace.close();
  });
});

describe('YOLO', () => {
  it('a labels folder with classes.txt: five columns, an unknown class, a segment line, an empty file', async () => {
    const { workspace } = await workspaceWith();
    const report = await importForeignPredictions(workspace, join(fixtures, 'yolo/labels'), {
      modelName: 'yolo labels',
    });
    expect(report).toMatchObject({
      format: 'yolo',
      images: 2,
      imagesMatched: 2,
      predictions: 2,
      regions: 3,
      unknownCategories: ['5'],
      skipped: [
        {
          where: 'sample1.txt line 4',
          reason: '7 columns; a box is class x y w h [confidence] (segments are not boxes)',
        },
      ],
    });
    expect(regionsOf(workspace, 'sample1.jpg', 'yolo labels')).toEqual([
      { label: 'person', score: undefined, x: 100, y: 200, w: 300, h: 400 },
      { label: 'dog', score: undefined, x: 720, y: 480, w: 480, h: 320 },
      { label: '5', score: undefined, x: 1680, y: 96, w: 96, h: 64 },
    ]);
    expect(regionsOf(workspace, 'sample2.jpg', 'yolo labels')).toEqual([]);
    workspace.close();
  });

  it('predictions with a confidence column; a confidence above 1 is skipped, a box past the edge clamped', async () => {
    const { workspace } = await workspaceWith();
    const report = await importForeignPredictions(workspace, join(fixtures, 'yolo/predictions'), {
      format: 'yolo',
    });
    expect(report).toMatchObject({
      models: ['YOLO: predictions'],
      predictions: 2,
      regions: 3,
      skipped: [{ where: 'sample1.txt line 3', reason: 'the confidence is not between 0 and 1' }],
      warnings: [
        {
          where: 'sample2.txt region sample2-1',
          message: 'the box reaches 96 px outside the image; clamped to its edge',
        },
      ],
    });
    expect(regionsOf(workspace, 'sample1.jpg', 'YOLO: predictions')?.map((region) => region.score)).toEqual([
      0.87, 0.42,
    ]);
    expect(regionsOf(workspace, 'sample2.jpg', 'YOLO: predictions')).toEqual([
      { label: 'person', score: 0.66, x: 1632, y: 546.8, w: 288, h: 273.4 },
    ]);
    workspace.close();
  });
});

describe('YOLO data.yaml (Ultralytics)', () => {
  it("an Ultralytics dataset: labels/train read with the names map of the dataset root's data.yaml", async () => {
    const { workspace } = await workspaceWith();
    const report = await importForeignPredictions(workspace, join(fixtures, 'yolo/ultralytics/labels/train'));
    expect(report).toMatchObject({
      format: 'yolo',
      models: ['YOLO: train'],
      imagesMatched: 2,
      predictions: 2,
      regions: 4,
      unknownCategories: ['7'],
      skippedCount: 0,
    });
    expect(regionsOf(workspace, 'sample1.jpg', 'YOLO: train')).toEqual([
      { label: 'face', score: undefined, x: 288, y: 288, w: 192, h: 192 },
      { label: 'person', score: undefined, x: 720, y: 320, w: 480, h: 640 },
      { label: '7', score: undefined, x: 1680, y: 1120, w: 96, h: 64 },
    ]);
    expect(regionsOf(workspace, 'sample2.jpg', 'YOLO: train')).toEqual([
      { label: 'bicycle', score: 0.8, x: 480, y: 341.75, w: 960, h: 683.5 },
    ]);
    workspace.close();
  });

  it("names as a list (with nc), given as the classes file, win over the folder's classes.txt", async () => {
    const { workspace } = await workspaceWith();
    await importForeignPredictions(workspace, join(fixtures, 'yolo/labels'), {
      modelName: 'listed',
      classes: join(fixtures, 'yolo/names-list.yaml'),
    });
    expect(regionsOf(workspace, 'sample1.jpg', 'listed')?.map((region) => region.label)).toEqual([
      'human',
      'dog',
      '5',
    ]);
    workspace.close();
  });

  it('a broken data.yaml: the line and column, never its text; names missing or at odds with nc', async () => {
    const { workspace, folder } = await workspaceWith();
    const labels = join(folder, 'labels');
    cpSync(join(fixtures, 'yolo/labels/sample1.txt'), join(labels, 'sample1.txt'), { recursive: true });
    const yaml = join(folder, 'data.yaml');
    writeFileSync(yaml, 'path: secret-dataset\nnames: [person, dog\n');
    await expect(importForeignPredictions(workspace, labels)).rejects.toThrow(
      new RegExp(`^${yaml} is not valid YAML at line \\d+, column \\d+$`),
    );
    await expect(importForeignPredictions(workspace, labels)).rejects.not.toThrow(/secret/);
    writeFileSync(yaml, 'nc: 3\nnames: [person, dog]\n');
    await expect(importForeignPredictions(workspace, labels)).rejects.toThrow(
      `${yaml} says "nc: 3" but "names" has 2 classes`,
    );
    writeFileSync(yaml, 'path: .\ntrain: images\n');
    await expect(importForeignPredictions(workspace, labels)).rejects.toThrow(
      `${yaml} has no "names" (a list of class names, or a map of class index to name)`,
    );
    expect(workspace.db.prepare('SELECT COUNT(*) AS n FROM predictions').get()!['n']).toBe(0);
    workspace.close();
  });
});

describe('Pascal VOC', () => {
  it('a folder of XML: difficult and truncated counted, 1-based corners, an object without a box skipped', async () => {
    const { workspace } = await workspaceWith();
    const report = await importForeignPredictions(workspace, join(fixtures, 'voc'));
    expect(report).toMatchObject({
      format: 'voc',
      models: ['Pascal VOC: voc'],
      images: 2,
      imagesMatched: 2,
      predictions: 2,
      regions: 3,
      skipped: [{ where: 'sample1.xml object 3', reason: 'no <bndbox> with xmin, ymin, xmax and ymax' }],
      notes: [
        { note: 'objects marked difficult', count: 2 },
        { note: 'objects marked truncated', count: 1 },
      ],
    });
    expect(regionsOf(workspace, 'sample1.jpg', 'Pascal VOC: voc')).toEqual([
      { label: 'person', score: undefined, x: 100, y: 200, w: 300, h: 400 },
      { label: 'person', score: undefined, x: 1800, y: 0, w: 120, h: 300 },
    ]);
    workspace.close();
  });

  it('one file, and a file that is not well-formed named with its line and column', async () => {
    const { workspace, folder } = await workspaceWith();
    const report = await importForeignPredictions(workspace, join(fixtures, 'voc/sample2.xml'));
    expect(report).toMatchObject({
      images: 1,
      regions: 1,
      notes: [{ note: 'objects marked difficult', count: 1 }],
    });
    const broken = join(folder, 'broken.xml');
    cpSync(join(fixtures, 'voc/sample2.xml'), broken);
    const { writeFileSync, readFileSync } = await import('node:fs');
    writeFileSync(broken, readFileSync(broken, 'utf8').replace('</size>', '</sise>'));
    await expect(importForeignPredictions(workspace, broken)).rejects.toThrow(
      `${broken} is not well-formed XML (InvalidTag) at line 5, column`,
    );
    workspace.close();
  });
});

describe('Label Studio', () => {
  it('several predictions per task become several models; scores per region, else per prediction', async () => {
    const { workspace } = await workspaceWith();
    const report = await importForeignPredictions(workspace, join(fixtures, 'label-studio/tasks.json'));
    expect(report).toMatchObject({
      format: 'label-studio',
      models: ['Label Studio: yolov8n-2026-11', 'Label Studio: detr-resnet50'],
      images: 3,
      imagesMatched: 2,
      unmatchedImages: ['elsewhere.jpg'],
      predictions: 3,
      regions: 4,
      skipped: [
        { where: 'task 1 prediction 1 result 3', reason: 'a rotated box (Loupe boxes are upright)' },
        { where: 'task 1 prediction 2 result 2', reason: 'a polygonlabels result is not a box' },
      ],
    });
    expect(regionsOf(workspace, 'sample1.jpg', 'Label Studio: yolov8n-2026-11')).toEqual([
      { label: 'Person', score: 0.87, x: 100, y: 200, w: 300, h: 400 },
      { label: 'Dog', score: 0.5, x: 960, y: 640, w: 192, h: 128 },
    ]);
    expect(regionsOf(workspace, 'sample1.jpg', 'Label Studio: detr-resnet50')).toEqual([
      { label: 'Person', score: 0.93, x: 96, y: 192, w: 307.2, h: 409.6 },
    ]);
    expect(regionsOf(workspace, 'sample2.jpg', 'Label Studio: yolov8n-2026-11')).toEqual([
      { label: 'Person', score: 0.61, x: 1536, y: 956.9, w: 384, h: 273.4 },
    ]);
    workspace.close();
  });
});

describe('CVAT for images 1.1', () => {
  it('attributes (score), occluded, a polygon and a rotated box skipped, a label not in meta listed', async () => {
    const { workspace } = await workspaceWith();
    const report = await importForeignPredictions(workspace, join(fixtures, 'cvat/annotations.xml'));
    expect(report).toMatchObject({
      format: 'cvat',
      models: ['CVAT: street faces'],
      images: 2,
      imagesMatched: 2,
      predictions: 2,
      regions: 3,
      unknownCategories: ['cat'],
      notes: [{ note: 'occluded boxes', count: 1 }],
      skipped: [
        { where: 'sample1.jpg <polygon>', reason: 'a polygon is not a box' },
        { where: 'sample1.jpg box 3', reason: 'a rotated box (Loupe boxes are upright)' },
      ],
    });
    expect(regionsOf(workspace, 'sample1.jpg', 'CVAT: street faces')).toEqual([
      { label: 'person', score: 0.88, x: 100, y: 200, w: 300, h: 400 },
      { label: 'person', score: undefined, x: 1500.5, y: 300.25, w: 200.25, h: 399.75 },
    ]);
    workspace.close();
  });
});

describe('Clarifai JSON', () => {
  it('v2 outputs: the model id kept for feedback, the output and input ids kept, a missing edge read as 0', async () => {
    const { workspace } = await workspaceWith();
    const report = await importForeignPredictions(workspace, join(fixtures, 'clarifai/outputs.json'));
    expect(report).toMatchObject({
      format: 'clarifai',
      models: ['a403429f2ddf4b49b307e318f00e528b', 'aaa03c23b3724a16a56b629203edc62c'],
      imagesMatched: 2,
      predictions: 2,
      regions: 2,
    });
    const image = workspace.images.list().find((entry) => entry.source.endsWith('/sample1.jpg'))!;
    const prediction = workspace.predictions.forImage(image.id)[0]!;
    expect(prediction).toMatchObject({
      outputId: 'ea68cac87c304b28a8046557062f34a0',
      inputId: 'f0c1e5c6b8d54c0f9b3a2d1e4f5a6b7c',
    });
    expect(regionsOf(workspace, 'sample1.jpg', 'a403429f2ddf4b49b307e318f00e528b')).toEqual([
      { label: 'face', score: 0.995, x: 384, y: 128, w: 288, h: 384 },
      { label: 'face', score: 0.61, x: 0, y: 0, w: 192, h: 256 },
    ]);
    workspace.close();
  });

  it('platform annotations name their input by id: one no workspace image has is counted unmatched', async () => {
    const { workspace } = await workspaceWith();
    const report = await importForeignPredictions(workspace, join(fixtures, 'clarifai/annotations.json'));
    expect(report).toMatchObject({
      images: 1,
      imagesMatched: 0,
      unmatchedImages: ['id sample-input-1'],
      predictions: 0,
    });
    workspace.close();
  });
});
