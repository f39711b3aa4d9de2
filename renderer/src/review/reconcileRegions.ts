import type { ReviewedRegion } from '../../../shared/review.ts';

/**
 * Every answer from the main side is a whole review, parsed afresh. Keeping the earlier object
 * for each region whose content did not change lets shapes that select one region by key skip
 * rendering: after moving one of 2,000 regions only that one's shape renders again.
 */
export function reconcileRegions(
  previous: ReviewedRegion[] | undefined,
  next: ReviewedRegion[],
): ReviewedRegion[] {
  if (!previous) return next;
  const byKey = new Map(previous.map((region) => [region.key, region]));
  let unchanged = previous.length === next.length;
  const merged = next.map((region, index) => {
    const earlier = byKey.get(region.key);
    const kept = earlier && sameValue(earlier, region) ? earlier : region;
    if (kept !== previous[index]) unchanged = false;
    return kept;
  });
  return unchanged ? previous : merged;
}

/** Structural equality of JSON-like values (what a review is made of). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  return (
    aKeys.length === Object.keys(b).length &&
    aKeys.every(
      (key) => Object.hasOwn(bRecord, key) && sameValue((a as Record<string, unknown>)[key], bRecord[key]),
    )
  );
}
