import { z } from 'zod';
import { toNormalized, toPixels, type Box, type PixelBox, type Size } from '../geometry.ts';

/**
 * Clarifai's `bounding_box`: fractions of the image height (`*_row`) and width (`*_col`), the
 * same space as Loupe's normalised `Box` under other names. Conversion happens here, at the wire
 * boundary, and nowhere else.
 */

/**
 * As responses carry it. proto3 JSON leaves out fields equal to zero, so a box touching the top
 * or left edge may arrive without `top_row` / `left_col`: a missing coordinate is 0.
 */
export const wireBoundingBoxSchema = z.looseObject({
  top_row: z.number().default(0),
  left_col: z.number().default(0),
  bottom_row: z.number().default(0),
  right_col: z.number().default(0),
});
export type WireBoundingBox = z.infer<typeof wireBoundingBoxSchema>;

const fraction = z.number().min(0).max(1);

/** As a request must carry it: all four coordinates, in [0,1], not empty, not inverted. */
export const boundingBoxSchema = z
  .strictObject({ top_row: fraction, left_col: fraction, bottom_row: fraction, right_col: fraction })
  .refine((box) => box.top_row < box.bottom_row && box.left_col < box.right_col, {
    message: 'bounding_box must have top_row < bottom_row and left_col < right_col',
  });
export type BoundingBox = z.infer<typeof boundingBoxSchema>;

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

/** Clamps to the image; undefined when not finite, or empty or inverted after clamping. */
function clampedBox(top: number, left: number, bottom: number, right: number): Box | undefined {
  if (![top, left, bottom, right].every(Number.isFinite)) return undefined;
  const box = { top: clamp01(top), left: clamp01(left), bottom: clamp01(bottom), right: clamp01(right) };
  return box.top < box.bottom && box.left < box.right ? box : undefined;
}

/** Loupe box → wire box, clamped; undefined when nothing is left to send. */
export function toBoundingBox(box: Box): BoundingBox | undefined {
  const clamped = clampedBox(box.top, box.left, box.bottom, box.right);
  return (
    clamped && {
      top_row: clamped.top,
      left_col: clamped.left,
      bottom_row: clamped.bottom,
      right_col: clamped.right,
    }
  );
}

/** Wire box → Loupe box, clamped (models may overshoot the edge a little); undefined when empty. */
export function fromBoundingBox(box: Partial<WireBoundingBox>): Box | undefined {
  return clampedBox(box.top_row ?? 0, box.left_col ?? 0, box.bottom_row ?? 0, box.right_col ?? 0);
}

/** Pixels (e.g. a COCO box) → wire box for an image of `size`. */
export function boundingBoxFromPixels(box: PixelBox, size: Size): BoundingBox | undefined {
  const normalized = toNormalized(box, size);
  return normalized && toBoundingBox(normalized);
}

/** Wire box → pixels for an image of `size`; undefined for an empty box or image. */
export function boundingBoxToPixels(box: Partial<WireBoundingBox>, size: Size): PixelBox | undefined {
  const normalized = fromBoundingBox(box);
  if (!normalized || !(size.width > 0 && size.height > 0)) return undefined;
  if (!Number.isFinite(size.width) || !Number.isFinite(size.height)) return undefined;
  return toPixels(normalized, size);
}
