import { toPixels, type PixelBox, type Size } from '../../../shared/geometry.ts';
import { isCarriedUnconfirmed, type ReviewedConcept, type ReviewedRegion } from '../../../shared/review.ts';
import { isDimmed, regionLook, type RegionLook } from './regionStatus.ts';
import { defaultDisplay, isShown, type RegionPaintDisplay } from './regionDisplay.ts';
import {
  carriedRing,
  dimmedOpacity,
  ghostStroke,
  labelFont,
  regionLabelText,
  regionStyle,
  selectionHalo,
} from './regionStyle.ts';

/** A label's height on screen, in pixels (as RegionLabel draws it), at the default 12 px text. */
export const labelHeight = 18;

/** What the painter needs of the view: the image-to-screen scale and the visible part of the image. */
export interface PaintView {
  scale: number;
  /** The visible rectangle in image pixels. */
  visible: PixelBox;
}

export interface PaintInput {
  regions: readonly ReviewedRegion[];
  size: Size;
  threshold: number;
  /** Drawn by the active layer instead (with its Transformer). */
  except: string | undefined;
  /** A concept the model does not know: its label says "new". */
  isNew?: (concept: ReviewedConcept) => boolean;
  /** Filled with the texts of the labels painted (what the canvas says; read by tests). */
  painted?: string[];
  /** What is shown (regions hidden by look or concept, opacity, label size); all, by default. */
  display?: RegionPaintDisplay;
  /** A multi-selection: these regions get a halo under their stroke. */
  selected?: ReadonlySet<string>;
}

type Look = Exclude<RegionLook, 'deleted'>;

/** The subset of CanvasRenderingContext2D the painter uses (so a test can record the calls). */
export type PaintContext = Pick<
  CanvasRenderingContext2D,
  | 'beginPath'
  | 'rect'
  | 'moveTo'
  | 'lineTo'
  | 'stroke'
  | 'fillRect'
  | 'fillText'
  | 'measureText'
  | 'setLineDash'
  | 'lineWidth'
  | 'strokeStyle'
  | 'fillStyle'
  | 'globalAlpha'
  | 'font'
  | 'textBaseline'
>;

/**
 * Paints every region that is not selected and meets the visible part of the image (grown by
 * half its size, so a pan starts with shapes already there), in image coordinates on a context
 * that already carries the view's transform. Boxes of one look and opacity share one path and one
 * stroke: thousands of regions cost a few draw calls, not thousands of scene-graph nodes. Line
 * widths and dashes are divided by the scale so they stay the same on screen at every zoom.
 * Returns how many regions it drew.
 */
export function paintRegions(context: PaintContext, input: PaintInput, view: PaintView): number {
  const { size, threshold } = input;
  const display = input.display ?? defaultDisplay;
  if (!display.regions) return 0;
  const margin = 0.5;
  const { visible } = view;
  const left = visible.x - visible.width * margin;
  const right = visible.x + visible.width * (1 + margin);
  const top = visible.y - visible.height * margin;
  const bottom = visible.y + visible.height * (1 + margin);

  const groups = new Map<string, { look: Look; dimmed: boolean; boxes: PixelBox[] }>();
  const ghosts: PixelBox[] = [];
  const haloed: PixelBox[] = [];
  const carried: PixelBox[] = [];
  const selected = input.selected && input.selected.size > 0 ? input.selected : undefined;
  const labelled: { region: ReviewedRegion; look: Look; box: PixelBox; dimmed: boolean }[] = [];
  for (const region of input.regions) {
    if (region.key === input.except) continue;
    // Culled first: a pan at high zoom passes over thousands of regions that are not drawn.
    const box = toPixels(region.box, size);
    if (box.x > right || box.x + box.width < left || box.y > bottom || box.y + box.height < top) continue;
    const look = regionLook(region);
    if (look === 'deleted' || !isShown(region, display, look)) continue;
    const dimmed = isDimmed(region, threshold);
    const id = `${look}/${dimmed}`;
    const group = groups.get(id) ?? { look, dimmed, boxes: [] };
    group.boxes.push(box);
    groups.set(id, group);
    if (look === 'misplaced' && region.predictedBox) ghosts.push(toPixels(region.predictedBox, size));
    if (selected?.has(region.key)) haloed.push(box);
    if (isCarriedUnconfirmed(region)) carried.push(box);
    labelled.push({ region, look, box, dimmed });
  }

  const pixel = 1 / view.scale;
  if (haloed.length > 0) {
    context.globalAlpha = 0.9;
    const halo = { colour: selectionHalo.colour, width: selectionHalo.width, dash: undefined, struck: false };
    strokeBoxes(context, haloed, halo, pixel);
  }
  if (carried.length > 0) {
    context.globalAlpha = display.boxOpacity;
    const ring = {
      colour: carriedRing.colour,
      width: carriedRing.width,
      dash: carriedRing.dash,
      struck: false,
    };
    strokeBoxes(context, carried, ring, pixel);
  }
  if (ghosts.length > 0) {
    context.globalAlpha = display.boxOpacity;
    strokeBoxes(context, ghosts, { colour: ghostStroke, width: 1, dash: [3, 3], struck: false }, pixel);
  }
  for (const { look, dimmed, boxes } of groups.values()) {
    const style = regionStyle(look);
    context.globalAlpha = (dimmed ? dimmedOpacity : 1) * display.boxOpacity;
    const struck = look === 'false_positive';
    strokeBoxes(context, boxes, { colour: style.stroke, width: 2, dash: style.dash, struck }, pixel);
  }
  paintLabels(context, labelled, input, view, display);
  context.globalAlpha = 1;
  return labelled.length;
}

/**
 * A label where it can be read: above the box's top-left corner, moved inside the view when the
 * corner is out of it (zoomed in, the box's top or left edge is off screen).
 */
export function placeLabel(
  box: PixelBox,
  width: number,
  height: number,
  visible: PixelBox,
): { x: number; y: number } {
  const x = Math.max(visible.x, Math.min(box.x, visible.x + visible.width - width));
  const above = box.y - height;
  const y =
    above >= visible.y ? above : Math.max(visible.y, Math.min(box.y, visible.y + visible.height - height));
  return { x, y };
}

/**
 * Labels of the regions on screen, each where it does not cover one already drawn (reading
 * order: the regions' order), so at thousands of regions the screen shows the labels that fit
 * rather than none or an unreadable pile. Overlaps are found through a grid of label-sized cells.
 */
function paintLabels(
  context: PaintContext,
  labelled: readonly { region: ReviewedRegion; look: Look; box: PixelBox; dimmed: boolean }[],
  input: PaintInput,
  view: PaintView,
  display: RegionPaintDisplay,
): void {
  // The label's own unit: one screen pixel, grown with the label size the reviewer chose.
  const pixel = ((1 / view.scale) * display.labelSize) / defaultDisplay.labelSize;
  const { visible } = view;
  const height = labelHeight * pixel;
  const cell = height;
  const taken = new Map<number, { x: number; y: number; width: number; height: number }[]>();
  const cellsOf = (x: number, y: number, width: number) => {
    const keys: number[] = [];
    for (let row = Math.floor(y / cell); row <= Math.floor((y + height) / cell); row++)
      for (let column = Math.floor(x / cell); column <= Math.floor((x + width) / cell); column++)
        keys.push(row * 1_000_003 + column);
    return keys;
  };
  context.font = labelFont(pixel);
  context.textBaseline = 'top';
  context.setLineDash([]);
  for (const { region, look, box, dimmed } of labelled) {
    // Only boxes on screen: the margin the boxes are painted in is for panning, not for reading.
    if (box.x > visible.x + visible.width || box.x + box.width < visible.x) continue;
    if (box.y > visible.y + visible.height || box.y + box.height < visible.y) continue;
    const label = regionLabelText(region, input.isNew);
    const textWidth = labelWidth(context, label.text, pixel) * pixel;
    const width = textWidth + 6 * pixel;
    const { x, y } = placeLabel(box, width, height, visible);
    const cells = cellsOf(x, y, width);
    const overlaps = cells.some((key) =>
      (taken.get(key) ?? []).some(
        (other) =>
          x < other.x + other.width &&
          other.x < x + width &&
          y < other.y + other.height &&
          other.y < y + height,
      ),
    );
    if (overlaps) continue;
    const rect = { x, y, width, height };
    for (const key of cells) {
      const list = taken.get(key);
      if (list) list.push(rect);
      else taken.set(key, [rect]);
    }
    const style = regionStyle(look);
    context.globalAlpha = (dimmed ? dimmedOpacity : 1) * display.boxOpacity;
    context.fillStyle = style.stroke;
    context.fillRect(x, y, width, height);
    context.fillStyle = style.labelText;
    context.fillText(label.text, x + 3 * pixel, y + 3 * pixel);
    if (label.struck) context.fillRect(x + 3 * pixel, y + height / 2, textWidth, pixel);
    input.painted?.push(label.text);
  }
}

/**
 * Label widths in screen pixels, by text. measureText is the costliest call of a pan or zoom
 * frame once thousands of labels are on screen, and a label's text rarely changes between frames;
 * the font scales with the view, so a width measured at one zoom holds at every other.
 */
const labelWidths = new Map<string, number>();
const maxCachedLabelWidths = 20_000;

/** `pixel`: one screen pixel in the units the context draws in (the font is `labelFont(pixel)`). */
function labelWidth(context: PaintContext, text: string, pixel: number): number {
  let width = labelWidths.get(text);
  if (width === undefined) {
    if (labelWidths.size >= maxCachedLabelWidths) labelWidths.clear();
    width = context.measureText(text).width / pixel;
    labelWidths.set(text, width);
  }
  return width;
}

/** One path for all `boxes`, stroked once; `width` and `dash` are in screen pixels. */
function strokeBoxes(
  context: PaintContext,
  boxes: readonly PixelBox[],
  line: { colour: string; width: number; dash: readonly number[] | undefined; struck: boolean },
  pixel: number,
): void {
  context.beginPath();
  for (const box of boxes) {
    context.rect(box.x, box.y, box.width, box.height);
    if (line.struck) {
      context.moveTo(box.x, box.y);
      context.lineTo(box.x + box.width, box.y + box.height);
    }
  }
  context.strokeStyle = line.colour;
  context.lineWidth = line.width * pixel;
  context.setLineDash(line.dash ? line.dash.map((length) => length * pixel) : []);
  context.stroke();
}
