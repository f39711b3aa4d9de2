import {
  regionConfidence,
  regionVerdict,
  type ReviewedRegion,
  type Verdict,
} from '../../../shared/review.ts';

/** How a region is drawn: its verdict, unreviewed, or gone (a drawn region the reviewer deleted). */
export type RegionLook = Verdict | 'unreviewed' | 'deleted';

export function regionLook(region: ReviewedRegion): RegionLook {
  if (region.source === 'reviewer' && region.removed) return 'deleted';
  return regionVerdict(region) ?? 'unreviewed';
}

/** A predicted region nobody has judged yet (what "accept all remaining" and submit count). */
export function isUnreviewed(region: ReviewedRegion): boolean {
  return region.source === 'predicted' && regionVerdict(region) === undefined;
}

/**
 * Below the confidence threshold: drawn dimmed, left out of "accept all remaining" and of the
 * jump to the next unreviewed region, until promoted.
 */
export function isDimmed(region: ReviewedRegion, threshold: number): boolean {
  const confidence = regionConfidence(region);
  return confidence !== undefined && confidence < threshold;
}

/** Unreviewed predicted regions over several reviews (what the submit step asks about). */
export function countUnreviewed(states: Iterable<{ regions: readonly ReviewedRegion[] }>): number {
  let count = 0;
  for (const state of states) count += state.regions.filter(isUnreviewed).length;
  return count;
}
