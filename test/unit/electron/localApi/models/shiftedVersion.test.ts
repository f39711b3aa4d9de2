import { describe, expect, it } from 'vitest';
import { shiftedVersion } from '../../../../../electron/localApi/models/shiftedVersion.ts';
import { resolveModel } from '../../../../../electron/localApi/server/resolveModel.ts';
import { iou } from '../../../../../shared/geometry.ts';

const region = (id: string, left: number) => ({
  id,
  value: 0.9,
  region_info: { bounding_box: { top_row: 0.1, left_col: left, bottom_row: 0.3, right_col: left + 0.2 } },
  data: { concepts: [{ id: 'face', name: 'face', value: 0.9 }] },
});
const asBox = (box: { top_row: number; left_col: number; bottom_row: number; right_col: number }) => ({
  top: box.top_row,
  left: box.left_col,
  bottom: box.bottom_row,
  right: box.right_col,
});

describe("a local detector's second version", () => {
  it('shifts two boxes in three a little and every third a lot, under new region ids', () => {
    const first = { regions: [region('a', 0.1), region('b', 0.4), region('c', 0.7)] };
    const second = shiftedVersion(first);
    const overlaps = second.regions!.map((r, i) =>
      iou(asBox(first.regions[i]!.region_info.bounding_box), asBox(r.region_info!.bounding_box!)),
    );
    expect(overlaps[0]).toBeCloseTo(0.194 / 0.206, 3);
    expect(overlaps[1]).toBeCloseTo(0.194 / 0.206, 3);
    // Clamped at the right edge: 0.7 + 0.12 = 0.82 … 1.
    expect(overlaps[2]).toBeLessThan(0.5);
    expect(second.regions!.map((r) => r.id)).toEqual(['a-v2', 'b-v2', 'c-v2']);
    expect(second.regions![0]!.data).toEqual(first.regions[0]!.data);
  });

  it('is served when a path names it; any other unknown version is a 404', () => {
    const face = resolveModel({ resource: 'model', action: 'outputs', modelId: 'face-detection' });
    expect(face.shifted).toBeUndefined();
    const shifted = resolveModel({
      resource: 'model',
      action: 'outputs',
      modelId: 'face-detection',
      versionId: face.shiftedVersionId!,
    });
    expect(shifted).toMatchObject({ id: face.id, versionId: face.shiftedVersionId, shifted: true });
    expect(() =>
      resolveModel({ resource: 'model', action: 'outputs', modelId: 'face-detection', versionId: 'nope' }),
    ).toThrow(/no version "nope"/);
  });
});
