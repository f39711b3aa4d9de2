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
