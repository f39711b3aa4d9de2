import type { ReviewedRegion } from '../../../shared/review.ts';
import { regionConfidence } from '../../../shared/review.ts';
import { isDimmed, isUnreviewed, regionLook } from './regionStatus.ts';

/**
 * Regions as a person reads them: rows from top to bottom, left to right within a row. A region
 * joins a row when its top lies in the upper half of the row's first region, so boxes that sit a
 * few pixels apart on one line are not split into two rows. Deleted drawn regions are left out.
 */
export function readingOrder(regions: readonly ReviewedRegion[]): ReviewedRegion[] {
  const byTop = regions
    .filter((region) => regionLook(region) !== 'deleted')
    .sort((a, b) => a.box.top - b.box.top || a.box.left - b.box.left);
  const rows: ReviewedRegion[][] = [];
  let rowEnd = -Infinity;
  for (const region of byTop) {
    const row = rows.at(-1);
    if (row && region.box.top < rowEnd) row.push(region);
    else {
      rows.push([region]);
      rowEnd = region.box.top + (region.box.bottom - region.box.top) / 2;
    }
  }
  return rows.flatMap((row) => row.sort((a, b) => a.box.left - b.box.left));
}

/** The key after (or before) `current` in `order`, wrapping; the first (or last) when none is current. */
function step(order: readonly string[], current: string | undefined, direction: 1 | -1): string | undefined {
  if (order.length === 0) return undefined;
  const index = current === undefined ? -1 : order.indexOf(current);
  if (index === -1) return direction === 1 ? order[0] : order.at(-1);
  return order[(index + direction + order.length) % order.length];
}

/** Tab / Shift+Tab: every region in reading order. */
export function stepRegion(
  regions: readonly ReviewedRegion[],
  current: string | undefined,
  direction: 1 | -1,
): string | undefined {
  return step(
    readingOrder(regions).map((region) => region.key),
    current,
    direction,
  );
}

/**
 * The next unreviewed region after `current` in reading order, wrapping, never `current` itself.
 * `dimmed` chooses between regions above the threshold (accept-and-next) and below it (promote).
 */
export function nextUnreviewed(
  regions: readonly ReviewedRegion[],
  current: string | undefined,
  threshold: number,
  dimmed: boolean,
): string | undefined {
  const ordered = readingOrder(regions);
  const start = current === undefined ? -1 : ordered.findIndex((region) => region.key === current);
  for (let offset = 1; offset <= ordered.length; offset++) {
    const region = ordered[(start + offset + ordered.length) % ordered.length]!;
    if (region.key !== current && isUnreviewed(region) && isDimmed(region, threshold) === dimmed)
      return region.key;
  }
  return undefined;
}

/**
 * Unreviewed regions above the threshold from the least confident up (ties in reading order); the
 * one after `current`. Regions dimmed below the threshold are skipped, as the docs say: they are
 * promoted one by one with their own key, not reviewed by confidence.
 */
export function nextLowestConfidence(
  regions: readonly ReviewedRegion[],
  current: string | undefined,
  threshold: number,
): string | undefined {
  const ordered = readingOrder(regions);
  const position = new Map(ordered.map((region, index) => [region.key, index]));
  const candidates = ordered
    .filter((region) => (isUnreviewed(region) && !isDimmed(region, threshold)) || region.key === current)
    .sort(
      (a, b) =>
        (regionConfidence(a) ?? 1) - (regionConfidence(b) ?? 1) ||
        position.get(a.key)! - position.get(b.key)!,
    )
    .map((region) => region.key);
  const next = step(candidates, current, 1);
  return next === current ? undefined : next;
}
