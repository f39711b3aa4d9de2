import { memo } from 'react';
import { Line, Rect } from 'react-konva';
import { toPixels, type Size } from '../../../shared/geometry.ts';
import { GhostBox } from './GhostBox.tsx';
import { RegionLabel } from './RegionLabel.tsx';
import { isDimmed, regionLook } from './regionStatus.ts';
import { regionLabel, regionStyle } from './regionStyle.ts';
import { useReviewStore } from './reviewStore.ts';

/** Opacity of regions below the confidence threshold: dimmed, never hidden. */
export const dimmedOpacity = 0.35;

/**
 * One region that is not selected. It reads its own region from the store by key, so an edit of
 * another region does not render it again; it is never hit-tested (clicks are resolved by
 * `regionAt`). `labelScale` 0 means no label (too many regions on screen to read them anyway).
 */
export const RegionShape = memo(function RegionShape(props: {
  regionKey: string;
  size: Size;
  labelScale: number;
}) {
  const region = useReviewStore((state) => state.regionsByKey.get(props.regionKey));
  const threshold = useReviewStore((state) => state.threshold);
  if (!region) return null;
  const look = regionLook(region);
  if (look === 'deleted') return null;
  const style = regionStyle(look);
  const box = toPixels(region.box, props.size);
  const opacity = isDimmed(region, threshold) ? dimmedOpacity : 1;
  const ghost =
    look === 'misplaced' && region.predictedBox ? toPixels(region.predictedBox, props.size) : undefined;
  return (
    <>
      {ghost && <GhostBox box={ghost} />}
      <Rect
        {...box}
        stroke={style.stroke}
        strokeWidth={2}
        dash={style.dash}
        strokeScaleEnabled={false}
        opacity={opacity}
        perfectDrawEnabled={false}
        listening={false}
      />
      {look === 'false_positive' && (
        <Line
          points={[box.x, box.y, box.x + box.width, box.y + box.height]}
          stroke={style.stroke}
          strokeWidth={2}
          strokeScaleEnabled={false}
          opacity={opacity}
          perfectDrawEnabled={false}
          listening={false}
        />
      )}
      {props.labelScale > 0 && (
        <RegionLabel
          x={box.x}
          y={box.y}
          scale={props.labelScale}
          text={regionLabel(region)}
          fill={style.stroke}
          textFill={style.labelText}
          opacity={opacity}
        />
      )}
    </>
  );
});
