import type Konva from 'konva';
import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import { Layer, Shape } from 'react-konva';
import { useShallow } from 'zustand/react/shallow';
import type { ReviewedConcept, ReviewedRegion } from '../../../shared/review.ts';
import { bitmapTransform, placeBitmap, type CachedBitmap, type DeviceTransform } from './regionCache.ts';
import { paintRegions, type PaintInput } from './regionPainter.ts';
import { isNewConcept } from './conceptCatalog.ts';
import { useDisplayStore } from './displayStore.ts';
import { activeVocabulary, useReviewStore } from './reviewStore.ts';

/**
 * The regions that are not being edited: one shape on one layer that does not listen (no hit
 * graph to paint or search; clicks are resolved by `regionAt`). The shape paints them all with
 * plain Canvas 2D calls, reading the zoom and the visible part from its own transform, so a pan
 * or zoom redraws it without React and without a node per region. The selected region lives on
 * the active layer, so dragging it never redraws this one. The frames of a pan reuse a bitmap of
 * the layer (regionCache.ts); otherwise it is painted directly.
 */
export const RegionLayer = memo(function RegionLayer() {
  const except = useReviewStore((state) => state.selectedKey);
  const regions = usePaintedRegions(
    useReviewStore((state) => state.regions),
    except,
  );
  const selected = useReviewStore((state) => state.selection);
  const size = useReviewStore((state) => state.imageSize);
  const threshold = useReviewStore((state) => state.threshold);
  const vocabulary = useReviewStore((state) => activeVocabulary(state));
  // Not brightness or contrast: those filter the image layer, and must not repaint every region.
  const display = useDisplayStore(
    useShallow(({ regions, hiddenLooks, hiddenConcepts, boxOpacity, labelSize, onlyKeys }) => ({
      regions,
      hiddenLooks,
      hiddenConcepts,
      onlyKeys,
      boxOpacity,
      labelSize,
    })),
  );
  const shapeRef = useRef<Konva.Shape>(null);
  // A bitmap painted from what this render shows: new regions or display settings, a new one.
  const cache = useMemo<{ bitmap?: CachedBitmap }>(
    () => ({}),
    [regions, size, threshold, except, vocabulary, display, selected],
  );
  useEffect(() => {
    const stage = shapeRef.current?.getStage();
    const layer = shapeRef.current?.getLayer();
    if (!stage || !layer) return;
    // The pan's last frame came from the bitmap: painted directly again, labels placed for the view.
    stage.on('dragend.regionCache', () => layer.batchDraw());
    return () => {
      stage.off('.regionCache');
      releaseBitmap();
    };
  }, []);
  const sceneFunc = useCallback(
    (context: Konva.Context, shape: Konva.Shape) => {
      const stage = shape.getStage();
      if (!size || !stage) return;
      const { x, y, scaleX } = shape.getAbsoluteTransform().decompose();
      const isNew = (concept: ReviewedConcept) => isNewConcept(concept, vocabulary);
      const input = { regions, size, threshold, except, isNew, display, selected };
      const native = context._context;
      if (stage.isDragging()) {
        drawFromBitmap(native, cache, input, scaleX);
        return;
      }
      const visible = {
        x: -x / scaleX,
        y: -y / scaleX,
        width: stage.width() / scaleX,
        height: stage.height() / scaleX,
      };
      const painted: string[] = [];
      paintRegions(native, { ...input, painted }, { scale: scaleX, visible });
      // What the labels say, on the stage's element: tests read it (written only when it changes).
      const container = stage.container();
      const text = painted.join('\n');
      if (container.dataset['paintedLabels'] !== text) container.dataset['paintedLabels'] = text;
    },
    [regions, size, threshold, except, vocabulary, display, selected, cache],
  );
  return (
    <Layer listening={false}>
      <Shape ref={shapeRef} sceneFunc={sceneFunc} listening={false} perfectDrawEnabled={false} />
    </Layer>
  );
});

/**
 * The regions this layer paints. An edit of the selected region (a nudge, a relabel — most key
 * presses) changes nothing this layer shows, since the active layer draws that region: the
 * earlier array is kept, so the layer is not redrawn (and its canvas not composited again).
 */
function usePaintedRegions(
  regions: readonly ReviewedRegion[],
  except: string | undefined,
): readonly ReviewedRegion[] {
  const kept = useRef({ regions, except });
  const previous = kept.current;
  const stale =
    previous.except !== except ||
    (previous.regions !== regions &&
      (except === undefined || !differOnlyAt(previous.regions, regions, except)));
  if (stale) kept.current = { regions, except };
  return kept.current.regions;
}

function differOnlyAt(
  before: readonly ReviewedRegion[],
  after: readonly ReviewedRegion[],
  key: string,
): boolean {
  if (before.length !== after.length) return false;
  for (let index = 0; index < before.length; index++) {
    const a = before[index]!;
    if (a !== after[index] && !(a.key === key && after[index]!.key === key)) return false;
  }
  return true;
}

/** One bitmap for the layer (there is one region layer), kept between gestures to save allocating it. */
let bitmapCanvas: HTMLCanvasElement | undefined;
let bitmapOwner: object | undefined;

function releaseBitmap(): void {
  if (bitmapCanvas) bitmapCanvas.width = bitmapCanvas.height = 0;
  bitmapCanvas = undefined;
  bitmapOwner = undefined;
}

/**
 * A pan's frame: the bitmap drawn where the view now puts it, painted again first when it was
 * painted from other regions or cannot cover the view (panned past its margin, or another zoom).
 */
function drawFromBitmap(
  native: CanvasRenderingContext2D,
  cache: { bitmap?: CachedBitmap },
  input: PaintInput,
  scale: number,
): void {
  const matrix = native.getTransform();
  const now: DeviceTransform = { a: matrix.a, d: matrix.d, e: matrix.e, f: matrix.f };
  const view = { width: native.canvas.width, height: native.canvas.height };
  let place =
    cache.bitmap && bitmapOwner === cache && bitmapCanvas ? placeBitmap(cache.bitmap, now, view) : undefined;
  if (!place) {
    const bitmap = bitmapTransform(now, view);
    bitmapCanvas ??= document.createElement('canvas');
    if (bitmapCanvas.width !== bitmap.width || bitmapCanvas.height !== bitmap.height) {
      bitmapCanvas.width = bitmap.width;
      bitmapCanvas.height = bitmap.height;
    }
    const target = bitmapCanvas.getContext('2d');
    if (!target) return;
    target.setTransform(1, 0, 0, 1, 0, 0);
    target.clearRect(0, 0, bitmap.width, bitmap.height);
    const { a, d, e, f } = bitmap.painted;
    target.setTransform(a, 0, 0, d, e, f);
    // The bitmap's part of the image, in image pixels: its labels are placed for it, not the view.
    const visible = { x: -e / a, y: -f / d, width: bitmap.width / a, height: bitmap.height / d };
    paintRegions(target, input, { scale, visible });
    cache.bitmap = bitmap;
    bitmapOwner = cache;
    place = placeBitmap(bitmap, now, view);
    if (!place) return;
  }
  native.save();
  native.setTransform(1, 0, 0, 1, 0, 0);
  native.drawImage(bitmapCanvas!, place.x, place.y, place.width, place.height);
  native.restore();
}
