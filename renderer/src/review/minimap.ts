import type { PixelBox, Size } from '../../../shared/geometry.ts';
import type { Point } from './boxEdit.ts';
import type { Viewport } from './viewport.ts';

/** The minimap's longer side, in CSS pixels. */
export const minimapSide = 180;

/** The minimap's size for an image: its longer side `minimapSide`, the image's aspect ratio. */
export function minimapSize(image: Size, side = minimapSide): Size {
  const scale = side / Math.max(image.width, image.height, 1);
  return {
    width: Math.max(1, Math.round(image.width * scale)),
    height: Math.max(1, Math.round(image.height * scale)),
  };
}

/** Whether part of the image is off screen (zoomed in or panned): then the minimap helps. */
export function isImageCut(visible: PixelBox, image: Size): boolean {
  const slack = 0.5;
  return (
    visible.x > slack ||
    visible.y > slack ||
    visible.x + visible.width < image.width - slack ||
    visible.y + visible.height < image.height - slack
  );
}

/**
 * The view's rectangle on the minimap (minimap pixels), cut to the image: where the reviewer is.
 * `visible` is the visible part of the image plane in image pixels.
 */
export function viewRectOnMinimap(visible: PixelBox, image: Size, map: Size): PixelBox {
  const sx = map.width / image.width;
  const sy = map.height / image.height;
  const left = Math.max(0, visible.x);
  const top = Math.max(0, visible.y);
  const right = Math.min(image.width, visible.x + visible.width);
  const bottom = Math.min(image.height, visible.y + visible.height);
  return {
    x: left * sx,
    y: top * sy,
    width: Math.max(0, right - left) * sx,
    height: Math.max(0, bottom - top) * sy,
  };
}

/** The view moved (never zoomed) so that the image point under `at` (minimap pixels) is in the middle of the stage. */
export function centredOn(viewport: Viewport, stage: Size, at: Point, image: Size, map: Size): Viewport {
  const x = Math.min(image.width, Math.max(0, (at.x / map.width) * image.width));
  const y = Math.min(image.height, Math.max(0, (at.y / map.height) * image.height));
  return { ...viewport, x: stage.width / 2 - x * viewport.scale, y: stage.height / 2 - y * viewport.scale };
}
