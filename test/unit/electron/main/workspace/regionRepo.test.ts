import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../../../../electron/main/workspace/workspace.ts';
import {
  isCarriedUnconfirmed,
  reviewedRegionSchema,
  type ReviewedRegion,
  type ReviewState,
} from '../../../../../shared/review.ts';
import { triageFacets } from '../../../../../shared/regionTriage.ts';
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

  it('gives no crop for a damaged region row', () => {
    const { workspace: ws, predictions } = workspace();
    ws.db
      .prepare(`UPDATE review_regions SET region = '{not json' WHERE prediction_id = ? AND key = 'b'`)
      .run(predictions[0]!);
    expect(ws.regions.region(predictions[0]!, 'b')).toBeUndefined();
    expect(ws.regions.region(predictions[0]!, 'a')?.region.key).toBe('a');
    ws.close();
  });

  it('keeps the facet table equal to the facets re-derived from the regions, through edits, undo and a second prediction', () => {
    const { workspace: ws, predictions } = workspace();
    const [first, second] = [predictions[0]!, predictions[1]!];
    const check = () => expect(storedFacets(ws)).toEqual(derivedFacets(ws));
    check();
    ws.reviews.apply(first, { type: 'confirm', keys: ['a'] }, 'tester');
    check();
    ws.reviews.apply(first, { type: 'remove', keys: ['b'] }, 'tester');
    check();
    ws.reviews.apply(
      second,
      { type: 'relabel', region: 'c', concept: { id: 'ai_brand', name: 'Brand' } },
      'tester',
    );
    check();
    ws.reviews.undo(first);
    check();
    ws.reviews.redo(first);
    ws.reviews.undo(second);
    check();
    expect(ws.regions.list({}, 'confidenceAsc', 0, 10).progress).toEqual({ triaged: 2, of: 3 });
    expect(ws.regions.list({ verdict: 'unreviewed' }, 'confidenceAsc', 0, 10).progress).toEqual({
      triaged: 2,
      of: 3,
    });
    // A second prediction of image 1 (another model version) gets its own rows.
    const imageId = Number(
      ws.db.prepare('SELECT image_id FROM predictions WHERE id = ?').get(first)?.['image_id'],
    );
    const third = Number(
      ws.db
        .prepare(
          "INSERT INTO predictions (image_id, model_id, model_version_id, output_id, input_id, status_code, status_description, created_at) VALUES (?, 'm', 'v2', 'out-9', 'in-0', 10000, 'Ok', 'now')",
        )
        .run(imageId).lastInsertRowid,
    );
    ws.reviews.create(third, {
      outputId: 'out-9',
      inputId: 'in-0',
      modelId: 'm',
      imageConcepts: [],
      regions: [region('d', 0.7, 'face')],
    });
    check();
    expect(ws.regions.list({}, 'confidenceAsc', 0, 10).total).toBe(4);
    // Removing the prediction takes its rows along.
    ws.db.prepare('DELETE FROM predictions WHERE id = ?').run(third);
    check();
    ws.close();
  });
});

/** The facet table's rows, as stored. */
function storedFacets(ws: Workspace): unknown[] {
  return ws.db
    .prepare(
      'SELECT prediction_id, key, image_id, model_id, position, region_id, concept, confidence, verdict, carried FROM region_facets ORDER BY prediction_id, key',
    )
    .all()
    .map((row) => ({ ...row }));
}

/** The same rows computed afresh from the regions' rows by the shared functions. */
function derivedFacets(ws: Workspace): unknown[] {
  return ws.db
    .prepare(
      `SELECT r.prediction_id, r.key, p.image_id, p.model_id, r.position, r.region FROM review_regions r
       JOIN predictions p ON p.id = r.prediction_id ORDER BY r.prediction_id, r.key`,
    )
    .all()
    .flatMap((row) => {
      const region = reviewedRegionSchema.parse(JSON.parse(String(row['region'])));
      if (region.source !== 'predicted') return [];
      const facets = triageFacets(region);
      return [
        {
          prediction_id: row['prediction_id'],
          key: row['key'],
          image_id: row['image_id'],
          model_id: row['model_id'],
          position: row['position'],
          region_id: region.regionId ?? null,
          concept: facets.concept ?? null,
          confidence: facets.confidence ?? null,
          verdict: facets.verdict,
          carried: isCarriedUnconfirmed(region) ? 1 : 0,
        },
      ];
    });
}
