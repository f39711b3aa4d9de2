/**
 * A bitmap of the region layer for the frames of a pan (docs/design.md §6, Canvas). Rasterising
 * thousands of boxes and labels is what a pan frame spent its time on; while the view only moves,
 * the same pixels serve again: painted once over the view grown by `cacheMargin` on every side,
 * then drawn at the new offset, moved by whole device pixels so it stays sharp (half a pixel off
 * the image at most, until the pan ends). Once it ends the layer is painted directly again, every
 * label placed for the view. Outside a pan the bitmap is not used: what the canvas shows at rest,
 * and during a zoom, is exactly the painter's. (A bitmap stretched for a wheel zoom was tried: the
 * scaled copy costs as much as painting the paths.)
 */

/** How far the bitmap reaches beyond the view, as a share of the view's size on each side. */
export const cacheMargin = 0.4;

/** The device transform of a frame: image pixel p is drawn at (a·p.x + e, d·p.y + f). */
export interface DeviceTransform {
  a: number;
  d: number;
  e: number;
  f: number;
}

export interface CachedBitmap {
  /** The device transform the bitmap was painted at, its origin moved to the bitmap's corner. */
  painted: DeviceTransform;
  width: number;
  height: number;
}

/** Where the bitmap goes on a frame drawn at `now`, in device pixels, or undefined if it cannot serve. */
export function placeBitmap(
  cached: CachedBitmap,
  now: DeviceTransform,
  view: { width: number; height: number },
): { x: number; y: number; width: number; height: number } | undefined {
  // Another zoom: the bitmap's lines and labels would be the wrong size.
  if (now.a !== cached.painted.a || now.d !== cached.painted.d) return undefined;
  // Bitmap pixel c shows image pixel (c − painted.e) / a, drawn now at a·p + now.e.
  const x = Math.round(now.e - cached.painted.e);
  const y = Math.round(now.f - cached.painted.f);
  const { width, height } = cached;
  if (x > 0 || y > 0 || x + width < view.width || y + height < view.height) return undefined;
  return { x, y, width, height };
}

/** The transform to paint a bitmap with: the frame's, moved so the grown view starts at (0, 0). */
export function bitmapTransform(now: DeviceTransform, view: { width: number; height: number }): CachedBitmap {
  const marginX = Math.ceil(view.width * cacheMargin);
  const marginY = Math.ceil(view.height * cacheMargin);
  return {
    painted: { a: now.a, d: now.d, e: now.e + marginX, f: now.f + marginY },
    width: view.width + 2 * marginX,
    height: view.height + 2 * marginY,
  };
}
