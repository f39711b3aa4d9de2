import { Rect } from 'react-konva';
import type { PixelBox } from '../../../shared/geometry.ts';
import { ghostStroke } from './regionStyle.ts';

/** The predicted box of a moved region, drawn faint behind it; never hit-tested. */
export function GhostBox({ box }: { box: PixelBox }) {
  return (
    <Rect
      {...box}
      stroke={ghostStroke}
      strokeWidth={1}
      dash={[3, 3]}
      strokeScaleEnabled={false}
      perfectDrawEnabled={false}
      listening={false}
    />
  );
}
