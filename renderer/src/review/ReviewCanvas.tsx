import type Konva from 'konva';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { Image as KonvaImage, Layer, Rect, Stage } from 'react-konva';
import { ActiveRegion } from './ActiveRegion.tsx';
import { boxFromDrag, type Point } from './boxEdit.ts';
import { canvasElementId, focusCanvas } from './canvasFocus.ts';
import { useDisplayStore } from './displayStore.ts';
import { regionAt, regionsInRect } from './hitTest.ts';
import { Minimap } from './Minimap.tsx';
import { imageFilter, isShown } from './regionDisplay.ts';
import { addRegion } from './regionActions.ts';
import { RegionLayer } from './RegionLayer.tsx';
import { isNewConcept } from './conceptCatalog.ts';
import { regionLabelText } from './regionStyle.ts';
import {
  activeVocabulary,
  selectedKeys,
  selectRegion,
  setSelection,
  toggleSelected,
  useReviewStore,
} from './reviewStore.ts';
import { useDecodedImage } from './useDecodedImage.ts';
import { fitViewport, screenToImage, zoomAt } from './viewport.ts';
import { useViewportStore } from './viewportStore.ts';

/** How far outside a region's border a click still picks it, in screen pixels. */
const clickSlop = 4;
/** A Shift-drag shorter than this (screen pixels) is a shift-click, not a box select. */
const boxSelectMin = 4;
const wheelZoomPerPixel = 0.0015;

/**
 * The image and its regions: three layers — the image, the other regions (not listening), and the
 * selected region with its Transformer and the box being drawn. Zoom and pan are the stage's
 * transform, kept in the viewport store. Drag empty space (or hold space and drag) to pan; wheel
 * zooms to the cursor; in draw mode a drag draws a missed region. Shift-click adds a region to
 * the selection (or takes it out), Shift-drag on the canvas selects the regions inside the box.
 */
export function ReviewCanvas() {
  const containerRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<Konva.Stage>(null);
  const draftRef = useRef<Konva.Rect>(null);
  const drawFrom = useRef<Point | undefined>(undefined);
  const selectFrom = useRef<Point | undefined>(undefined);
  /** A box select just ended: the click Konva fires after it is not a shift-click. */
  const boxSelected = useRef(false);
  const imageId = useReviewStore((state) => state.imageId);
  const imageSize = useReviewStore((state) => state.imageSize);
  const tool = useReviewStore((state) => state.tool);
  const panning = useReviewStore((state) => state.panning);
  const selectedKey = useReviewStore((state) => state.selectedKey);
  const selection = useReviewStore((state) => state.selection);
  // What the selected region's label says (the painted ones are on the stage: data-painted-labels).
  const selectedLabel = useReviewStore((state) => {
    const region = state.selectedKey === undefined ? undefined : state.regionsByKey.get(state.selectedKey);
    if (!region) return undefined;
    const vocabulary = activeVocabulary(state);
    return regionLabelText(region, (concept) => isNewConcept(concept, vocabulary)).text;
  });
  const viewport = useViewportStore((state) => state.viewport);
  const stage = useViewportStore((state) => state.stage);
  const { image, error } = useDecodedImage(imageId);
  const imageLayerRef = useRef<Konva.Layer>(null);
  const filter = useDisplayStore(imageFilter);

  // Brightness and contrast are a CSS filter on the image layer's own canvas: the GPU applies it,
  // nothing is repainted, and the regions above stay as they are.
  useLayoutEffect(() => {
    const canvas = imageLayerRef.current?.getCanvas()._canvas;
    if (canvas) canvas.style.filter = filter;
  });

  // The canvas arrives lazily (ReviewScreen.tsx): the placeholder that held focus has gone, so the
  // keyboard comes back here unless something else took it meanwhile.
  useEffect(() => {
    if (document.activeElement === document.body) focusCanvas();
  }, []);

  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const { width, height } = entry.contentRect;
      useViewportStore.getState().setStage({ width: Math.floor(width), height: Math.floor(height) });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // The decoded image is the truth for its size: the file's header may not say how EXIF turns it.
  // Layout effects, here and for the fit below: the first frame of a new image is already right.
  useLayoutEffect(() => {
    if (!image) return;
    const size = useReviewStore.getState().imageSize;
    if (size?.width !== image.width || size.height !== image.height)
      useReviewStore.setState({ imageSize: { width: image.width, height: image.height } });
  }, [image]);

  const hasStage = stage.width > 0 && stage.height > 0;
  const width = imageSize?.width;
  const height = imageSize?.height;
  useLayoutEffect(() => {
    if (!hasStage || !width || !height) return;
    const { stage, setViewport } = useViewportStore.getState();
    setViewport(fitViewport({ width, height }, stage));
  }, [imageId, width, height, hasStage]);

  const pointerInImage = (): Point | undefined => {
    const pointer = stageRef.current?.getPointerPosition();
    return pointer ? screenToImage(useViewportStore.getState().viewport, pointer) : undefined;
  };

  const onWheel = (event: Konva.KonvaEventObject<WheelEvent>) => {
    event.evt.preventDefault();
    const pointer = stageRef.current?.getPointerPosition();
    if (!pointer) return;
    const { viewport, setViewport } = useViewportStore.getState();
    setViewport(zoomAt(viewport, pointer, Math.exp(-event.evt.deltaY * wheelZoomPerPixel)));
  };

  /** Shown regions, the ones a click or a box select can pick: what is not shown is not in the way. */
  const shownRegions = () => {
    const display = useDisplayStore.getState();
    return useReviewStore.getState().regions.filter((region) => isShown(region, display));
  };

  const finishBoxSelect = () => {
    const from = selectFrom.current;
    if (!from) return;
    selectFrom.current = undefined;
    draftRef.current?.visible(false);
    stageRef.current?.draggable(useReviewStore.getState().tool === 'select');
    const point = pointerInImage();
    const scale = useViewportStore.getState().viewport.scale;
    if (!point || !imageSize) return;
    if (Math.hypot(point.x - from.x, point.y - from.y) * scale < boxSelectMin) return;
    boxSelected.current = true;
    const normal = (p: Point) => ({ x: p.x / imageSize.width, y: p.y / imageSize.height });
    const inside = regionsInRect(shownRegions(), normal(from), normal(point));
    setSelection([...selectedKeys(), ...inside]);
  };

  // A box select that ends outside the canvas ends all the same.
  useEffect(() => {
    const onUp = () => finishBoxSelect();
    window.addEventListener('mouseup', onUp);
    return () => window.removeEventListener('mouseup', onUp);
  });

  const onMouseDown = (event: Konva.KonvaEventObject<MouseEvent>) => {
    containerRef.current?.focus({ preventScroll: true });
    boxSelected.current = false;
    if (
      tool === 'select' &&
      !panning &&
      event.evt.button === 0 &&
      event.evt.shiftKey &&
      event.target === stageRef.current
    ) {
      const point = pointerInImage();
      if (!point) return;
      selectFrom.current = point;
      // This drag selects: the stage must not pan (turning drag off also drops the drag Konva readied).
      stageRef.current.draggable(false);
      draftRef.current?.setAttrs({ x: point.x, y: point.y, width: 0, height: 0, visible: true });
      return;
    }
    if (tool !== 'draw' || panning || event.evt.button !== 0) return;
    const point = pointerInImage();
    if (!point) return;
    drawFrom.current = point;
    draftRef.current?.setAttrs({ x: point.x, y: point.y, width: 0, height: 0, visible: true });
  };

  const onMouseMove = () => {
    const from = drawFrom.current ?? selectFrom.current;
    const point = pointerInImage();
    if (!from || !point) return;
    draftRef.current?.setAttrs({
      x: Math.min(from.x, point.x),
      y: Math.min(from.y, point.y),
      width: Math.abs(point.x - from.x),
      height: Math.abs(point.y - from.y),
    });
  };

  const onMouseUp = () => {
    if (selectFrom.current) {
      finishBoxSelect();
      return;
    }
    const from = drawFrom.current;
    drawFrom.current = undefined;
    draftRef.current?.visible(false);
    const point = pointerInImage();
    if (from && point && imageSize) addRegion(boxFromDrag(from, point, imageSize));
  };

  const regionUnderPointer = (): string | undefined => {
    const point = pointerInImage();
    if (!point || !imageSize) return undefined;
    const slop = clickSlop / useViewportStore.getState().viewport.scale;
    return regionAt(
      shownRegions(),
      { x: point.x / imageSize.width, y: point.y / imageSize.height },
      { x: slop / imageSize.width, y: slop / imageSize.height },
    );
  };

  const onClick = (event: Konva.KonvaEventObject<MouseEvent>) => {
    if (tool !== 'select' || event.evt.button !== 0) return;
    if (event.evt.shiftKey) {
      if (boxSelected.current) return;
      // The selected region answers for itself (it is on the listening layer); any other is found.
      const key =
        event.target === stageRef.current
          ? regionUnderPointer()
          : event.target.name() === 'selected-region'
            ? useReviewStore.getState().selectedKey
            : undefined;
      if (key !== undefined) toggleSelected(key);
      return;
    }
    // The selected region and the Transformer's handles answer for themselves.
    if (event.target !== stageRef.current) return;
    selectRegion(regionUnderPointer());
  };

  const onDragEnd = (event: Konva.KonvaEventObject<DragEvent>) => {
    // Drag events of the selected region bubble up here too: only the stage's own drag pans.
    const node = stageRef.current;
    if (event.target !== node || !node) return;
    const { viewport, setViewport } = useViewportStore.getState();
    setViewport({ ...viewport, x: node.x(), y: node.y() });
  };

  return (
    <div
      ref={containerRef}
      id={canvasElementId}
      className={`review-canvas tool-${tool}${panning ? ' panning' : ''}`}
      tabIndex={0}
      aria-label="Image and regions"
      data-testid="review-canvas"
      data-image-id={imageId}
      data-ready={image && imageSize ? 'true' : 'false'}
      data-scale={viewport.scale}
      data-x={viewport.x}
      data-y={viewport.y}
      data-image-width={imageSize?.width}
      data-image-height={imageSize?.height}
      data-selected={selectedKey}
      data-selection={selection.size > 0 ? [...selection].join(' ') : undefined}
      data-selection-count={selection.size > 0 ? selection.size : selectedKey === undefined ? 0 : 1}
      data-selected-label={selectedLabel}
      data-tool={tool}
      data-image-filter={filter}
    >
      {error && (
        <p className="review-canvas-error" role="alert">
          {error}
        </p>
      )}
      {hasStage && (
        <Stage
          ref={stageRef}
          width={stage.width}
          height={stage.height}
          scaleX={viewport.scale}
          scaleY={viewport.scale}
          x={viewport.x}
          y={viewport.y}
          draggable={tool === 'select' || panning}
          onWheel={onWheel}
          onMouseDown={onMouseDown}
          onMouseMove={onMouseMove}
          onMouseUp={onMouseUp}
          onClick={onClick}
          onDragEnd={onDragEnd}
        >
          <Layer ref={imageLayerRef} listening={false}>
            {image && imageSize && (
              <KonvaImage image={image} width={imageSize.width} height={imageSize.height} />
            )}
          </Layer>
          <RegionLayer />
          <Layer>
            {imageSize && <ActiveRegion size={imageSize} />}
            <Rect
              ref={draftRef}
              visible={false}
              stroke="#3b82f6"
              strokeWidth={2}
              dash={[6, 4]}
              strokeScaleEnabled={false}
              listening={false}
            />
          </Layer>
        </Stage>
      )}
      {imageSize && <Minimap image={image} size={imageSize} />}
    </div>
  );
}
