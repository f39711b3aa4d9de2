import { describe, expect, it } from 'vitest';
import { reconcileRegions, sameValue } from '../../../../renderer/src/review/reconcileRegions.ts';
import { predictedRegion } from '../../../support/reviewFixtures.ts';

const fresh = () => [
  predictedRegion('a', { top: 0.1, left: 0.1, bottom: 0.2, right: 0.2 }, 'face'),
  predictedRegion('b', { top: 0.3, left: 0.3, bottom: 0.4, right: 0.4 }, 'face'),
];

describe('reconciling an answer with the regions on screen', () => {
  it('keeps the whole list when nothing changed', () => {
    const shown = fresh();
    expect(reconcileRegions(shown, fresh())).toBe(shown);
  });

  it('keeps unchanged regions object-identical and takes the changed one', () => {
    const shown = fresh();
    const answer = fresh();
    answer[1] = { ...answer[1]!, confirmed: true };
    const merged = reconcileRegions(shown, answer);
    expect(merged).not.toBe(shown);
    expect(merged[0]).toBe(shown[0]);
    expect(merged[1]).toBe(answer[1]);
  });

  it('follows added and removed regions', () => {
    const shown = fresh();
    expect(reconcileRegions(shown, fresh().slice(0, 1))).toEqual([shown[0]]);
    expect(reconcileRegions(undefined, shown)).toBe(shown);
  });

  it('compares JSON-like values by structure', () => {
    expect(sameValue({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameValue([1], { 0: 1 })).toBe(false);
    expect(sameValue(null, {})).toBe(false);
  });
});
