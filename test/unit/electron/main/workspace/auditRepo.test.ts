import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../../../../electron/main/workspace/workspace.ts';
import type { ReviewedRegion, ReviewState } from '../../../../../shared/review.ts';
import { makeTempDir } from '../../../../support/tempDir.ts';

const temp = makeTempDir();
afterAll(temp.cleanup);

const box = { top: 0.1, left: 0.1, bottom: 0.2, right: 0.2 };
const region = (key: string, value: number, name = 'face'): ReviewedRegion => ({
  key,
  source: 'predicted',
  regionId: key,
  predictedBox: box,
  box,
  confirmed: false,
  removed: false,
  concepts: [{ id: name, name, predictedValue: value, judgement: 'unsure' }],
});

/** A workspace of `images` images with `perImage` predicted regions each, confidences spread over (0, 1). */
function populated(name: string, images: number, perImage: number): Workspace {
  const workspace = new Workspace(join(temp.dir, `${name}.loupe.sqlite`));
  for (let i = 0; i < images; i++) {
    const { image } = workspace.images.add({
      source: `/${name}-${i}.jpg`,
      sourceKind: 'file',
      contentHash: `${name}-${i}`,
      byteSize: 1,
      width: 100,
      height: 100,
      format: 'jpeg',
      error: null,
    });
    const result = workspace.db
      .prepare(
        "INSERT INTO predictions (image_id, model_id, output_id, input_id, status_code, status_description, created_at) VALUES (?, 'm', ?, ?, 10000, 'Ok', 'now')",
      )
      .run(image.id, `out-${i}`, `in-${i}`);
    const state: ReviewState = {
      outputId: `out-${i}`,
      inputId: `in-${i}`,
      modelId: 'm',
      imageConcepts: [],
      regions: Array.from({ length: perImage }, (_, r) =>
        region(`r${r}`, ((i * perImage + r) % 97) / 97 + 0.005, r % 2 ? 'logo' : 'face'),
      ),
    };
    workspace.reviews.create(Number(result.lastInsertRowid), state);
  }
  return workspace;
}

describe('audit by sampling', () => {
  it('draws the same sample for the same seed, a stratified one, over every predicted region', () => {
    const workspace = populated('seeded', 20, 10);
    const first = workspace.audits.start({ targetHalfWidth: 0.05, byConcept: false, seed: 7 });
    const order = (id: number) =>
      workspace.db
        .prepare('SELECT prediction_id, region_key FROM audit_units WHERE audit_id = ? ORDER BY position')
        .all(id)
        .map((row) => `${String(row['prediction_id'])}/${String(row['region_key'])}`);
    const again = workspace.audits.start({ targetHalfWidth: 0.05, byConcept: false, seed: 7 });
    const other = workspace.audits.start({ targetHalfWidth: 0.05, byConcept: false, seed: 8 });
    expect(first.population).toBe(200);
    expect(order(first.id)).toEqual(order(again.id));
    expect(order(other.id)).not.toEqual(order(first.id));
    expect(new Set(order(first.id)).size).toBe(200);
    // Five confidence bands; by concept, each band splits in two.
    expect(first.strata.map((stratum) => stratum.stratum)).toEqual(['0', '1', '2', '3', '4']);
    const byConcept = workspace.audits.start({ targetHalfWidth: 0.05, byConcept: true, seed: 7 });
    expect(byConcept.strata).toHaveLength(10);
    // Only the last started is open.
    expect(workspace.audits.current()).toBe(byConcept.id);
    workspace.close();
  });

  it('walks the sample verdict by verdict, updates the estimate after each and stops at the target', () => {
    const workspace = populated('walk', 30, 10);
    let view = workspace.audits.start({ targetHalfWidth: 0.1, byConcept: false, seed: 3 });
    expect(view).toMatchObject({ drawn: 1, judged: 0, estimate: null, done: false });
    expect(view.remaining).toBeGreaterThan(0);
    const seen = new Set<string>();
    let verdicts = 0;
    while (view.next) {
      const { predictionId, regionKey } = view.next;
      expect(seen.has(`${predictionId}/${regionKey}`)).toBe(false);
      seen.add(`${predictionId}/${regionKey}`);
      expect(view.shownKeys).toContain(regionKey);
      // One region in ten is a false positive: the true precision is 0.9.
      const op =
        verdicts % 10 === 9
          ? { type: 'remove' as const, keys: [regionKey] }
          : { type: 'confirm' as const, keys: [regionKey] };
      workspace.reviews.apply(predictionId, op, 'ana');
      verdicts++;
      const before = view;
      view = workspace.audits.view(view.id);
      expect(view.judged).toBe(verdicts);
      expect(view.drawn).toBe(before.done ? before.drawn : verdicts + (view.done ? 0 : 1));
    }
    expect(view.done).toBe(true);
    expect(view.remaining).toBe(0);
    expect(view.halfWidth).toBeLessThanOrEqual(0.1);
    expect(view.estimate).toBeGreaterThan(view.low!);
    expect(view.low).toBeLessThanOrEqual(0.9);
    expect(view.high).toBeGreaterThanOrEqual(0.9);
    // Far fewer verdicts than regions.
    expect(verdicts).toBeLessThan(300 / 2);
    workspace.close();
  });

  it('takes an undone verdict back: that region is the next to review again', () => {
    const workspace = populated('undo', 5, 10);
    let view = workspace.audits.start({ targetHalfWidth: 0.01, byConcept: false, seed: 1 });
    const first = view.next!;
    workspace.reviews.apply(first.predictionId, { type: 'confirm', keys: [first.regionKey] }, 'ana');
    view = workspace.audits.view(view.id);
    const second = view.next!;
    expect(second.regionKey === first.regionKey && second.predictionId === first.predictionId).toBe(false);
    workspace.reviews.undo(first.predictionId);
    view = workspace.audits.view(view.id);
    expect(view.next).toMatchObject({ predictionId: first.predictionId, regionKey: first.regionKey });
    expect(view).toMatchObject({ judged: 0, drawn: 2 });
    workspace.close();
  });

  it('refuses to start over a workspace with no predicted region, and closes the open audit', () => {
    const workspace = new Workspace(join(temp.dir, 'empty.loupe.sqlite'));
    expect(() => workspace.audits.start({ targetHalfWidth: 0.02, byConcept: false })).toThrow(
      /no predicted region/,
    );
    workspace.close();
    const full = populated('close', 2, 2);
    full.audits.start({ targetHalfWidth: 0.02, byConcept: false });
    full.audits.close();
    expect(full.audits.current()).toBeUndefined();
    full.close();
  });
});
