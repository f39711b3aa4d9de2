import type { ReviewedRegion } from '../../../shared/review.ts';
import { regionLook, type RegionLook } from './regionStatus.ts';

/**
 * What the canvas shows (issue 20, missing 2; docs/review.md, "What is shown"): regions at all, by
 * look (verdict or unreviewed), by concept; box opacity and label size; the image's brightness and
 * contrast. Display only: nothing here changes a review.
 */
export interface RegionDisplay {
  regions: boolean;
  hiddenLooks: readonly Exclude<RegionLook, 'deleted'>[];
  /** Concept names, lower case: a region whose every concept not judged false is hidden here is hidden. */
  hiddenConcepts: readonly string[];
  /** 0.1–1, for boxes and their labels. */
  boxOpacity: number;
  /** Label text in screen pixels (12 by default). */
  labelSize: number;
  /** CSS filter factors for the image, 1 = as it is. */
  brightness: number;
  contrast: number;
  /**
   * An audit is under way: only its sampled regions (these keys) are shown (docs/qa-estimates.md,
   * "Audit mode"). Set by the audit, never remembered across reloads.
   */
  onlyKeys?: ReadonlySet<string> | undefined;
}

export const defaultDisplay: RegionDisplay = {
  regions: true,
  hiddenLooks: [],
  hiddenConcepts: [],
  boxOpacity: 1,
  labelSize: 12,
  brightness: 1,
  contrast: 1,
};

/** What the regions' painter reads: the image's brightness and contrast are not repainted. */
export type RegionPaintDisplay = Omit<RegionDisplay, 'brightness' | 'contrast'>;

/**
 * Whether a region is painted and can be clicked under these display settings. Called per region
 * in the draw loop: it allocates nothing; `look` when the caller has it already.
 */
export function isShown(
  region: ReviewedRegion,
  display: RegionPaintDisplay,
  look = regionLook(region),
): boolean {
  if (!display.regions) return false;
  if (display.onlyKeys && !display.onlyKeys.has(region.key)) return false;
  if (look !== 'deleted' && display.hiddenLooks.includes(look)) return false;
  if (display.hiddenConcepts.length === 0) return true;
  let named = false;
  for (const concept of region.concepts) {
    if (concept.judgement === 'false') continue;
    named = true;
    if (!display.hiddenConcepts.includes((concept.name || concept.id).toLowerCase())) return true;
  }
  return !named;
}

/** The image layer's CSS filter; `none` when it is as it is (the GPU then does nothing extra). */
export function imageFilter(display: RegionDisplay): string {
  if (display.brightness === 1 && display.contrast === 1) return 'none';
  return `brightness(${display.brightness}) contrast(${display.contrast})`;
}
