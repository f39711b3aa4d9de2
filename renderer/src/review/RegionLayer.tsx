import type Konva from 'konva';
import { memo, useCallback } from 'react';
import { Layer, Shape } from 'react-konva';
import type { ReviewedConcept } from '../../../shared/review.ts';
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
  const regions = useReviewStore((state) => state.regions);
  const except = useReviewStore((state) => state.selectedKey);
  const size = useReviewStore((state) => state.imageSize);
  const threshold = useReviewStore((state) => state.threshold);
  const vocabulary = useReviewStore((state) => activeVocabulary(state));
  const display = useDisplayStore();
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
        { regions, size, threshold, except, isNew, painted, display },
        { scale: scaleX, visible },
      );
      // What the labels say, on the stage's element: tests read it (written only when it changes).
      const container = stage.container();
      const text = painted.join('\n');
      if (container.dataset['paintedLabels'] !== text) container.dataset['paintedLabels'] = text;
    },
    [regions, size, threshold, except, vocabulary, display],
  );
  return (
    <Layer listening={false}>
      <Shape sceneFunc={sceneFunc} listening={false} perfectDrawEnabled={false} />
    </Layer>
  );
});
