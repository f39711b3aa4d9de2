import { describe, expect, it } from 'vitest';
import {
  applyOutputConfig,
  defaultMaxConcepts,
} from '../../../../../electron/localApi/server/outputConfig.ts';

const box = { top_row: 0.1, left_col: 0.1, bottom_row: 0.2, right_col: 0.2 };
const concepts = [
  { id: 'c1', name: 'Dog', value: 0.9 },
  { id: 'c2', name: 'cat', value: 0.6 },
  { id: 'c3', name: 'car', value: 0.1 },
];

describe('output_config', () => {
  it('min_value, select_concepts (by id or any-case name) and max_concepts on image concepts', () => {
    expect(applyOutputConfig({ concepts }, { min_value: 0.5 }).concepts?.map((c) => c.id)).toEqual([
      'c1',
      'c2',
    ]);
    expect(
      applyOutputConfig({ concepts }, { select_concepts: [{ name: 'dog' }, { id: 'c3' }] }).concepts?.map(
        (c) => c.id,
      ),
    ).toEqual(['c1', 'c3']);
    expect(applyOutputConfig({ concepts }, { max_concepts: 1 }).concepts?.map((c) => c.id)).toEqual(['c1']);
  });

  it(`caps at ${defaultMaxConcepts} concepts by default`, () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ id: `c${i}`, value: 0.5 }));
    expect(applyOutputConfig({ concepts: many }).concepts).toHaveLength(defaultMaxConcepts);
  });

  it('drops regions below min_value, and regions left without selected concepts; faces stay', () => {
    const regions = [
      { id: 'face', value: 0.95, region_info: { bounding_box: box }, data: {} },
      { id: 'weak', value: 0.2, region_info: { bounding_box: box }, data: {} },
      { id: 'dog', value: 0.9, region_info: { bounding_box: box }, data: { concepts: [concepts[0]!] } },
      {
        id: 'car',
        value: 0.8,
        region_info: { bounding_box: box },
        data: { concepts: [{ ...concepts[2]!, value: 0.8 }] },
      },
    ];
    const kept = applyOutputConfig(
      { regions },
      { min_value: 0.05, select_concepts: [{ name: 'dog' }] },
    ).regions;
    expect(kept?.map((region) => region.id)).toEqual(['face', 'weak', 'dog']);
    expect(applyOutputConfig({ regions }, { min_value: 0.5 }).regions?.map((region) => region.id)).toEqual([
      'face',
      'dog',
      'car',
    ]);
  });
});
