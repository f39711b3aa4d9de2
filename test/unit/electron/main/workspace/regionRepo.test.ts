import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../../../../electron/main/workspace/workspace.ts';
import type { ReviewedRegion, ReviewState } from '../../../../../shared/review.ts';
import { makeTempDir } from '../../../../support/tempDir.ts';

const temp = makeTempDir();
afterAll(temp.cleanup);

const box = { top: 0.1, left: 0.1, bottom: 0.2, right: 0.2 };
const region = (key: string, value: number, name: string): ReviewedRegion => ({
  key,
  source: 'predicted',
  regionId: `id-${key}`,
  predictedBox: box,
  box,
  confirmed: false,
  removed: false,
  concepts: [{ id: `ai_${name}`, name, predictedValue: value, judgement: 'unsure' }],
});

/** Two images of two models: image 1 (model m) 0.9 face, 0.2 logo; image 2 (model n) 0.5 logo. */
function workspace(): { workspace: Workspace; predictions: number[] } {
  const ws = new Workspace(join(temp.dir, `regions-${Math.random()}.loupe.sqlite`));
  const predictions: number[] = [];
  const images: [string, ReviewedRegion[]][] = [
    ['m', [region('a', 0.9, 'face'), region('b', 0.2, 'logo')]],
    ['n', [region('c', 0.5, 'logo')]],
  ];
  for (const [index, [model, regions]] of images.entries()) {
    const { image } = ws.images.add({
      source: `/photos/image-${index}.jpg`,
      sourceKind: 'file',
      contentHash: `hash-${index}`,
      byteSize: 1,
      width: 100,
      height: 100,
      format: 'jpeg',
      error: null,
    });
    const result = ws.db
      .prepare(
        "INSERT INTO predictions (image_id, model_id, output_id, input_id, status_code, status_description, created_at) VALUES (?, ?, ?, ?, 10000, 'Ok', 'now')",
      )
      .run(image.id, model, `out-${index}`, `in-${index}`);
    const state: ReviewState = {
      outputId: `out-${index}`,
      inputId: `in-${index}`,
      modelId: model,
      imageConcepts: [],
      regions,
    };
    ws.reviews.create(Number(result.lastInsertRowid), state);
    predictions.push(Number(result.lastInsertRowid));
  }
  return { workspace: ws, predictions };
}

describe('the region triage query', () => {
  it('lists predicted regions by confidence, both ways, paged in SQL', () => {
    const { workspace: ws } = workspace();
    const page = ws.regions.list({}, 'confidenceAsc', 0, 2);
    expect(page.total).toBe(3);
    expect(page.items.map((row) => [row.regionKey, row.confidence])).toEqual([
      ['b', 0.2],
      ['c', 0.5],
    ]);
    expect(page.items[0]).toMatchObject({
      imageName: 'image-0.jpg',
      regionId: 'id-b',
      concept: 'logo',
      modelId: 'm',
      verdict: 'unreviewed',
    });
    expect(ws.regions.list({}, 'confidenceAsc', 2, 2).items.map((row) => row.regionKey)).toEqual(['a']);
    expect(ws.regions.list({}, 'confidenceDesc', 0, 10).items.map((row) => row.regionKey)).toEqual([
      'a',
      'c',
      'b',
    ]);
    expect(page.models).toEqual(['m', 'n']);
    ws.close();
  });

  it('filters by concept (without case), model, confidence band and verdict', () => {
    const { workspace: ws, predictions } = workspace();
    const keys = (filter: Parameters<Workspace['regions']['list']>[0]) =>
      ws.regions.list(filter, 'confidenceAsc', 0, 10).items.map((row) => row.regionKey);
    expect(keys({ concept: 'LOGO' })).toEqual(['b', 'c']);
    expect(keys({ modelId: 'n' })).toEqual(['c']);
    expect(keys({ minConfidence: 0.3, maxConfidence: 0.9 })).toEqual(['c', 'a']);
    ws.reviews.apply(predictions[0]!, { type: 'remove', keys: ['b'] }, 'tester');
    ws.reviews.apply(predictions[0]!, { type: 'confirm', keys: ['a'] }, 'tester');
    ws.reviews.apply(
      predictions[1]!,
      { type: 'relabel', region: 'c', concept: { id: 'ai_brand', name: 'Brand' } },
      'tester',
    );
    expect(keys({ verdict: 'false_positive' })).toEqual(['b']);
    expect(keys({ verdict: 'accurate' })).toEqual(['c', 'a']);
    expect(keys({ verdict: 'unreviewed' })).toEqual([]);
    // A relabel is the region's label now.
    expect(keys({ concept: 'brand' })).toEqual(['c']);
    expect(ws.regions.list({ verdict: 'false_positive' }, 'confidenceAsc', 0, 10).total).toBe(1);
    ws.close();
  });

  it('skips a damaged region row rather than failing the page', () => {
    const { workspace: ws, predictions } = workspace();
    ws.db
      .prepare(`UPDATE review_regions SET region = '{not json' WHERE prediction_id = ? AND key = 'b'`)
      .run(predictions[0]!);
    const page = ws.regions.list({}, 'confidenceAsc', 0, 10);
    expect(page.items.map((row) => row.regionKey)).toEqual(['c', 'a']);
    expect(ws.regions.region(predictions[0]!, 'b')).toBeUndefined();
    expect(ws.regions.region(predictions[0]!, 'a')?.region.key).toBe('a');
    ws.close();
  });
});
