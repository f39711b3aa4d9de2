import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importForeignPredictions } from '../../../../../electron/main/interop/interopImporter.ts';
import { exportReviews } from '../../../../../electron/main/workspace/exporter.ts';
import { importFiles, importUrls } from '../../../../../electron/main/workspace/imageImporter.ts';
import { readMedia } from '../../../../../electron/main/media/mediaService.ts';
import { Workspace } from '../../../../../electron/main/workspace/workspace.ts';
import { regionVerdict } from '../../../../../shared/review.ts';
import { validateCoco } from '../../../../support/cocoValidator.ts';
import { makeTempDir } from '../../../../support/tempDir.ts';
import { sampleImage } from '../../../../support/seedWorkspace.ts';

const temp = makeTempDir();
afterAll(temp.cleanup);

let runs = 0;
async function reviewedWorkspace(): Promise<{ workspace: Workspace; folder: string }> {
  runs += 1;
  const folder = join(temp.dir, `photos-${runs}`);
  mkdirSync(folder, { recursive: true });
  for (const n of [1, 2] as const) copyFileSync(sampleImage(n), join(folder, `sample${n}.jpg`));
  const workspace = new Workspace(join(temp.dir, `source-${runs}.sqlite`));
  const { added } = await importFiles(workspace, [folder]);
  for (const image of added) {
    const prediction = workspace.predictions.record(image.id, 'face', {
      id: `out-${image.id}`,
      status: { code: 10000, description: 'Ok' },
      input: { id: `in-${image.id}` },
      data: {
        regions: [
          {
            id: 'r1',
            region_info: { bounding_box: { top_row: 0.1, left_col: 0.1, bottom_row: 0.3, right_col: 0.2 } },
            data: { concepts: [{ id: 'face', name: 'face', value: 0.9 }] },
          },
          {
            id: 'r2',
            region_info: { bounding_box: { top_row: 0.5, left_col: 0.5, bottom_row: 0.6, right_col: 0.6 } },
            data: { concepts: [{ id: 'face', name: 'face', value: 0.4 }] },
          },
        ],
      },
    });
    workspace.reviews.apply(prediction.id, { type: 'confirm', keys: ['r1'] }, 'ana');
    workspace.reviews.apply(prediction.id, { type: 'remove', keys: ['r2'] }, 'ana');
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
  return { workspace, folder };
}

describe('exports', () => {
  it('writes valid COCO in pixels that round-trips through import', async () => {
    const { workspace, folder } = await reviewedWorkspace();
    const file = join(folder, 'reviewed.coco.json');
    expect(exportReviews(workspace, 'coco', file)).toEqual({ file, images: 2, files: 1 });
    const coco = JSON.parse(readFileSync(file, 'utf8')) as {
      annotations: { bbox: number[] }[];
      categories: unknown[];
    };
    expect(validateCoco(coco)).toEqual([]);
    // r1 accepted and n1 drawn: 2 per image; r2 (false positive) is not a box that exists.
    expect(coco.annotations).toHaveLength(4);
    expect(coco.categories).toEqual([{ id: 1, name: 'face' }]);
    const first = workspace.images.list()[0]!;
    expect(coco.annotations[0]!.bbox).toEqual([
      Math.round(first.width! * 0.1 * 100) / 100,
      Math.round(first.height! * 0.1 * 100) / 100,
      Math.round(first.width! * 0.1 * 100) / 100,
      Math.round(first.height! * 0.2 * 100) / 100,
    ]);

    const target = new Workspace(join(temp.dir, 'target.sqlite'));
    const report = await importForeignPredictions(target, file, { modelName: 'reviewed' });
    expect(report.failed).toEqual([]);
    expect(report.imagesAdded).toBe(2);
    const imported = target.predictions.forImage(target.images.list()[0]!.id)[0]!;
    const boxes = target.reviews.get(imported.id).state.regions.map((region) => region.box);
    const original = workspace.reviews
      .get(workspace.predictions.forImage(first.id)[0]!.id)
      .state.regions.filter((region) => regionVerdict(region) !== 'false_positive')
      .map((region) => region.box);
    boxes.forEach((box, index) => {
      for (const side of ['top', 'left', 'bottom', 'right'] as const) {
        expect(Math.abs(box[side] - original[index]![side]) * 2000).toBeLessThan(1);
      }
    });
    target.close();
    workspace.close();
  });

  it('writes the box CSV and the review log', async () => {
    const { workspace, folder } = await reviewedWorkspace();
    exportReviews(workspace, 'csv', join(folder, 'boxes.csv'));
    exportReviews(workspace, 'jsonl', join(folder, 'log.jsonl'));
    const csv = readFileSync(join(folder, 'boxes.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(
      'image_id,file,width,height,output_id,model_id,region,verdict,x,y,w,h,label,confidence',
    );
    expect(csv.slice(1).map((line) => line.split(',')[7])).toEqual([
      'accurate',
      'false_positive',
      'not_detected',
      'accurate',
      'false_positive',
      'not_detected',
    ]);
    const log = readFileSync(join(folder, 'log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(log[0]).toMatchObject({
      verdict: 'accurate',
      reviewer: 'ana',
      concepts: [{ id: 'face', value: true }],
    });
    expect(log[2]).toMatchObject({ verdict: 'not_detected', predictedBox: null });
    workspace.close();
  });

  it('refuses relative paths and missing folders, and COCO names outside the images folder', async () => {
    const { workspace, folder } = await reviewedWorkspace();
    expect(() => exportReviews(workspace, 'coco', 'relative.json')).toThrow(/absolute path/);
    expect(() => exportReviews(workspace, 'coco', join(folder, 'missing', 'x.json'))).toThrow(
      /does not exist/,
    );
    const hostile = join(folder, 'hostile.json');
    writeFileSync(
      hostile,
      JSON.stringify({
        images: [
          { id: 1, file_name: '../../../etc/passwd', width: 10, height: 10 },
          { id: 2, file_name: '/etc/hosts', width: 10, height: 10 },
        ],
        categories: [],
        annotations: [],
      }),
    );
    const report = await importForeignPredictions(workspace, hostile);
    expect(report.failed.map((failure) => failure.reason)).toEqual([
      'the file name points outside the images folder',
      'the file name points outside the images folder',
    ]);
    writeFileSync(join(folder, 'broken.json'), '{"images": [');
    await expect(importForeignPredictions(workspace, join(folder, 'broken.json'))).rejects.toThrow(
      /broken.json is not valid JSON/,
    );
    workspace.close();
  });

  it('imports a saved Clarifai predict response by image URL', async () => {
    const workspace = new Workspace(join(temp.dir, 'clarifai.sqlite'));
    const file = join(temp.dir, 'response.json');
    writeFileSync(
      file,
      JSON.stringify({
        status: { code: 10000, description: 'Ok' },
        outputs: [
          {
            id: 'out-1',
            status: { code: 10000, description: 'Ok' },
            model: { id: 'c443119bf2ed4da98487520d01a0b1e3', name: 'logo' },
            input: { id: 'in-1', data: { image: { url: 'https://example.com/logo-002.jpg' } } },
            data: {
              regions: [
                {
                  id: 'r',
                  region_info: {
                    bounding_box: { top_row: 0.3, left_col: 0.2, bottom_row: 0.7, right_col: 0.8 },
                  },
                  data: { concepts: [{ id: 'ai_TG4GHlnf', name: 'brand', value: 0.9 }] },
                },
              ],
            },
          },
          {
            id: 'out-2',
            status: { code: 10000 },
            input: { id: 'in-2', data: { image: { base64: 'AAAA' } } },
          },
        ],
      }),
    );
    const report = await importForeignPredictions(workspace, file);
    expect(workspace.images.list().map((image) => image.source)).toEqual([
      'https://example.com/logo-002.jpg',
    ]);
    // The second output's image went as base64: nothing names it, so it is counted unmatched.
    expect(report).toMatchObject({ imagesAdded: 1, unmatchedCount: 1, unmatchedImages: ['id in-2'] });
    const prediction = workspace.predictions.forImage(workspace.images.list()[0]!.id)[0]!;
    expect(prediction).toMatchObject({
      modelId: 'c443119bf2ed4da98487520d01a0b1e3',
      outputId: 'out-1',
      inputId: 'in-1',
    });
    expect(workspace.reviews.get(prediction.id).state.regions[0]!.box).toEqual({
      top: 0.3,
      left: 0.2,
      bottom: 0.7,
      right: 0.8,
    });
    workspace.close();
  });

  it('counts a reviewed URL image in the report at once, and exports its boxes once its size is known', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'image/jpeg' });
      response.end(readFileSync(sampleImage(1)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/photo.jpg`;
      const workspace = new Workspace(join(temp.dir, 'url-images.sqlite'));
      const [image] = importUrls(workspace, [url]).added;
      const prediction = workspace.predictions.record(image!.id, 'face', {
        id: 'out-url',
        status: { code: 10000, description: 'Ok' },
        input: { id: 'in-url' },
        data: {
          regions: [
            {
              id: 'r1',
              region_info: { bounding_box: { top_row: 0.1, left_col: 0.1, bottom_row: 0.3, right_col: 0.2 } },
            },
          ],
        },
      });
      workspace.reviews.apply(prediction.id, { type: 'confirm', keys: ['r1'] }, 'ana');
      const report = join(temp.dir, 'url-report.json');
      exportReviews(workspace, 'report-json', report);
      expect(
        (JSON.parse(readFileSync(report, 'utf8')) as { total: { accurate: number } }).total.accurate,
      ).toBe(1);
      // Its size is unknown until its bytes are fetched (to show it): no pixel boxes before that.
      const coco = join(temp.dir, 'url.coco.json');
      expect(exportReviews(workspace, 'coco', coco).images).toBe(0);
      // Served on loopback: fetched only when private URLs are allowed (outgoingUrl.ts).
      await readMedia(workspace, 'image', image!.id, { allowPrivateUrls: true });
      expect(exportReviews(workspace, 'coco', coco, { overwrite: true }).images).toBe(1);
      const exported = JSON.parse(readFileSync(coco, 'utf8')) as {
        images: { width: number; height: number }[];
      };
      expect(exported.images[0]).toMatchObject({ width: 1920, height: 1280 });
      workspace.close();
    } finally {
      server.close();
    }
  });
});
