import { useMemo } from 'react';
import { Layer } from 'react-konva';
import { visibleRegionKeys } from './culling.ts';
import { RegionShape } from './RegionShape.tsx';
import { useReviewStore } from './reviewStore.ts';
import { visibleRect } from './viewport.ts';
import { useViewportStore } from './viewportStore.ts';

/** Above this many regions on screen labels are not drawn: they would cover the image and cost frames. */
export const maxLabelledRegions = 300;

/**
 * The regions that are not being edited, on one layer that does not listen (no hit graph to paint
 * or search). Only regions in or near the view are rendered; the selected one lives on the active
 * layer, so dragging it never redraws this one.
 */
export function RegionLayer() {
  const regions = useReviewStore((state) => state.regions);
  const selectedKey = useReviewStore((state) => state.selectedKey);
  const size = useReviewStore((state) => state.imageSize);
  const viewport = useViewportStore((state) => state.viewport);
  const stage = useViewportStore((state) => state.stage);
  const keys = useMemo(
    () => (size ? visibleRegionKeys(regions, visibleRect(viewport, stage), size, selectedKey) : []),
    [regions, viewport, stage, size, selectedKey],
  );
  if (!size) return <Layer listening={false} />;
  const labelScale = keys.length <= maxLabelledRegions ? 1 / viewport.scale : 0;
  return (
    <Layer listening={false}>
      {keys.map((key) => (
        <RegionShape key={key} regionKey={key} size={size} labelScale={labelScale} />
      ))}
    </Layer>
  );
}
