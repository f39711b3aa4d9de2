import { toPixels, type PixelBox, type Size } from '../../../shared/geometry.ts';
import type { ReviewedRegion } from '../../../shared/review.ts';
import { isDimmed, regionLook, type RegionLook } from './regionStatus.ts';
import { dimmedOpacity, ghostStroke, labelFont, regionLabel, regionStyle } from './regionStyle.ts';

/** Above this many regions on screen labels are not drawn: they would cover the image and cost frames. */
export const maxLabelledRegions = 300;

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
  const margin = 0.5;
  const { visible } = view;
  const left = visible.x - visible.width * margin;
  const right = visible.x + visible.width * (1 + margin);
  const top = visible.y - visible.height * margin;
  const bottom = visible.y + visible.height * (1 + margin);

  const groups = new Map<string, { look: Look; dimmed: boolean; boxes: PixelBox[] }>();
  const ghosts: PixelBox[] = [];
  const labelled: { region: ReviewedRegion; look: Look; box: PixelBox; dimmed: boolean }[] = [];
  for (const region of input.regions) {
    if (region.key === input.except) continue;
    // Culled first: a pan at high zoom passes over thousands of regions that are not drawn.
    const box = toPixels(region.box, size);
    if (box.x > right || box.x + box.width < left || box.y > bottom || box.y + box.height < top) continue;
    const look = regionLook(region);
    if (look === 'deleted') continue;
    const dimmed = isDimmed(region, threshold);
    const id = `${look}/${dimmed}`;
    const group = groups.get(id) ?? { look, dimmed, boxes: [] };
    group.boxes.push(box);
    groups.set(id, group);
    if (look === 'misplaced' && region.predictedBox) ghosts.push(toPixels(region.predictedBox, size));
    labelled.push({ region, look, box, dimmed });
  }

  const pixel = 1 / view.scale;
  if (ghosts.length > 0) {
    context.globalAlpha = 1;
    strokeBoxes(context, ghosts, { colour: ghostStroke, width: 1, dash: [3, 3], struck: false }, pixel);
  }
  for (const { look, dimmed, boxes } of groups.values()) {
    const style = regionStyle(look);
    context.globalAlpha = dimmed ? dimmedOpacity : 1;
    const struck = look === 'false_positive';
    strokeBoxes(context, boxes, { colour: style.stroke, width: 2, dash: style.dash, struck }, pixel);
  }
  if (labelled.length <= maxLabelledRegions) {
    context.font = labelFont(pixel);
    context.textBaseline = 'top';
    context.setLineDash([]);
    for (const { region, look, box, dimmed } of labelled) {
      const style = regionStyle(look);
      const text = regionLabel(region);
      const height = 18 * pixel;
      const width = context.measureText(text).width + 6 * pixel;
      context.globalAlpha = dimmed ? dimmedOpacity : 1;
      context.fillStyle = style.stroke;
      context.fillRect(box.x, box.y - height, width, height);
      context.fillStyle = style.labelText;
      context.fillText(text, box.x + 3 * pixel, box.y - height + 3 * pixel);
    }
  }
  context.globalAlpha = 1;
  return labelled.length;
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
