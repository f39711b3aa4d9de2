import type Konva from 'konva';
import { memo, useCallback } from 'react';
import { Layer, Shape } from 'react-konva';
import { paintRegions } from './regionPainter.ts';
import { useReviewStore } from './reviewStore.ts';

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
      paintRegions(context._context, { regions, size, threshold, except }, { scale: scaleX, visible });
    },
    [regions, size, threshold, except],
  );
  return (
    <Layer listening={false}>
      <Shape sceneFunc={sceneFunc} listening={false} perfectDrawEnabled={false} />
    </Layer>
  );
});
