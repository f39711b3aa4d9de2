import { describe, expect, it } from 'vitest';
import {
  actualSize,
  fitViewport,
  maxScale,
  panToShow,
  screenToImage,
  visibleRect,
  zoomAt,
  zoomToRect,
} from '../../../../renderer/src/review/viewport.ts';

const stage = { width: 832, height: 432 };

describe('the canvas transform', () => {
  it('fits the whole image, centred, inside a margin', () => {
    const viewport = fitViewport({ width: 1600, height: 400 }, stage);
    expect(viewport.scale).toBeCloseTo(0.5, 9);
    expect(viewport).toMatchObject({ x: 16, y: 116 });
  });

  it('zooms to the cursor: the image point under it stays under it', () => {
    const start = { scale: 0.5, x: 16, y: 116 };
    const cursor = { x: 300, y: 200 };
    const before = screenToImage(start, cursor);
    const zoomed = zoomAt(start, cursor, 2);
    expect(zoomed.scale).toBe(1);
    expect(screenToImage(zoomed, cursor).x).toBeCloseTo(before.x, 9);
    expect(screenToImage(zoomed, cursor).y).toBeCloseTo(before.y, 9);
  });

  it('keeps the zoom within bounds', () => {
    expect(zoomAt({ scale: 20, x: 0, y: 0 }, { x: 0, y: 0 }, 10).scale).toBe(maxScale);
  });

  it('shows 1:1 around the middle of the stage', () => {
    const start = { scale: 0.5, x: 16, y: 116 };
    const middle = screenToImage(start, { x: 416, y: 216 });
    const real = actualSize(start, stage);
    expect(real.scale).toBe(1);
    expect(screenToImage(real, { x: 416, y: 216 }).x).toBeCloseTo(middle.x, 9);
  });

  it('zooms to a region with room around it, but not beyond 8×', () => {
    const viewport = zoomToRect({ x: 100, y: 100, width: 200, height: 100 }, stage);
    const visible = visibleRect(viewport, stage);
    expect(visible.x).toBeLessThan(100);
    expect(visible.x + visible.width).toBeGreaterThan(300);
    expect(zoomToRect({ x: 10, y: 10, width: 2, height: 2 }, stage).scale).toBe(8);
  });

  it('reports the visible part of the image in image pixels', () => {
    expect(visibleRect({ scale: 2, x: -100, y: -50 }, stage)).toEqual({
      x: 50,
      y: 25,
      width: 416,
      height: 216,
    });
  });

  it('pans just enough to bring a region into view, and not at all when it shows', () => {
    const viewport = { scale: 1, x: 0, y: 0 };
    expect(panToShow(viewport, stage, { x: 100, y: 100, width: 50, height: 50 })).toBe(viewport);
    const panned = panToShow(viewport, stage, { x: 1000, y: 100, width: 50, height: 50 });
    expect(panned.scale).toBe(1);
    expect(1050 + panned.x).toBeLessThanOrEqual(stage.width);
    expect(1000 + panned.x).toBeGreaterThanOrEqual(0);
  });
});
