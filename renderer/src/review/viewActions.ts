import { toPixels } from '../../../shared/geometry.ts';
import { useReviewStore } from './reviewStore.ts';
import { actualSize, fitViewport, zoomAt, zoomToRect } from './viewport.ts';
import { useViewportStore } from './viewportStore.ts';

/** Zoom keys and buttons: they change only the canvas transform. */

const keyZoomStep = 1.25;

export function zoomBy(factor: number): void {
  const { viewport, stage, setViewport } = useViewportStore.getState();
  setViewport(zoomAt(viewport, { x: stage.width / 2, y: stage.height / 2 }, factor));
}

export const zoomIn = (): void => zoomBy(keyZoomStep);
export const zoomOut = (): void => zoomBy(1 / keyZoomStep);

export function fit(): void {
  const size = useReviewStore.getState().imageSize;
  const { stage, setViewport } = useViewportStore.getState();
  if (size && stage.width > 0) setViewport(fitViewport(size, stage));
}

export function showActualSize(): void {
  const { viewport, stage, setViewport } = useViewportStore.getState();
  setViewport(actualSize(viewport, stage));
}

export function zoomToSelected(): void {
  const { selectedKey, regionsByKey, imageSize } = useReviewStore.getState();
  const region = selectedKey === undefined ? undefined : regionsByKey.get(selectedKey);
  if (!region || !imageSize) return;
  const { stage, setViewport } = useViewportStore.getState();
  setViewport(zoomToRect(toPixels(region.box, imageSize), stage));
}
