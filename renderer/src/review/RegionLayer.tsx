import type Konva from 'konva';
import { memo, useCallback, useRef } from 'react';
import { Layer, Shape } from 'react-konva';
import { useShallow } from 'zustand/react/shallow';
import type { ReviewedConcept, ReviewedRegion } from '../../../shared/review.ts';
import { paintRegions } from './regionPainter.ts';
import { isNewConcept } from './conceptCatalog.ts';
import { useDisplayStore } from './displayStore.ts';
import { activeVocabulary, useReviewStore } from './reviewStore.ts';

/**
 * The regions that are not being edited: one shape on one layer that does not listen (no hit
 * graph to paint or search; clicks are resolved by `regionAt`). The shape paints them all with
 * plain Canvas 2D calls, reading the zoom and the visible part from its own transform, so a pan
 * or zoom redraws it without React and without a node per region. The selected region lives on
 * the active layer, so dragging it never redraws this one.
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
  const sceneFunc = useCallback(
    (context: Konva.Context, shape: Konva.Shape) => {
      const stage = shape.getStage();
      if (!size || !stage) return;
      const { x, y, scaleX } = shape.getAbsoluteTransform().decompose();
      const visible = {
        x: -x / scaleX,
        y: -y / scaleX,
        width: stage.width() / scaleX,
        height: stage.height() / scaleX,
      };
      const painted: string[] = [];
      const isNew = (concept: ReviewedConcept) => isNewConcept(concept, vocabulary);
      paintRegions(
        context._context,
        { regions, size, threshold, except, isNew, painted, display, selected },
        { scale: scaleX, visible },
      );
      // What the labels say, on the stage's element: tests read it (written only when it changes).
      const container = stage.container();
      const text = painted.join('\n');
      if (container.dataset['paintedLabels'] !== text) container.dataset['paintedLabels'] = text;
    },
    [regions, size, threshold, except, vocabulary, display, selected],
  );
  return (
    <Layer listening={false}>
      <Shape sceneFunc={sceneFunc} listening={false} perfectDrawEnabled={false} />
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
