import { useEffect, useRef, type PointerEvent } from 'react';
import { toPixels, type Size } from '../../../shared/geometry.ts';
import type { DecodedImage } from './bitmapCache.ts';
import { centredOn, isImageCut, minimapSize, viewRectOnMinimap } from './minimap.ts';
import { regionLook } from './regionStatus.ts';
import { useReviewStore } from './reviewStore.ts';
import { visibleRect } from './viewport.ts';
import { useViewportStore } from './viewportStore.ts';

/**
 * An overview of the image while zoomed in (issue 20, missing 4): the image small, the regions as
 * hairlines, and the view's rectangle; a click or a drag on it pans there. The picture is painted
 * when the image or its regions change, never on a pan or zoom: those move only the rectangle,
 * a positioned element, so a pan at thousands of regions costs the minimap nothing.
 */
export function Minimap(props: { image: DecodedImage | undefined; size: Size }) {
  const { image, size } = props;
  const enabled = useReviewStore((state) => state.minimap);
  const regions = useReviewStore((state) => state.regions);
  const viewport = useViewportStore((state) => state.viewport);
  const stage = useViewportStore((state) => state.stage);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const map = minimapSize(size);
  const visible = visibleRect(viewport, stage);
  const shown = enabled && !!image && stage.width > 0 && isImageCut(visible, size);

  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!shown || !canvas || !context || !image) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(map.width * ratio);
    canvas.height = Math.round(map.height * ratio);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.drawImage(image, 0, 0, map.width, map.height);
    // The regions in one path and one stroke, whatever their number (as the region layer does).
    const sx = map.width / size.width;
    const sy = map.height / size.height;
    context.beginPath();
    for (const region of regions) {
      if (regionLook(region) === 'deleted') continue;
      const box = toPixels(region.box, size);
      context.rect(box.x * sx, box.y * sy, Math.max(1, box.width * sx), Math.max(1, box.height * sy));
    }
    context.strokeStyle = 'rgba(250, 204, 21, 0.8)';
    context.lineWidth = 1;
    context.stroke();
  }, [shown, image, regions, size, map.width, map.height]);

  if (!shown) return null;
  const rect = viewRectOnMinimap(visible, size, map);
  const panTo = (event: PointerEvent<HTMLDivElement>) => {
    const bounds = (canvasRef.current ?? event.currentTarget).getBoundingClientRect();
    const { viewport, stage, setViewport } = useViewportStore.getState();
    setViewport(
      centredOn(
        viewport,
        stage,
        { x: event.clientX - bounds.left, y: event.clientY - bounds.top },
        size,
        map,
      ),
    );
  };
  return (
    <div
      className="minimap"
      data-testid="minimap"
      aria-label="Minimap: click or drag to pan"
      style={{ width: map.width, height: map.height }}
      data-view={[rect.x, rect.y, rect.width, rect.height].map((n) => n.toFixed(1)).join(' ')}
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        event.stopPropagation();
        event.currentTarget.setPointerCapture(event.pointerId);
        panTo(event);
      }}
      onPointerMove={(event) => {
        if (event.currentTarget.hasPointerCapture(event.pointerId)) panTo(event);
      }}
      onMouseDown={(event) => event.stopPropagation()}
    >
      <canvas ref={canvasRef} style={{ width: map.width, height: map.height }} />
      <div
        className="minimap-view"
        data-testid="minimap-view"
        style={{ left: rect.x, top: rect.y, width: rect.width, height: rect.height }}
      />
    </div>
  );
}
