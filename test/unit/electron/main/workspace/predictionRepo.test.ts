import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../../../../electron/main/workspace/workspace.ts';
import type { PredictOutput } from '../../../../../shared/clarifai/predict.ts';
import { regionVerdict } from '../../../../../shared/review.ts';
import { makeTempDir } from '../../../../support/tempDir.ts';

const temp = makeTempDir();
afterAll(temp.cleanup);

/** An output of model `m` version `version` with face regions at these left edges (0.2 wide). */
const output = (version: string, lefts: number[]): PredictOutput => ({
  id: `out-${version}`,
  status: { code: 10000, description: 'Ok' },
  model: { id: 'm', model_version: { id: version } },
  input: { id: 'in-1' },
  data: {
    regions: lefts.map((left, i) => ({
      id: `${version}-r${i}`,
      value: 0.9,
      region_info: { bounding_box: { top_row: 0.1, left_col: left, bottom_row: 0.3, right_col: left + 0.2 } },
      data: { concepts: [{ id: 'face', name: 'face', value: 0.9 }] },
    })),
  },
});

describe('a second prediction of an image', () => {
  it('by another version is recorded beside the first, and its matching regions start with the reviewed verdicts', () => {
    const workspace = new Workspace(join(temp.dir, 'versions.loupe.sqlite'));
    const { image } = workspace.images.add({
      source: '/x.jpg',
      sourceKind: 'file',
      contentHash: 'x',
      byteSize: 1,
      width: 100,
      height: 100,
      format: 'jpeg',
      error: null,
    });
    const first = workspace.predictions.record(image.id, 'm', output('v1', [0.1, 0.5, 0.75]));
    const [a, b] = workspace.reviews.get(first.id).state.regions;
    workspace.reviews.apply(first.id, { type: 'confirm', keys: [a!.key] }, 'ana');
    workspace.reviews.apply(first.id, { type: 'remove', keys: [b!.key] }, 'ana');
    // The same version again is the same prediction; a failure does not replace it.
    expect(workspace.predictions.record(image.id, 'm', output('v1', [0.3])).id).toBe(first.id);
    expect(
      workspace.predictions.record(image.id, 'm', {
        id: '',
        status: { code: 21200, description: 'x' },
        input: { id: '' },
      }).id,
    ).toBe(first.id);

    const second = workspace.predictions.record(image.id, 'm', output('v2', [0.11, 0.51, 0.2]), {
      carryIoU: 0.7,
    });
    expect(second.id).not.toBe(first.id);
    expect(second.modelVersionId).toBe('v2');
    const view = workspace.reviews.get(second.id);
    // Carried verdicts make the review in progress; the unmatched region is left to review.
    expect(view.status).toBe('in_progress');
    expect(view.state.regions.map((r) => regionVerdict(r) ?? 'unreviewed')).toEqual([
      'accurate',
      'false_positive',
      'unreviewed',
    ]);
    expect(view.state.regions.map((r) => r.carried?.fromOutputId ?? null)).toEqual([
      'out-v1',
      'out-v1',
      null,
    ]);
    expect(workspace.predictions.forImage(image.id).map((p) => p.modelVersionId)).toEqual(['v1', 'v2']);

    // A stricter setting carries nothing at these shifts (IoU 0.905 and 0.905).
    const third = workspace.predictions.record(image.id, 'm', output('v3', [0.12, 0.52]), { carryIoU: 0.95 });
    expect(workspace.reviews.get(third.id).status).toBe('unreviewed');
    workspace.close();
  });
});
