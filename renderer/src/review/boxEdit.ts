import { toNormalized, toPixels, type Box, type PixelBox, type Size } from '../../../shared/geometry.ts';

/** Box edits in image pixels (what the reviewer sees and the keyboard steps by), returned normalised. */

export type Edge = 'left' | 'right' | 'top' | 'bottom';

export interface Point {
  x: number;
  y: number;
}

/** The smallest box a gesture may leave, in image pixels: anything smaller is a slip, not a region. */
export const minBoxPixels = 2;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * Where a moved box lands: same size, pushed back inside the image rather than cut off at its
 * edge (a drag past the border must not shrink the region).
 */
export function placeWithin(rect: PixelBox, size: Size): Box | undefined {
  const width = Math.min(rect.width, size.width);
  const height = Math.min(rect.height, size.height);
  return toNormalized(
    {
      x: clamp(rect.x, 0, size.width - width),
      y: clamp(rect.y, 0, size.height - height),
      width,
      height,
    },
    size,
  );
}

/** Moves a box by whole image pixels (keyboard nudge), keeping it inside the image. */
export function nudgeBox(box: Box, dx: number, dy: number, size: Size): Box | undefined {
  const rect = toPixels(box, size);
  return placeWithin({ ...rect, x: rect.x + dx, y: rect.y + dy }, size);
}

/**
 * Moves one edge: a positive `delta` moves it outwards (grows the box), a negative one inwards.
 * The edge stops at the image border and never crosses to within `minBoxPixels` of the other edge.
 */
export function moveEdge(box: Box, edge: Edge, delta: number, size: Size): Box | undefined {
  let { x: left, y: top } = toPixels(box, size);
  let right = box.right * size.width;
  let bottom = box.bottom * size.height;
  switch (edge) {
    case 'left':
      left = clamp(left - delta, 0, right - minBoxPixels);
      break;
    case 'right':
      right = clamp(right + delta, left + minBoxPixels, size.width);
      break;
    case 'top':
      top = clamp(top - delta, 0, bottom - minBoxPixels);
      break;
    case 'bottom':
      bottom = clamp(bottom + delta, top + minBoxPixels, size.height);
      break;
  }
  return toNormalized({ x: left, y: top, width: right - left, height: bottom - top }, size);
}

/** A resized box (Transformer): cut to the image, refused when nothing usable is left. */
export function resizedBox(rect: PixelBox, size: Size): Box | undefined {
  const left = clamp(rect.x, 0, size.width);
  const top = clamp(rect.y, 0, size.height);
  const right = clamp(rect.x + rect.width, 0, size.width);
  const bottom = clamp(rect.y + rect.height, 0, size.height);
  if (right - left < minBoxPixels || bottom - top < minBoxPixels) return undefined;
  return toNormalized({ x: left, y: top, width: right - left, height: bottom - top }, size);
}

/** The box between two corners of a drag (any direction), cut to the image. */
export function boxFromDrag(from: Point, to: Point, size: Size): Box | undefined {
  return resizedBox(
    {
      x: Math.min(from.x, to.x),
      y: Math.min(from.y, to.y),
      width: Math.abs(to.x - from.x),
      height: Math.abs(to.y - from.y),
    },
    size,
  );
}

/**
 * A new region placed from the keyboard: a square a fifth of the visible part of the image,
 * centred in it, for the reviewer to fit with the edge keys.
 */
export function placedBox(visible: PixelBox, size: Size): Box | undefined {
  const left = clamp(visible.x, 0, size.width);
  const top = clamp(visible.y, 0, size.height);
  const right = clamp(visible.x + visible.width, 0, size.width);
  const bottom = clamp(visible.y + visible.height, 0, size.height);
  const side = Math.max(minBoxPixels, Math.min(right - left, bottom - top) / 5);
  const centre = { x: (left + right) / 2, y: (top + bottom) / 2 };
  return placeWithin({ x: centre.x - side / 2, y: centre.y - side / 2, width: side, height: side }, size);
}

/**
 * How far one arrow press moves a box or an edge, in image pixels: `step` screen pixels at this
 * zoom, so a press moves what the reviewer sees by one pixel whether the image is shown at a fifth
 * or at eight times its size (docs/review.md, "Nudges"); or `step` image pixels when Settings say so.
 */
export function nudgeDistance(step: number, scale: number, inImagePixels: boolean): number {
  return inImagePixels || !(scale > 0) ? step : step / scale;
}
