import { describe, expect, it } from 'vitest';
import { nudgeBox, nudgeDistance } from '../../../../renderer/src/review/boxEdit.ts';
import { regionsInRect } from '../../../../renderer/src/review/hitTest.ts';
import {
  centredOn,
  isImageCut,
  minimapSize,
  viewRectOnMinimap,
} from '../../../../renderer/src/review/minimap.ts';
import { placeLabel } from '../../../../renderer/src/review/regionPainter.ts';
import { predictedRegion } from '../../../support/reviewFixtures.ts';

// Issue 20, missing 3, 4 and 9: the pure parts of multi-select, the zoomed view and nudges.

describe('nudges in screen pixels', () => {
  it('turns screen pixels into image pixels by the zoom, or keeps image pixels when set', () => {
    // A 4000 px photo fitted at a fifth: one press moves 5 image px (one screen pixel).
    expect(nudgeDistance(1, 0.2, false)).toBe(5);
    expect(nudgeDistance(10, 0.2, false)).toBe(50);
    // Zoomed in eight times: an eighth of an image pixel.
    expect(nudgeDistance(1, 8, false)).toBe(0.125);
    expect(nudgeDistance(1, 8, true)).toBe(1);
    expect(nudgeDistance(10, 0.2, true)).toBe(10);
    // No zoom known yet (a stage of no size): image pixels, not infinity.
    expect(nudgeDistance(1, 0, false)).toBe(1);
  });

  it('moves a box by fractions of an image pixel, keeping its size and the image border', () => {
    const size = { width: 1000, height: 1000 };
    const box = { top: 0.1, left: 0.1, bottom: 0.2, right: 0.3 };
    const moved = nudgeBox(box, nudgeDistance(1, 4, false), 0, size)!;
    expect(moved.left * 1000).toBeCloseTo(100.25, 9);
    expect((moved.right - moved.left) * 1000).toBeCloseTo(200, 9);
    expect(nudgeBox(box, -nudgeDistance(10, 0.01, false), 0, size)!.left).toBe(0);
  });
});

describe('box select', () => {
  const regions = [
    predictedRegion('inside', { top: 0.2, left: 0.2, bottom: 0.3, right: 0.3 }),
    predictedRegion('across', { top: 0.25, left: 0.45, bottom: 0.35, right: 0.7 }),
    predictedRegion('outside', { top: 0.8, left: 0.8, bottom: 0.9, right: 0.9 }),
    {
      ...predictedRegion('deleted', { top: 0.21, left: 0.21, bottom: 0.22, right: 0.22 }),
      source: 'reviewer' as const,
      removed: true,
    },
  ];

  it('picks the regions wholly inside, dragged in any direction, not a deleted drawn one', () => {
    expect(regionsInRect(regions, { x: 0.1, y: 0.1 }, { x: 0.5, y: 0.5 })).toEqual(['inside']);
    expect(regionsInRect(regions, { x: 0.75, y: 0.4 }, { x: 0.1, y: 0.1 })).toEqual(['inside', 'across']);
    expect(regionsInRect(regions, { x: 0.5, y: 0.5 }, { x: 0.6, y: 0.6 })).toEqual([]);
  });
});

describe('labels zoomed in', () => {
  const visible = { x: 100, y: 100, width: 200, height: 100 };
  const label = { width: 40, height: 10 };

  it('sits above the box corner when that is on screen', () => {
    const box = { x: 150, y: 150, width: 50, height: 20 };
    expect(placeLabel(box, label.width, label.height, visible)).toEqual({ x: 150, y: 140 });
  });

  it('is clamped to the visible edges when the corner is off screen and the box partly on', () => {
    // Box starts left of and above the view, reaching into it.
    const box = { x: 20, y: 30, width: 200, height: 150 };
    expect(placeLabel(box, label.width, label.height, visible)).toEqual({ x: 100, y: 100 });
    // Box at the right edge: the label is pulled back so all of it is readable.
    expect(placeLabel({ x: 290, y: 150, width: 100, height: 20 }, 40, 10, visible)).toEqual({
      x: 260,
      y: 140,
    });
    // Top edge just inside the view, no room above: the label goes inside the box.
    expect(placeLabel({ x: 150, y: 104, width: 50, height: 50 }, 40, 10, visible)).toEqual({
      x: 150,
      y: 104,
    });
  });
});

describe('minimap', () => {
  const image = { width: 4000, height: 2000 };
  const map = minimapSize(image);

  it('is the image small, its longer side 180 px', () => {
    expect(map).toEqual({ width: 180, height: 90 });
    expect(minimapSize({ width: 500, height: 1000 })).toEqual({ width: 90, height: 180 });
  });

  it('shows only when part of the image is off screen', () => {
    expect(isImageCut({ x: -10, y: -10, width: 4100, height: 2050 }, image)).toBe(false);
    expect(isImageCut({ x: 100, y: 0, width: 1000, height: 2000 }, image)).toBe(true);
  });

  it('draws the view as a rectangle cut to the image', () => {
    expect(viewRectOnMinimap({ x: 1000, y: 500, width: 2000, height: 1000 }, image, map)).toEqual({
      x: 45,
      y: 22.5,
      width: 90,
      height: 45,
    });
    expect(viewRectOnMinimap({ x: -1000, y: 0, width: 2000, height: 1000 }, image, map)).toEqual({
      x: 0,
      y: 0,
      width: 45,
      height: 45,
    });
  });

  it('pans (never zooms) so the clicked point is in the middle of the stage', () => {
    const stage = { width: 800, height: 600 };
    const next = centredOn({ scale: 2, x: 0, y: 0 }, stage, { x: 45, y: 45 }, image, map);
    expect(next.scale).toBe(2);
    // Minimap (45, 45) is image (1000, 1000): on screen at the stage's middle.
    expect(1000 * next.scale + next.x).toBe(400);
    expect(1000 * next.scale + next.y).toBe(300);
  });
});
