import { area } from '../../../shared/geometry.ts';
import type { ReviewedRegion } from '../../../shared/review.ts';
import type { Point } from './boxEdit.ts';

/**
 * The region under a point (normalised), found by arithmetic instead of Konva's hit canvas, so
 * the region layer need not listen or paint a hit graph for thousands of shapes. Where boxes
 * overlap the smallest wins: a large box can still be picked at its edge, a small one only there.
 * A region counts `slop` (normalised) beyond its border, so thin boxes stay clickable.
 */
export function regionAt(
  regions: readonly ReviewedRegion[],
  point: Point,
  slop: { x: number; y: number } = { x: 0, y: 0 },
): string | undefined {
  let best: ReviewedRegion | undefined;
  for (const region of regions) {
    if (region.source === 'reviewer' && region.removed) continue;
    const { box } = region;
    const inside =
      point.x >= box.left - slop.x &&
      point.x <= box.right + slop.x &&
      point.y >= box.top - slop.y &&
      point.y <= box.bottom + slop.y;
    if (inside && (!best || area(box) < area(best.box))) best = region;
  }
  return best?.key;
}

/**
 * Box select (Shift-drag): the regions lying wholly inside a rectangle (normalised, corners in any
 * order), in the regions' order. Wholly, not touching: on a dense image a drag across a few small
 * logos must not pick up the large box behind them. A deleted drawn region is not there to pick.
 */
export function regionsInRect(regions: readonly ReviewedRegion[], from: Point, to: Point): string[] {
  const left = Math.min(from.x, to.x);
  const right = Math.max(from.x, to.x);
  const top = Math.min(from.y, to.y);
  const bottom = Math.max(from.y, to.y);
  const keys: string[] = [];
  for (const region of regions) {
    if (region.source === 'reviewer' && region.removed) continue;
    const { box } = region;
    if (box.left >= left && box.right <= right && box.top >= top && box.bottom <= bottom)
      keys.push(region.key);
  }
  return keys;
}
