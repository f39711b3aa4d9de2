import { regionConfidence } from '../../../../shared/review.ts';
import { describe, expect, it } from 'vitest';
import type { Box } from '../../../../shared/geometry.ts';
import type { ReviewedRegion } from '../../../../shared/review.ts';
import {
  nextLowestConfidence,
  nextUnreviewed,
  readingOrder,
  stepRegion,
} from '../../../../renderer/src/review/regionOrder.ts';
import { predictedRegion } from '../../../support/reviewFixtures.ts';

const at = (top: number, left: number, size = 0.1): Box => ({
  top,
  left,
  bottom: top + size,
  right: left + size,
});

/** Two rows: b (a little lower than a) is on a's row; c is on the next row, left of both. */
const regions = (): ReviewedRegion[] => [
  predictedRegion('c', at(0.5, 0.1), 'face', 0.9),
  predictedRegion('b', at(0.12, 0.6), 'face', 0.4),
  predictedRegion('a', at(0.1, 0.3), 'face', 0.7),
];

const keys = (list: readonly ReviewedRegion[]) => list.map((region) => region.key);

describe('reading order', () => {
  it('goes row by row, left to right, with boxes a little lower still on the same row', () => {
    expect(keys(readingOrder(regions()))).toEqual(['a', 'b', 'c']);
  });

  it('leaves out drawn regions that were deleted', () => {
    const deleted: ReviewedRegion = { ...predictedRegion('d', at(0, 0)), source: 'reviewer', removed: true };
    expect(keys(readingOrder([...regions(), deleted]))).toEqual(['a', 'b', 'c']);
  });

  it('Tab and Shift+Tab step through it and wrap round', () => {
    expect(stepRegion(regions(), undefined, 1)).toBe('a');
    expect(stepRegion(regions(), 'a', 1)).toBe('b');
    expect(stepRegion(regions(), 'c', 1)).toBe('a');
    expect(stepRegion(regions(), 'a', -1)).toBe('c');
    expect(stepRegion(regions(), undefined, -1)).toBe('c');
    expect(stepRegion([], undefined, 1)).toBeUndefined();
  });
});

describe('next unreviewed region', () => {
  it('is the next one after the current that nobody judged, never the current one', () => {
    const list = regions().map((region) => (region.key === 'b' ? { ...region, confirmed: true } : region));
    expect(nextUnreviewed(list, 'a', 0, false)).toBe('c');
    expect(nextUnreviewed(list, 'c', 0, false)).toBe('a');
    expect(nextUnreviewed([list[2]!], 'a', 0, false)).toBeUndefined();
  });

  it('skips regions below the threshold, or visits only those when promoting', () => {
    expect(nextUnreviewed(regions(), undefined, 0.5, false)).toBe('a');
    expect(nextUnreviewed(regions(), 'a', 0.5, false)).toBe('c');
    expect(nextUnreviewed(regions(), undefined, 0.5, true)).toBe('b');
  });

  it('counts moved and removed regions as reviewed', () => {
    const list = regions().map((region) =>
      region.key === 'a'
        ? { ...region, box: at(0.2, 0.3) }
        : region.key === 'b'
          ? { ...region, removed: true }
          : region,
    );
    expect(nextUnreviewed(list, undefined, 0, false)).toBe('c');
  });
});

describe('lowest confidence first', () => {
  it('visits unreviewed regions from the least confident up', () => {
    expect(nextLowestConfidence(regions(), undefined, 0)).toBe('b');
    expect(nextLowestConfidence(regions(), 'b', 0)).toBe('a');
    expect(nextLowestConfidence(regions(), 'a', 0)).toBe('c');
  });

  it('goes on from a region just accepted', () => {
    const list = regions().map((region) => (region.key === 'b' ? { ...region, confirmed: true } : region));
    expect(nextLowestConfidence(list, 'b', 0)).toBe('a');
  });

  it('skips regions dimmed below the threshold (issue 20, bug 9)', () => {
    const confidences = new Map(regions().map((region) => [region.key, regionConfidence(region)!]));
    const lowest = [...confidences].sort((a, b) => a[1] - b[1])[0]!;
    // A threshold just above the least confident region dims it: L goes to the next one instead.
    const threshold = lowest[1] + 1e-6;
    const visited = new Set<string>();
    let current: string | undefined;
    for (let i = 0; i < 5; i++) {
      current = nextLowestConfidence(regions(), current, threshold);
      if (current) visited.add(current);
    }
    expect(visited.has(lowest[0])).toBe(false);
    expect(visited.size).toBe(confidences.size - 1);
  });

  it('has nothing to offer when the only candidate is the current region', () => {
    expect(nextLowestConfidence([regions()[0]!], 'c', 0)).toBeUndefined();
  });
});
