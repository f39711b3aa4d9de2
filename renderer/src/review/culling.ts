import type { PixelBox, Size } from '../../../shared/geometry.ts';
import type { ReviewedRegion } from '../../../shared/review.ts';

/**
 * Keys of the regions worth drawing: those that meet the visible rectangle grown by `margin` of
 * its size on every side (so a pan shows shapes already drawn before the cull catches up).
 * Deleted drawn regions and `except` (the selected region, drawn on its own layer) are skipped.
 */
export function visibleRegionKeys(
  regions: readonly ReviewedRegion[],
  visible: PixelBox,
  size: Size,
  except: string | undefined,
  margin = 0.5,
): string[] {
  const left = (visible.x - visible.width * margin) / size.width;
  const right = (visible.x + visible.width * (1 + margin)) / size.width;
  const top = (visible.y - visible.height * margin) / size.height;
  const bottom = (visible.y + visible.height * (1 + margin)) / size.height;
  const keys: string[] = [];
  for (const region of regions) {
    if (region.key === except || (region.source === 'reviewer' && region.removed)) continue;
    const { box } = region;
    if (box.right >= left && box.left <= right && box.bottom >= top && box.top <= bottom)
      keys.push(region.key);
  }
  return keys;
}
