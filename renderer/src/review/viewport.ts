import type { PixelBox, Size } from '../../../shared/geometry.ts';
import type { Point } from './boxEdit.ts';

/**
 * The canvas transform: a point of the image at pixel (ix, iy) shows on screen at
 * (ix * scale + x, iy * scale + y). Regions live in image pixels inside it, so zooming and
 * panning change this one transform and no region.
 */
export interface Viewport {
  scale: number;
  x: number;
  y: number;
}

export const minScale = 0.02;
export const maxScale = 32;
/** Zooming to a region stops here: a tiny box should not fill the screen with blurred pixels. */
const maxRegionZoom = 8;
const fitMargin = 16;

const clampScale = (scale: number) => Math.min(maxScale, Math.max(minScale, scale));

/** The whole image, as large as it fits, centred. */
export function fitViewport(image: Size, stage: Size): Viewport {
  return fitRect({ x: 0, y: 0, width: image.width, height: image.height }, stage, Infinity);
}

function fitRect(rect: PixelBox, stage: Size, limit: number): Viewport {
  const room = {
    width: Math.max(1, stage.width - 2 * fitMargin),
    height: Math.max(1, stage.height - 2 * fitMargin),
  };
  const scale = clampScale(
    Math.min(limit, room.width / Math.max(rect.width, 1e-6), room.height / Math.max(rect.height, 1e-6)),
  );
  return {
    scale,
    x: stage.width / 2 - (rect.x + rect.width / 2) * scale,
    y: stage.height / 2 - (rect.y + rect.height / 2) * scale,
  };
}

/** The selected region with some room around it. */
export function zoomToRect(rect: PixelBox, stage: Size): Viewport {
  const pad = Math.max(rect.width, rect.height) * 0.25;
  return fitRect(
    { x: rect.x - pad, y: rect.y - pad, width: rect.width + 2 * pad, height: rect.height + 2 * pad },
    stage,
    maxRegionZoom,
  );
}

/** Zooms by `factor` keeping the image point under `point` (screen) where it is: wheel to cursor. */
export function zoomAt(viewport: Viewport, point: Point, factor: number): Viewport {
  const scale = clampScale(viewport.scale * factor);
  const imagePoint = screenToImage(viewport, point);
  return { scale, x: point.x - imagePoint.x * scale, y: point.y - imagePoint.y * scale };
}

/** 1:1 — one image pixel per screen pixel, around the middle of the stage. */
export function actualSize(viewport: Viewport, stage: Size): Viewport {
  return zoomAt(viewport, { x: stage.width / 2, y: stage.height / 2 }, 1 / viewport.scale);
}

export function screenToImage(viewport: Viewport, point: Point): Point {
  return { x: (point.x - viewport.x) / viewport.scale, y: (point.y - viewport.y) / viewport.scale };
}

/** The part of the image plane the stage shows, in image pixels. */
export function visibleRect(viewport: Viewport, stage: Size): PixelBox {
  return {
    x: -viewport.x / viewport.scale,
    y: -viewport.y / viewport.scale,
    width: stage.width / viewport.scale,
    height: stage.height / viewport.scale,
  };
}

/**
 * Pans (never zooms) just enough that `rect` (image pixels) is on screen with a margin, so
 * stepping through regions from the keyboard keeps the selected one in view. Unchanged when it
 * already shows.
 */
export function panToShow(viewport: Viewport, stage: Size, rect: PixelBox): Viewport {
  const margin = fitMargin * 2;
  const left = rect.x * viewport.scale + viewport.x;
  const top = rect.y * viewport.scale + viewport.y;
  const right = left + rect.width * viewport.scale;
  const bottom = top + rect.height * viewport.scale;
  const shift = (start: number, end: number, room: number) => {
    if (end - start > room - 2 * margin) return room / 2 - (start + end) / 2;
    if (start < margin) return margin - start;
    if (end > room - margin) return room - margin - end;
    return 0;
  };
  const dx = shift(left, right, stage.width);
  const dy = shift(top, bottom, stage.height);
  return dx === 0 && dy === 0 ? viewport : { ...viewport, x: viewport.x + dx, y: viewport.y + dy };
}
