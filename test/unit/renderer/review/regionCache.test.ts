import { describe, expect, it } from 'vitest';
import { bitmapTransform, cacheMargin, placeBitmap } from '../../../../renderer/src/review/regionCache.ts';

describe('region layer bitmap for a pan', () => {
  const view = { width: 1000, height: 500 };
  const at = { a: 0.5, d: 0.5, e: 120, f: 40 };
  const bitmap = bitmapTransform(at, view);

  it('covers the view grown by the margin on every side, drawn where the view was', () => {
    expect(bitmap.width).toBe(1000 + 2 * Math.ceil(1000 * cacheMargin));
    expect(bitmap.height).toBe(500 + 2 * Math.ceil(500 * cacheMargin));
    expect(placeBitmap(bitmap, at, view)).toEqual({
      x: -Math.ceil(1000 * cacheMargin),
      y: -Math.ceil(500 * cacheMargin),
      width: bitmap.width,
      height: bitmap.height,
    });
  });

  it('moves with the pan by whole pixels, and gives up past its margin or at another zoom', () => {
    const moved = placeBitmap(bitmap, { ...at, e: at.e + 100.4, f: at.f - 30.6 }, view);
    expect(moved).toMatchObject({ x: -400 + 100, y: -200 - 31 });
    expect(placeBitmap(bitmap, { ...at, e: at.e + 401 }, view)).toBeUndefined();
    expect(placeBitmap(bitmap, { ...at, f: at.f - 201 }, view)).toBeUndefined();
    expect(placeBitmap(bitmap, { ...at, a: 0.6, d: 0.6 }, view)).toBeUndefined();
  });
});
