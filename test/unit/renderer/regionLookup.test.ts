import { describe, expect, it } from 'vitest';
import type { ReviewedRegion } from '../../../shared/review.ts';
import { visibleRegionKeys } from '../../../renderer/src/review/culling.ts';
import { regionAt } from '../../../renderer/src/review/hitTest.ts';
import { predictedRegion } from '../../support/reviewFixtures.ts';

const size = { width: 1000, height: 1000 };
const regions: ReviewedRegion[] = [
  predictedRegion('big', { top: 0, left: 0, bottom: 0.5, right: 0.5 }),
  predictedRegion('small', { top: 0.1, left: 0.1, bottom: 0.2, right: 0.2 }),
  predictedRegion('far', { top: 0.9, left: 0.9, bottom: 1, right: 1 }),
  {
    ...predictedRegion('gone', { top: 0.1, left: 0.1, bottom: 0.15, right: 0.15 }),
    source: 'reviewer',
    removed: true,
  },
];

describe('culling', () => {
  it('keeps regions in or near the view, not the selected one, not deleted drawn ones', () => {
    const view = { x: 0, y: 0, width: 300, height: 300 };
    expect(visibleRegionKeys(regions, view, size, undefined, 0)).toEqual(['big', 'small']);
    expect(visibleRegionKeys(regions, view, size, 'small', 0)).toEqual(['big']);
    // A margin of 1 grows the view by its own size on each side: still short of "far".
    expect(visibleRegionKeys(regions, view, size, undefined, 1)).toEqual(['big', 'small']);
    expect(visibleRegionKeys(regions, view, size, undefined, 2)).toEqual(['big', 'small', 'far']);
  });
});

describe('hit test', () => {
  it('picks the smallest region under the point', () => {
    expect(regionAt(regions, { x: 0.15, y: 0.15 })).toBe('small');
    expect(regionAt(regions, { x: 0.4, y: 0.4 })).toBe('big');
    expect(regionAt(regions, { x: 0.7, y: 0.7 })).toBeUndefined();
  });

  it('counts a little slop around the border', () => {
    expect(regionAt(regions, { x: 0.895, y: 0.95 })).toBeUndefined();
    expect(regionAt(regions, { x: 0.895, y: 0.95 }, { x: 0.01, y: 0.01 })).toBe('far');
  });
});
