import { z } from 'zod';

/**
 * Inside Loupe every box is normalised: fractions of the image's (EXIF-corrected) height for
 * `top`/`bottom` and of its width for `left`/`right`, as Clarifai's bounding_box. Pixels exist
 * only at the edges (the canvas, COCO export) and are converted there with the image size.
 */
export const boxSchema = z
  .object({
    top: z.number().min(0).max(1),
    left: z.number().min(0).max(1),
    bottom: z.number().min(0).max(1),
    right: z.number().min(0).max(1),
  })
  .refine((box) => box.top < box.bottom && box.left < box.right, {
    message: 'box must have top < bottom and left < right',
  });
export type Box = z.infer<typeof boxSchema>;

export interface Size {
  width: number;
  height: number;
}

/** A box in image pixels: x/y of the top-left corner, width and height. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

/**
 * Pixels → normalised, clamped to the image. Returns undefined for a box that is empty, inverted
 * or not finite after clamping (nothing left to send).
 */
export function toNormalized(box: PixelBox, size: Size): Box | undefined {
  if (!(size.width > 0 && size.height > 0)) return undefined;
  const values = [box.x, box.y, box.width, box.height];
  if (!values.every(Number.isFinite) || box.width <= 0 || box.height <= 0) return undefined;
  const normalized = {
    top: clamp01(box.y / size.height),
    left: clamp01(box.x / size.width),
    bottom: clamp01((box.y + box.height) / size.height),
    right: clamp01((box.x + box.width) / size.width),
  };
  return normalized.top < normalized.bottom && normalized.left < normalized.right ? normalized : undefined;
}

/** Normalised → pixels for an image of `size`. */
export function toPixels(box: Box, size: Size): PixelBox {
  return {
    x: box.left * size.width,
    y: box.top * size.height,
    width: (box.right - box.left) * size.width,
    height: (box.bottom - box.top) * size.height,
  };
}

/** Intersection over union of two boxes (0 when they do not overlap). */
export function iou(a: Box, b: Box): number {
  const width = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  const union = area(a) + area(b) - intersection;
  return union > 0 ? intersection / union : 0;
}

export function area(box: Box): number {
  return Math.max(0, box.right - box.left) * Math.max(0, box.bottom - box.top);
}

export function sameBox(a: Box, b: Box, epsilon = 1e-9): boolean {
  return (
    Math.abs(a.top - b.top) <= epsilon &&
    Math.abs(a.left - b.left) <= epsilon &&
    Math.abs(a.bottom - b.bottom) <= epsilon &&
    Math.abs(a.right - b.right) <= epsilon
  );
}
