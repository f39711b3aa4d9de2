import type Konva from 'konva';
import { useEffect, useRef } from 'react';
import { Line, Rect, Transformer } from 'react-konva';
import { toPixels, type Size } from '../../../shared/geometry.ts';
import { placeWithin, resizedBox, minBoxPixels } from './boxEdit.ts';
import { commitBox } from './regionActions.ts';
import { GhostBox } from './GhostBox.tsx';
import { RegionLabel } from './RegionLabel.tsx';
import { isDimmed, regionLook } from './regionStatus.ts';
import { isNewConcept } from './conceptCatalog.ts';
import { dimmedOpacity, regionLabelText, regionStyle } from './regionStyle.ts';
import { activeVocabulary, useReviewStore } from './reviewStore.ts';
import { visibleRect } from './viewport.ts';
import { useViewportStore } from './viewportStore.ts';

const allAnchors = [
  'top-left',
  'top-center',
  'top-right',
  'middle-right',
  'middle-left',
  'bottom-left',
  'bottom-center',
  'bottom-right',
];
/** Below this size on screen (px) a box shows no resize handles. */
const minHandleRoom = 28;

/**
 * The selected region, on the listening layer with a Transformer. During a drag or resize Konva
 * owns the node and React is not told; at drag end / transform end the gesture becomes one
 * `setBox` op, with the Transformer's scale baked into width and height.
 */
export function ActiveRegion(props: { size: Size }) {
  const key = useReviewStore((state) => state.selectedKey);
  const region = useReviewStore((state) => (key === undefined ? undefined : state.regionsByKey.get(key)));
  const threshold = useReviewStore((state) => state.threshold);
  const editable = useReviewStore((state) => state.tool === 'select' && !state.panning);
  const scale = useViewportStore((state) => state.viewport.scale);
  const viewport = useViewportStore((state) => state.viewport);
  const stage = useViewportStore((state) => state.stage);
  const vocabulary = useReviewStore((state) => activeVocabulary(state));
  const rectRef = useRef<Konva.Rect>(null);
  const transformerRef = useRef<Konva.Transformer>(null);
  const labelRef = useRef<Konva.Label>(null);
  const look = region ? regionLook(region) : 'deleted';
  const canEdit = editable && look !== 'deleted' && look !== 'false_positive';

  useEffect(() => {
    const transformer = transformerRef.current;
    if (!transformer) return;
    transformer.nodes(canEdit && rectRef.current ? [rectRef.current] : []);
    transformer.getLayer()?.batchDraw();
  }, [canEdit, key]);

  if (!region || look === 'deleted') return null;
  const style = regionStyle(look);
  const box = toPixels(region.box, props.size);
  const ghost =
    look === 'misplaced' && region.predictedBox ? toPixels(region.predictedBox, props.size) : undefined;
  const opacity = isDimmed(region, threshold) ? dimmedOpacity : 1;
  const label = regionLabelText(region, (concept) => isNewConcept(concept, vocabulary));
  // Handles on a box a few pixels wide would cover it and turn every drag into a resize: tiny
  // boxes move by drag and resize from the keyboard (or after zooming in).
  const roomForHandles = Math.min(box.width, box.height) * scale >= minHandleRoom;

  const hideLabel = () => labelRef.current?.visible(false);
  const finish = (node: Konva.Rect, next: ReturnType<typeof placeWithin>) => {
    // Show the committed box at once, even when it equals the old one (a drag pushed back inside).
    const committed = next ? toPixels(next, props.size) : box;
    node.setAttrs({ ...committed, scaleX: 1, scaleY: 1 });
    labelRef.current?.visible(true);
    commitBox(region.key, next);
  };

  return (
    <>
      {ghost && <GhostBox box={ghost} />}
      <Rect
        ref={rectRef}
        {...box}
        name="selected-region"
        stroke={style.stroke}
        strokeWidth={3}
        dash={style.dash}
        strokeScaleEnabled={false}
        // A fill, even transparent, makes the inside grabbable, not only the border.
        fill="transparent"
        opacity={opacity}
        draggable={canEdit}
        onDragStart={hideLabel}
        onTransformStart={hideLabel}
        onDragEnd={(event) => {
          const node = event.target as Konva.Rect;
          finish(
            node,
            placeWithin({ x: node.x(), y: node.y(), width: node.width(), height: node.height() }, props.size),
          );
        }}
        onTransformEnd={(event) => {
          const node = event.target as Konva.Rect;
          finish(
            node,
            resizedBox(
              {
                x: node.x(),
                y: node.y(),
                width: node.width() * node.scaleX(),
                height: node.height() * node.scaleY(),
              },
              props.size,
            ),
          );
        }}
      />
      {look === 'false_positive' && (
        <Line
          points={[box.x, box.y, box.x + box.width, box.y + box.height]}
          stroke={style.stroke}
          strokeWidth={3}
          strokeScaleEnabled={false}
          listening={false}
        />
      )}
      <RegionLabel
        labelRef={labelRef}
        x={box.x}
        y={box.y}
        scale={1 / scale}
        text={label.text}
        struck={label.struck}
        visible={visibleRect(viewport, stage)}
        fill={style.stroke}
        textFill={style.labelText}
        opacity={1}
      />
      <Transformer
        ref={transformerRef}
        rotateEnabled={false}
        flipEnabled={false}
        keepRatio={false}
        ignoreStroke
        anchorSize={8}
        enabledAnchors={roomForHandles ? allAnchors : []}
        borderEnabled={false}
        boundBoxFunc={(previous, next) =>
          next.width < minBoxPixels * scale || next.height < minBoxPixels * scale ? previous : next
        }
      />
    </>
  );
}
