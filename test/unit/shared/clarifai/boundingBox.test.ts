import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boundingBoxFromPixels,
  boundingBoxSchema,
  boundingBoxToPixels,
  fromBoundingBox,
  toBoundingBox,
  wireBoundingBoxSchema,
} from '../../../../shared/clarifai/boundingBox.ts';
import { boxSchema } from '../../../../shared/geometry.ts';
import { boxArbitrary } from '../../../support/reviewStateArbitrary.ts';

describe('bounding_box ⇄ Box', () => {
  it('renames the seed example box field by field', () => {
    expect(toBoundingBox({ top: 0.3, left: 0.2, bottom: 0.7, right: 0.8 })).toStrictEqual({
      top_row: 0.3,
      left_col: 0.2,
      bottom_row: 0.7,
      right_col: 0.8,
    });
    expect(fromBoundingBox({ top_row: 0.3, left_col: 0.2, bottom_row: 0.7, right_col: 0.8 })).toStrictEqual({
      top: 0.3,
      left: 0.2,
      bottom: 0.7,
      right: 0.8,
    });
  });

  it('clamps a box that overshoots the image', () => {
    expect(
      fromBoundingBox({ top_row: -0.02, left_col: 0.5, bottom_row: 1.01, right_col: 1.3 }),
    ).toStrictEqual({
      top: 0,
      left: 0.5,
      bottom: 1,
      right: 1,
    });
    expect(toBoundingBox({ top: -1, left: 0.1, bottom: 0.4, right: 2 })).toStrictEqual({
      top_row: 0,
      left_col: 0.1,
      bottom_row: 0.4,
      right_col: 1,
    });
  });

  it.each([
    ['empty', { top_row: 0.5, left_col: 0.1, bottom_row: 0.5, right_col: 0.4 }],
    ['inverted', { top_row: 0.6, left_col: 0.1, bottom_row: 0.5, right_col: 0.4 }],
    ['empty after clamping', { top_row: 1.2, left_col: 0.1, bottom_row: 1.5, right_col: 0.4 }],
    ['not finite', { top_row: Number.NaN, left_col: 0.1, bottom_row: 0.5, right_col: 0.4 }],
    ['infinite', { top_row: 0, left_col: 0.1, bottom_row: Number.POSITIVE_INFINITY, right_col: 0.4 }],
  ])('rejects a box that is %s', (_why, box) => {
    expect(fromBoundingBox(box)).toBeUndefined();
    expect(
      toBoundingBox({ top: box.top_row, left: box.left_col, bottom: box.bottom_row, right: box.right_col }),
    ).toBeUndefined();
  });

  it('reads coordinates proto3 JSON left out as 0', () => {
    const parsed = wireBoundingBoxSchema.parse({ bottom_row: 0.5, right_col: 0.25 });
    expect(fromBoundingBox(parsed)).toStrictEqual({ top: 0, left: 0, bottom: 0.5, right: 0.25 });
  });

  it('never yields NaN or a value outside [0,1], whatever comes in', () => {
    const anyNumber = fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 1e308));
    fc.assert(
      fc.property(anyNumber, anyNumber, anyNumber, anyNumber, (top_row, left_col, bottom_row, right_col) => {
        const box = fromBoundingBox({ top_row, left_col, bottom_row, right_col });
        if (box === undefined) return;
        expect(boxSchema.safeParse(box).success).toBe(true);
        expect(boundingBoxSchema.safeParse(toBoundingBox(box)).success).toBe(true);
      }),
    );
  });

  it('round-trips any valid Box exactly', () => {
    fc.assert(
      fc.property(boxArbitrary, (box) => {
        const wire = toBoundingBox(box);
        expect(boundingBoxSchema.safeParse(wire).success).toBe(true);
        expect(wire && fromBoundingBox(wire)).toStrictEqual(box);
      }),
    );
  });
});

describe('bounding_box ⇄ pixels', () => {
  const sizeArbitrary = fc.record({
    width: fc.integer({ min: 1, max: 10_000 }),
    height: fc.integer({ min: 1, max: 10_000 }),
  });

  /** A whole-pixel box inside an image of that size. */
  const pixelCase = sizeArbitrary.chain((size) =>
    fc
      .record({
        x: fc.integer({ min: 0, max: size.width - 1 }),
        y: fc.integer({ min: 0, max: size.height - 1 }),
        w: fc.integer({ min: 1, max: size.width }),
        h: fc.integer({ min: 1, max: size.height }),
      })
      .map(({ x, y, w, h }) => ({
        size,
        box: { x, y, width: Math.min(w, size.width - x), height: Math.min(h, size.height - y) },
      })),
  );

  it('round-trips pixels → bounding_box → pixels within half a pixel, for images of 1..10000 px', () => {
    fc.assert(
      fc.property(pixelCase, ({ size, box }) => {
        const wire = boundingBoxFromPixels(box, size);
        expect(boundingBoxSchema.safeParse(wire).success).toBe(true);
        const back = wire && boundingBoxToPixels(wire, size);
        expect(back).toBeDefined();
        if (!back) return;
        expect(Math.abs(back.x - box.x)).toBeLessThanOrEqual(0.5);
        expect(Math.abs(back.y - box.y)).toBeLessThanOrEqual(0.5);
        expect(Math.abs(back.width - box.width)).toBeLessThanOrEqual(0.5);
        expect(Math.abs(back.height - box.height)).toBeLessThanOrEqual(0.5);
      }),
    );
  });

  it('round-trips bounding_box → whole pixels → bounding_box within half a pixel', () => {
    fc.assert(
      fc.property(boxArbitrary, sizeArbitrary, (box, size) => {
        const wire = toBoundingBox(box);
        const pixels = wire && boundingBoxToPixels(wire, size);
        if (!wire || !pixels) throw new Error('a valid box must convert');
        const x = Math.round(pixels.x);
        const y = Math.round(pixels.y);
        const rounded = {
          x,
          y,
          width: Math.round(pixels.x + pixels.width) - x,
          height: Math.round(pixels.y + pixels.height) - y,
        };
        const back = boundingBoxFromPixels(rounded, size);
        // A box thinner than a pixel rounds to nothing: rejected, never NaN or inverted.
        if (rounded.width <= 0 || rounded.height <= 0) {
          expect(back).toBeUndefined();
          return;
        }
        if (!back) throw new Error('a whole-pixel box inside the image must convert');
        expect(Math.abs(back.left_col - wire.left_col) * size.width).toBeLessThanOrEqual(0.5 + 1e-9);
        expect(Math.abs(back.right_col - wire.right_col) * size.width).toBeLessThanOrEqual(0.5 + 1e-9);
        expect(Math.abs(back.top_row - wire.top_row) * size.height).toBeLessThanOrEqual(0.5 + 1e-9);
        expect(Math.abs(back.bottom_row - wire.bottom_row) * size.height).toBeLessThanOrEqual(0.5 + 1e-9);
      }),
    );
  });

  it('rejects empty boxes and empty or broken image sizes', () => {
    const wire = { top_row: 0.1, left_col: 0.1, bottom_row: 0.5, right_col: 0.5 };
    expect(
      boundingBoxFromPixels({ x: 5, y: 5, width: 0, height: 4 }, { width: 10, height: 10 }),
    ).toBeUndefined();
    expect(
      boundingBoxFromPixels({ x: 5, y: 5, width: 4, height: 4 }, { width: 0, height: 10 }),
    ).toBeUndefined();
    expect(boundingBoxToPixels(wire, { width: 0, height: 10 })).toBeUndefined();
    expect(boundingBoxToPixels(wire, { width: Number.NaN, height: 10 })).toBeUndefined();
    expect(boundingBoxToPixels(wire, { width: 100, height: 50 })).toStrictEqual({
      x: 10,
      y: 5,
      width: 40,
      height: 20,
    });
  });
});
