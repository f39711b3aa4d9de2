import type Konva from 'konva';
import type { Ref } from 'react';
import { Label, Tag, Text } from 'react-konva';

/**
 * A region's label above its top-left corner, drawn at a constant size on screen whatever the
 * zoom (`scale` is 1 / zoom). Never hit-tested.
 */
export function RegionLabel(props: {
  x: number;
  y: number;
  scale: number;
  text: string;
  fill: string;
  textFill: string;
  opacity: number;
  labelRef?: Ref<Konva.Label>;
}) {
  const height = 18 * props.scale;
  return (
    <Label
      ref={props.labelRef}
      x={props.x}
      y={props.y - height}
      scaleX={props.scale}
      scaleY={props.scale}
      opacity={props.opacity}
      listening={false}
    >
      <Tag fill={props.fill} perfectDrawEnabled={false} />
      <Text text={props.text} fontSize={12} padding={3} fill={props.textFill} perfectDrawEnabled={false} />
    </Label>
  );
}
