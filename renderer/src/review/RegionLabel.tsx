import type Konva from 'konva';
import type { Ref } from 'react';
import { Label, Tag, Text } from 'react-konva';
import type { PixelBox } from '../../../shared/geometry.ts';
import { labelHeight, placeLabel } from './regionPainter.ts';
import { labelFont } from './regionStyle.ts';

let measurer: CanvasRenderingContext2D | null | undefined;
function measureLabel(text: string): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return text.length * 7;
  measurer.font = labelFont(1);
  return measurer.measureText(text).width;
}

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
  /** A rejected label (no concept is true): struck through. */
  struck?: boolean;
  /** The visible part of the image: the label is moved inside it (placeLabel). */
  visible?: PixelBox;
  labelRef?: Ref<Konva.Label>;
}) {
  const height = labelHeight * props.scale;
  // Konva's Text measures itself; the painter's font is the same, so a canvas measure agrees.
  const width = (measureLabel(props.text) + 6) * props.scale;
  const box = { x: props.x, y: props.y, width: 0, height: 0 };
  const place = props.visible
    ? placeLabel(box, width, height, props.visible)
    : { x: props.x, y: props.y - height };
  return (
    <Label
      ref={props.labelRef}
      x={place.x}
      y={place.y}
      scaleX={props.scale}
      scaleY={props.scale}
      opacity={props.opacity}
      listening={false}
    >
      <Tag fill={props.fill} perfectDrawEnabled={false} />
      <Text
        text={props.text}
        fontSize={12}
        fontFamily="Arial"
        padding={3}
        fill={props.textFill}
        textDecoration={props.struck ? 'line-through' : ''}
        perfectDrawEnabled={false}
      />
    </Label>
  );
}
