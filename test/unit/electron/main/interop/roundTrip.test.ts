import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importForeignPredictions } from '../../../../../electron/main/interop/interopImporter.ts';
import { importFiles } from '../../../../../electron/main/workspace/imageImporter.ts';
import { exportReviews } from '../../../../../electron/main/workspace/exporter.ts';
import { Workspace } from '../../../../../electron/main/workspace/workspace.ts';
import type { ExportFormat } from '../../../../../shared/exportFormats.ts';
import { regionVerdict, type ReviewedRegion } from '../../../../../shared/review.ts';
import { makeTempDir } from '../../../../support/tempDir.ts';
import { sampleImage } from '../../../../support/seedWorkspace.ts';

/**
 * Round trip per format: a reviewed workspace (accepted, moved, false-positive and drawn
 * regions on two sample photos) is exported, the file imported into a fresh workspace with the
 * same photos, and the boxes (within a pixel), labels and — where the format keeps them — scores
 * and verdicts come back.
 */

const temp = makeTempDir('loupe-roundtrip-');
afterAll(temp.cleanup);

let runs = 0;
function photos(): string {
  runs += 1;
  const folder = join(temp.dir, `photos-${runs}`);
  mkdirSync(folder);
  for (const n of [1, 2] as const) copyFileSync(sampleImage(n), join(folder, `sample${n}.jpg`));
  return folder;
}

async function reviewedWorkspace(): Promise<Workspace> {
  const folder = photos();
  const workspace = new Workspace(join(folder, 'source.sqlite'));
  const { added } = await importFiles(workspace, [folder]);
  for (const image of added) {
    const region = (id: string, label: string, value: number, box: [number, number, number, number]) => ({
      id,
      value,
      region_info: {
        bounding_box: { top_row: box[0], left_col: box[1], bottom_row: box[2], right_col: box[3] },
      },
      data: { concepts: [{ id: label, name: label, value }] },
    });
    const prediction = workspace.predictions.record(image.id, 'face-model', {
      id: `out-${image.id}`,
      status: { code: 10000, description: 'Ok' },
      input: { id: `in-${image.id}` },
      data: {
        regions: [
          region('r1', 'face', 0.9, [0.1, 0.1, 0.3, 0.2]),
          region('r2', 'face', 0.4, [0.5, 0.5, 0.6, 0.6]),
          region('r3', 'logo', 0.75, [0.2, 0.6, 0.4, 0.9]),
        ],
      },
    });
    workspace.reviews.apply(prediction.id, { type: 'confirm', keys: ['r1'] }, 'ana');
    workspace.reviews.apply(prediction.id, { type: 'remove', keys: ['r2'] }, 'ana');
    workspace.reviews.apply(
      prediction.id,
      { type: 'setBox', key: 'r3', box: { top: 0.25, left: 0.62, bottom: 0.45, right: 0.88 } },
      'ana',
    );
    workspace.reviews.apply(
      prediction.id,
      {
        type: 'addRegion',
        key: 'n1',
        box: { top: 0.7, left: 0.7, bottom: 0.8, right: 0.9 },
        concepts: [{ id: 'face', name: 'face', judgement: 'true' }],
      },
      'ana',
    );
  }
  return workspace;
}

interface Seen {
  label: string | undefined;
  box: [number, number, number, number];
  score: number | undefined;
  verdict: string | undefined;
}

/** Every region of every review in the workspace, in pixels of sample1/sample2, by image name. */
function regions(workspace: Workspace): Map<string, Seen[]> {
  const seen = new Map<string, Seen[]>();
  for (const image of workspace.images.list({ limit: 500 })) {
    const name = image.source.split('/').pop()!;
    const list: Seen[] = [];
    for (const prediction of workspace.predictions.forImage(image.id)) {
      for (const region of workspace.reviews.get(prediction.id).state.regions)
        list.push(describe1(region, image));
    }
    seen.set(name, list);
  }
  return seen;
}

function describe1(region: ReviewedRegion, size: { width: number | null; height: number | null }): Seen {
  const w = size.width!;
  const h = size.height!;
  return {
    label: region.concepts.find((concept) => concept.judgement !== 'false')?.name,
    box: [region.box.left * w, region.box.top * h, region.box.right * w, region.box.bottom * h],
    score: region.predictedValue,
    verdict: regionVerdict(region),
  };
}

function expectSameBoxes(actual: Seen[], expected: Seen[]) {
  expect(actual.map((region) => region.label)).toEqual(expected.map((region) => region.label));
  actual.forEach((region, index) => {
    region.box.forEach((value, side) =>
      expect(Math.abs(value - expected[index]!.box[side]!)).toBeLessThan(1),
    );
  });
}

async function exportThenImport(format: ExportFormat) {
  const source = await reviewedWorkspace();
  const original = regions(source);
  const out = join(temp.dir, `export-${runs}-${format}`);
  const exported = exportReviews(source, format, format === 'yolo' || format === 'voc' ? out : `${out}.file`);
  source.close();
  const target = new Workspace(join(temp.dir, `target-${runs}.sqlite`));
  await importFiles(target, [photos()]);
  const report = await importForeignPredictions(target, exported.file, { reviewer: 'ana' });
  return { original, imported: regions(target), report, target, exported };
}

const corrected = (list: Seen[]) => list.filter((region) => region.verdict !== 'false_positive');

describe('round trip: export the reviewed workspace, import into a fresh one', () => {
  it('COCO corrected labels: boxes as reviewed, false positives dropped, scores kept', async () => {
    const { original, imported, report, target } = await exportThenImport('coco');
    expect(report).toMatchObject({
      imagesMatched: 2,
      predictions: 2,
      regions: 6,
      skippedCount: 0,
      warningCount: 0,
    });
    for (const name of ['sample1.jpg', 'sample2.jpg']) {
      expectSameBoxes(imported.get(name)!, corrected(original.get(name)!));
      expect(imported.get(name)!.map((region) => region.score)).toEqual([0.9, 0.75, undefined]);
    }
    target.close();
  });

  it('COCO review log: every verdict, the predicted and corrected boxes, scores', async () => {
    const { original, imported, report, target } = await exportThenImport('coco-log');
    expect(report).toMatchObject({ predictions: 2, regions: 6, verdicts: 8 });
    for (const name of ['sample1.jpg', 'sample2.jpg']) {
      const mine = imported.get(name)!;
      expectSameBoxes(mine, original.get(name)!);
      expect(mine.map((region) => region.verdict)).toEqual(
        original.get(name)!.map((region) => region.verdict),
      );
      expect(mine.map((region) => region.verdict)).toEqual([
        'accurate',
        'false_positive',
        'misplaced',
        'not_detected',
      ]);
      expect(mine.map((region) => region.score)).toEqual([0.9, 0.4, 0.75, undefined]);
    }
    target.close();
  });

  for (const format of ['yolo', 'voc'] as const) {
    it(`${format}: corrected boxes in a folder, false positives dropped, every verdict back from the side file`, async () => {
      const { original, report, target, exported } = await exportThenImport(format);
      expect(exported.files).toBe(format === 'yolo' ? 5 : 3);
      expect(readdirSync(exported.file)).toContain('loupe-review-log.jsonl');
      // The label files hold the corrected boxes alone, false positives dropped.
      const extension = format === 'yolo' ? 'txt' : 'xml';
      const labels = readFileSync(join(exported.file, `sample1.${extension}`), 'utf8');
      expect(format === 'yolo' ? labels.trim().split('\n').length : labels.split('<object>').length - 1).toBe(
        3,
      );
      // The side file says where each verdict's box is: the label file and its line/object.
      const log = readFileSync(join(exported.file, 'loupe-review-log.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map(
          (line) =>
            JSON.parse(line) as {
              image: string;
              verdict: string;
              score: number | null;
              labelFile: string;
              labelIndex: number | null;
            },
        );
      for (const name of ['sample1.jpg', 'sample2.jpg']) {
        const mine = log.filter((line) => line.image.endsWith(`/${name}`));
        expect(mine.map((line) => [line.verdict, line.score, line.labelFile, line.labelIndex])).toEqual(
          original
            .get(name)!
            .map((region, index) => [
              region.verdict,
              region.score ?? null,
              name.replace('.jpg', `.${extension}`),
              [1, null, 2, 3][index],
            ]),
        );
      }
      // Imported: every verdict back, the false positives recreated from the model's boxes.
      expect(report).toMatchObject({
        imagesMatched: 2,
        predictions: 2,
        regions: 6,
        verdicts: 8,
        skippedCount: 0,
        warningCount: 0,
      });
      const imported = regions(target);
      for (const name of ['sample1.jpg', 'sample2.jpg']) {
        const mine = imported.get(name)!;
        expectSameBoxes(mine, original.get(name)!);
        expect(mine.map((region) => [region.verdict, region.score])).toEqual([
          ['accurate', 0.9],
          ['false_positive', 0.4],
          ['misplaced', 0.75],
          ['not_detected', undefined],
        ]);
      }
      target.close();
    });
  }

  it('yolo/voc side file: a malformed one is set aside whole, lines matching nothing are named; both warned', async () => {
    const source = await reviewedWorkspace();
    const out = join(temp.dir, `export-${runs}-yolo-bad-side`);
    exportReviews(source, 'yolo', out);
    source.close();
    const side = join(out, 'loupe-review-log.jsonl');
    const good = readFileSync(side, 'utf8');
    const importInto = async (name: string) => {
      const target = new Workspace(join(temp.dir, `target-${runs}-${name}.sqlite`));
      await importFiles(target, [photos()]);
      const report = await importForeignPredictions(target, out);
      const seen = regions(target);
      target.close();
      return { report, seen };
    };

    // Not JSON on line 3: no verdict at all is read (never half of them), the labels still import.
    const lines = good.trim().split('\n');
    writeFileSync(side, [...lines.slice(0, 2), '{"labelFile": ', ...lines.slice(3)].join('\n'));
    const broken = await importInto('broken');
    expect(broken.report).toMatchObject({ regions: 6, verdicts: 0, warningCount: 1 });
    expect(broken.report.warnings).toEqual([
      {
        where: 'loupe-review-log.jsonl',
        message: 'line 3 is not valid JSON; no verdicts were read from this file',
      },
    ]);
    expect(broken.seen.get('sample1.jpg')!.map((region) => region.verdict)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);

    // A side file without the placement (an older export): named as not Loupe's side file.
    writeFileSync(side, lines.map((line) => line.replace(/"labelFile":"[^"]*",/, '')).join('\n'));
    const old = await importInto('old');
    expect(old.report.warnings[0]!.message).toBe(
      "line 1 is not a line of Loupe's verdicts side file (labelFile is missing or wrong); no verdicts were read from this file",
    );
    expect(old.report.verdicts).toBe(0);

    // Lines naming a label file that is not there, or a box with another label: named, the rest applied.
    const edited = lines.map((line, index) =>
      index === 0
        ? line.replace('"labelFile":"sample1.txt"', '"labelFile":"gone.txt"')
        : index === 2
          ? line.replace('"label":"logo"', '"label":"cat"')
          : line,
    );
    writeFileSync(side, edited.join('\n'));
    const partly = await importInto('partly');
    expect(partly.report.warnings).toEqual([
      {
        where: 'loupe-review-log.jsonl',
        message:
          '2 lines match no box of the label files (line 1 (gone.txt box 1), line 3 (sample1.txt box 2)); their verdicts were not imported',
      },
    ]);
    // sample1: the false positive recreated, the drawn box (a region of the review, so last) back;
    // the boxes of the two lines that matched nothing imported without a verdict.
    expect(partly.seen.get('sample1.jpg')!.map((region) => region.verdict)).toEqual([
      'false_positive',
      undefined,
      undefined,
      'not_detected',
    ]);
    expect(partly.seen.get('sample2.jpg')!.map((region) => region.verdict)).toEqual([
      'accurate',
      'false_positive',
      'misplaced',
      'not_detected',
    ]);
  });

  it('yolo: the exported data.yaml alone names the classes (Ultralytics reads it, not classes.txt)', async () => {
    const source = await reviewedWorkspace();
    const original = regions(source);
    const out = join(temp.dir, `export-${runs}-yolo-yaml`);
    exportReviews(source, 'yolo', out);
    source.close();
    expect(readFileSync(join(out, 'data.yaml'), 'utf8')).toMatch(
      /^names:\n {2}0: face\n {2}1: logo\nnc: 2\n$/m,
    );
    rmSync(join(out, 'classes.txt'));
    const target = new Workspace(join(temp.dir, `target-${runs}-yaml.sqlite`));
    await importFiles(target, [photos()]);
    const report = await importForeignPredictions(target, out);
    expect(report).toMatchObject({ predictions: 2, regions: 6, unknownCategories: [], warningCount: 0 });
    const imported = regions(target);
    for (const name of ['sample1.jpg', 'sample2.jpg'])
      expectSameBoxes(imported.get(name)!, original.get(name)!);
    target.close();
  });

  it('Label Studio corrected labels (annotations)', async () => {
    const { original, imported, report, target } = await exportThenImport('label-studio');
    expect(report).toMatchObject({ models: ['Label Studio annotations'], predictions: 2, regions: 6 });
    for (const name of ['sample1.jpg', 'sample2.jpg']) {
      expectSameBoxes(imported.get(name)!, corrected(original.get(name)!));
      expect(imported.get(name)!.map((region) => region.score)).toEqual([0.9, 0.75, undefined]);
    }
    target.close();
  });

  it('Label Studio review log: predictions with score and verdict meta', async () => {
    const { original, imported, report, target } = await exportThenImport('label-studio-log');
    expect(report).toMatchObject({
      models: ['Label Studio: face-model'],
      predictions: 2,
      regions: 6,
      verdicts: 6,
    });
    for (const name of ['sample1.jpg', 'sample2.jpg']) {
      const predicted = original.get(name)!.filter((region) => region.verdict !== 'not_detected');
      expectSameBoxes(imported.get(name)!, predicted);
      expect(imported.get(name)!.map((region) => [region.verdict, region.score])).toEqual([
        ['accurate', 0.9],
        ['false_positive', 0.4],
        ['misplaced', 0.75],
      ]);
    }
    target.close();
  });

  it('CVAT corrected labels and review log (verdict attributes)', async () => {
    const labels = await exportThenImport('cvat');
    expect(labels.report).toMatchObject({
      models: ['CVAT: Loupe corrected labels'],
      regions: 6,
      skippedCount: 0,
    });
    for (const name of ['sample1.jpg', 'sample2.jpg']) {
      expectSameBoxes(labels.imported.get(name)!, corrected(labels.original.get(name)!));
      expect(labels.imported.get(name)!.map((region) => region.score)).toEqual([0.9, 0.75, undefined]);
    }
    labels.target.close();

    const log = await exportThenImport('cvat-log');
    // The drawn boxes come back as the reviewer's regions, not the model's.
    expect(log.report).toMatchObject({ models: ['CVAT: Loupe review log'], regions: 6, verdicts: 8 });
    for (const name of ['sample1.jpg', 'sample2.jpg']) {
      const mine = log.imported.get(name)!;
      expectSameBoxes(mine, log.original.get(name)!);
      expect(mine.map((region) => [region.verdict, region.score])).toEqual([
        ['accurate', 0.9],
        ['false_positive', 0.4],
        ['misplaced', 0.75],
        ['not_detected', undefined],
      ]);
    }
    log.target.close();
  });
});

describe('round trip: Clarifai JSON', () => {
  it('corrected labels as platform annotations: matched by content hash, scores and verdicts kept', async () => {
    const { original, imported, report, target, exported } = await exportThenImport('clarifai');
    const file = JSON.parse(readFileSync(exported.file, 'utf8')) as {
      annotations: {
        input_id: string;
        data: { regions: { value?: number }[] };
        annotation_info: { source: string; verdict: string; predicted_bounding_box?: unknown };
        worker?: { user: { id: string } };
      }[];
    };
    // The ids Loupe's platform delivery gives: the image's SHA-256 as input id, verdict in annotation_info.
    const hashes = target.db
      .prepare('SELECT content_hash FROM images')
      .all()
      .map((row) => row['content_hash']);
    expect(new Set(file.annotations.map((annotation) => annotation.input_id))).toEqual(new Set(hashes));
    expect(file.annotations.map((annotation) => annotation.annotation_info.verdict)).toEqual([
      'accurate',
      'misplaced',
      'not_detected',
      'accurate',
      'misplaced',
      'not_detected',
    ]);
    expect(file.annotations.every((annotation) => annotation.annotation_info.source === 'loupe')).toBe(true);
    expect(file.annotations[1]!.annotation_info.predicted_bounding_box).toEqual({
      top_row: 0.2,
      left_col: 0.6,
      bottom_row: 0.4,
      right_col: 0.9,
    });
    expect(file.annotations[0]!.worker).toEqual({ user: { id: 'ana' } });
    expect(report).toMatchObject({
      format: 'clarifai',
      // The worker is a person: the file's name stands for the model.
      models: [expect.stringMatching(/^Clarifai: export-\d+-clarifai\.file$/)],
      imagesMatched: 2,
      predictions: 2,
      regions: 4,
      verdicts: 6,
      skippedCount: 0,
      warningCount: 0,
    });
    for (const name of ['sample1.jpg', 'sample2.jpg']) {
      const mine = imported.get(name)!;
      expectSameBoxes(mine, corrected(original.get(name)!));
      expect(mine.map((region) => [region.verdict, region.score])).toEqual([
        ['accurate', 0.9],
        ['misplaced', 0.75],
        ['not_detected', undefined],
      ]);
    }
    target.close();
  });

  it('review log as a v2 predict response: every verdict, the model and its ids, scores', async () => {
    const { original, imported, report, target, exported } = await exportThenImport('clarifai-log');
    const file = JSON.parse(readFileSync(exported.file, 'utf8')) as {
      outputs: {
        id: string;
        model: { id: string };
        input: { id: string; data: { image: { url: string } } };
      }[];
    };
    expect(file.outputs.map((output) => output.model.id)).toEqual(['face-model', 'face-model']);
    expect(file.outputs[0]!.id).toMatch(/^out-\d+$/);
    expect(file.outputs[0]!.input.data.image.url).toMatch(/^file:\/\/\/.*\/sample1\.jpg$/);
    expect(report).toMatchObject({
      format: 'clarifai',
      models: ['face-model'],
      predictions: 2,
      regions: 6,
      verdicts: 8,
      skippedCount: 0,
      warningCount: 0,
    });
    for (const name of ['sample1.jpg', 'sample2.jpg']) {
      const mine = imported.get(name)!;
      expectSameBoxes(mine, original.get(name)!);
      expect(mine.map((region) => [region.verdict, region.score])).toEqual(
        original.get(name)!.map((region) => [region.verdict, region.score]),
      );
      expect(mine.map((region) => region.verdict)).toEqual([
        'accurate',
        'false_positive',
        'misplaced',
        'not_detected',
      ]);
    }
    // The output and input ids come back, so feedback on the imported review names the reviewed output.
    const image = target.images.list({ limit: 10 }).find((entry) => entry.source.endsWith('sample1.jpg'))!;
    const state = target.reviews.get(target.predictions.forImage(image.id)[0]!.id).state;
    expect(state.outputId).toBe(file.outputs[0]!.id);
    expect(state.inputId).toBe(file.outputs[0]!.input.id);
    target.close();
  });
});

describe('bad input', () => {
  it('a file in the wrong format: "this looks like X, not Y", nothing imported', async () => {
    const workspace = new Workspace(join(temp.dir, 'wrong.sqlite'));
    const file = join(temp.dir, 'tasks.json');
    writeFileSync(file, JSON.stringify([{ data: { image: 'a.jpg' }, predictions: [] }]));
    await expect(importForeignPredictions(workspace, file, { format: 'coco' })).rejects.toThrow(
      `${file} looks like Label Studio JSON, not COCO`,
    );
    const results = join(temp.dir, 'results.json');
    writeFileSync(results, JSON.stringify([{ image_id: 1, category_id: 1, bbox: [0, 0, 1, 1], score: 0.5 }]));
    await expect(importForeignPredictions(workspace, results, { format: 'clarifai' })).rejects.toThrow(
      `${results} looks like a COCO results list, not Clarifai`,
    );
    const broken = join(temp.dir, 'broken.json');
    writeFileSync(broken, '{\n  "images": [\n    {"id": 1,}\n  ]\n}');
    await expect(importForeignPredictions(workspace, broken)).rejects.toThrow(
      `${broken} is not valid JSON: `,
    );
    await expect(importForeignPredictions(workspace, broken)).rejects.toThrow(/at line 3, column \d+/);
    expect(workspace.db.prepare('SELECT COUNT(*) AS n FROM predictions').get()!['n']).toBe(0);
    workspace.close();
  });

  it('XML and folders in the wrong format: "this looks like X, not Y", each named in full', async () => {
    const workspace = new Workspace(join(temp.dir, 'wrong-xml.sqlite'));
    const fixtures = fileURLToPath(new URL('../../../../fixtures/interop/', import.meta.url));
    const voc = join(fixtures, 'voc/sample1.xml');
    await expect(importForeignPredictions(workspace, voc, { format: 'cvat' })).rejects.toThrow(
      `${voc} looks like Pascal VOC XML, not CVAT`,
    );
    const cvat = join(fixtures, 'cvat/annotations.xml');
    await expect(importForeignPredictions(workspace, cvat, { format: 'voc' })).rejects.toThrow(
      `${cvat} looks like CVAT for images XML, not Pascal VOC`,
    );
    const yolo = join(fixtures, 'yolo/labels');
    await expect(importForeignPredictions(workspace, yolo, { format: 'voc' })).rejects.toThrow(
      `${yolo} looks like YOLO labels, not Pascal VOC`,
    );
    await expect(
      importForeignPredictions(workspace, join(fixtures, 'voc'), { format: 'yolo' }),
    ).rejects.toThrow(`${join(fixtures, 'voc')} looks like Pascal VOC XML, not YOLO`);
    const coco = join(fixtures, 'coco/instances.json');
    await expect(importForeignPredictions(workspace, coco, { format: 'label-studio' })).rejects.toThrow(
      `${coco} looks like a COCO dataset, not Label Studio`,
    );
    const txt = join(fixtures, 'yolo/labels/sample1.txt');
    await expect(importForeignPredictions(workspace, txt, { format: 'cvat' })).rejects.toThrow(
      `${txt} looks like YOLO labels, not CVAT`,
    );
    // A CVAT file that is not well-formed: the file, the line and the column.
    const broken = join(temp.dir, 'broken-cvat.xml');
    writeFileSync(broken, readFileSync(cvat, 'utf8').replace('</meta>', '</mota>'));
    await expect(importForeignPredictions(workspace, broken)).rejects.toThrow(
      new RegExp(`^${broken} is not well-formed XML \\(\\w+\\) at line \\d+, column \\d+`),
    );
    expect(workspace.db.prepare('SELECT COUNT(*) AS n FROM predictions').get()!['n']).toBe(0);
    workspace.close();
  });

  it('one transaction per file: a failure while recording leaves none of its predictions', async () => {
    const folder = photos();
    const workspace = new Workspace(join(folder, 'atomic.sqlite'));
    await importFiles(workspace, [folder]);
    const file = join(folder, 'coco.json');
    writeFileSync(
      file,
      JSON.stringify({
        images: [
          { id: 1, file_name: 'sample1.jpg' },
          { id: 2, file_name: 'sample2.jpg' },
        ],
        categories: [{ id: 1, name: 'face' }],
        annotations: [
          { image_id: 1, category_id: 1, bbox: [1, 1, 10, 10] },
          { image_id: 2, category_id: 1, bbox: [1, 1, 10, 10] },
        ],
      }),
    );
    // The second image's insert fails (a trigger stands in for a full disk): the first is rolled back.
    workspace.db.exec(`CREATE TEMP TRIGGER fail_second BEFORE INSERT ON predictions
      WHEN (SELECT COUNT(*) FROM predictions) >= 1 BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    await expect(importForeignPredictions(workspace, file)).rejects.toThrow(/disk full/);
    expect(workspace.db.prepare('SELECT COUNT(*) AS n FROM predictions').get()!['n']).toBe(0);
    workspace.db.exec('DROP TRIGGER fail_second');
    expect((await importForeignPredictions(workspace, file)).predictions).toBe(2);
    workspace.close();
  });
});
