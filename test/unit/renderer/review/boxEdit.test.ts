import { describe, expect, it } from 'vitest';
import { toPixels } from '../../../../shared/geometry.ts';
import {
  boxFromDrag,
  moveEdge,
  nudgeBox,
  placedBox,
  placeWithin,
  resizedBox,
} from '../../../../renderer/src/review/boxEdit.ts';

const size = { width: 1000, height: 500 };
const box = { top: 0.2, left: 0.1, bottom: 0.4, right: 0.3 };
/** In pixels, to a millionth of one: normalised boxes do not round-trip floats exactly. */
const pixels = (value: Parameters<typeof toPixels>[0] | undefined) =>
  value &&
  Object.fromEntries(
    Object.entries(toPixels(value, size)).map(([key, n]) => [key, Math.round(n * 1e6) / 1e6]),
  );

describe('box edits in image pixels', () => {
  it('nudges by whole pixels, keeping the size', () => {
    expect(pixels(nudgeBox(box, 1, 0, size))).toEqual({ x: 101, y: 100, width: 200, height: 100 });
    expect(pixels(nudgeBox(box, 0, -10, size))).toEqual({ x: 100, y: 90, width: 200, height: 100 });
  });

  it('stops a moved box at the image border instead of shrinking it', () => {
    expect(pixels(nudgeBox(box, -500, 0, size))).toEqual({ x: 0, y: 100, width: 200, height: 100 });
    expect(pixels(placeWithin({ x: 900, y: 450, width: 200, height: 100 }, size))).toEqual({
      x: 800,
      y: 400,
      width: 200,
      height: 100,
    });
  });

  it('moves one edge out (positive) or in (negative), the others staying', () => {
    expect(pixels(moveEdge(box, 'left', 10, size))).toEqual({ x: 90, y: 100, width: 210, height: 100 });
    expect(pixels(moveEdge(box, 'right', -10, size))).toEqual({ x: 100, y: 100, width: 190, height: 100 });
    expect(pixels(moveEdge(box, 'top', 1, size))).toEqual({ x: 100, y: 99, width: 200, height: 101 });
    expect(pixels(moveEdge(box, 'bottom', 1, size))).toEqual({ x: 100, y: 100, width: 200, height: 101 });
  });

  it('never moves an edge past the border or onto the opposite edge', () => {
    expect(pixels(moveEdge(box, 'left', 1000, size))?.x).toBe(0);
    expect(pixels(moveEdge(box, 'right', -1000, size))?.width).toBeCloseTo(2, 9);
  });

  it('cuts a resized box to the image and refuses one with nothing left', () => {
    expect(pixels(resizedBox({ x: -50, y: 10, width: 150, height: 40 }, size))).toEqual({
      x: 0,
      y: 10,
      width: 100,
      height: 40,
    });
    expect(resizedBox({ x: 1200, y: 10, width: 100, height: 40 }, size)).toBeUndefined();
  });

  it('draws from two corners in any direction, ignoring a slip of the mouse', () => {
    expect(pixels(boxFromDrag({ x: 300, y: 200 }, { x: 100, y: 100 }, size))).toEqual({
      x: 100,
      y: 100,
      width: 200,
      height: 100,
    });
    expect(boxFromDrag({ x: 100, y: 100 }, { x: 101, y: 140 }, size)).toBeUndefined();
  });

  it('places a keyboard-drawn box in the middle of what is visible', () => {
    expect(pixels(placedBox({ x: 0, y: 0, width: 1000, height: 500 }, size))).toEqual({
      x: 450,
      y: 200,
      width: 100,
      height: 100,
    });
    // Only the part of the view that shows the image counts.
    expect(pixels(placedBox({ x: -1000, y: -500, width: 2000, height: 1000 }, size))).toEqual({
      x: 450,
      y: 200,
      width: 100,
      height: 100,
    });
  });
});
