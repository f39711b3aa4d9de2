import { area } from '../../../shared/geometry.ts';
import type { ReviewedRegion } from '../../../shared/review.ts';
import type { Point } from './boxEdit.ts';

/**
 * The region under a point (normalised), found by arithmetic instead of Konva's hit canvas, so
 * the region layer need not listen or paint a hit graph for thousands of shapes. Where boxes
 * overlap the smallest wins: a large box can still be picked at its edge, a small one only there.
 * A region counts `slop` (normalised) beyond its border, so thin boxes stay clickable. A box the
 * point is inside beats one it is only near unless that one lies within it (a thin box on a large
 * one): on a dense grid, boxes a few pixels apart, a click inside a box never picks its neighbour.
 */
export function regionAt(
  regions: readonly ReviewedRegion[],
  point: Point,
  slop: { x: number; y: number } = { x: 0, y: 0 },
): string | undefined {
  let best: { region: ReviewedRegion; within: boolean; area: number } | undefined;
  for (const region of regions) {
    if (region.source === 'reviewer' && region.removed) continue;
    const { box } = region;
    const near =
      point.x >= box.left - slop.x &&
      point.x <= box.right + slop.x &&
      point.y >= box.top - slop.y &&
      point.y <= box.bottom + slop.y;
    if (!near) continue;
    const within = point.x >= box.left && point.x <= box.right && point.y >= box.top && point.y <= box.bottom;
    const size = area(box);
    const candidate = { region, within, area: size };
    if (!best || beats(candidate, best)) best = candidate;
  }
  return best?.region.key;
}

function beats(
  a: { region: ReviewedRegion; within: boolean; area: number },
  b: { region: ReviewedRegion; within: boolean; area: number },
): boolean {
  if (a.within === b.within) return a.area < b.area;
  const [inside, near] = a.within ? [a, b] : [b, a];
  const nested = contains(inside.region.box, near.region.box);
  return a === (nested ? near : inside);
}

function contains(outer: ReviewedRegion['box'], inner: ReviewedRegion['box']): boolean {
  return (
    inner.left >= outer.left &&
    inner.right <= outer.right &&
    inner.top >= outer.top &&
    inner.bottom <= outer.bottom
  );
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
