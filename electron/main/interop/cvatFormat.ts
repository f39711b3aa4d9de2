import { toPixels, type Box } from '../../../shared/geometry.ts';
import { regionLabel } from '../../../shared/qaReport.ts';
import {
  regionConfidence,
  regionVerdict,
  verdictSchema,
  verdicts,
  type ReviewedRegion,
} from '../../../shared/review.ts';
import { baseName, type ExportImage } from '../../../shared/reviewExports.ts';
import {
  addNote,
  emptyPredictions,
  finiteNumber,
  ForeignFileError,
  probability,
  type ForeignBox,
  type ForeignPredictions,
} from './foreignPredictions.ts';
import { correctedRegions } from './yoloFormat.ts';
import { attr, attribute, buildXml, childList, childText, parseXml } from './xmlText.ts';

/**
 * CVAT for images 1.1 (https://docs.cvat.ai/docs/manual/advanced/xml_format/): `<annotations>`
 * with `<meta>` (the task's or job's labels) and an `<image id name width height>` per image
 * holding `<box label xtl ytl xbr ybr occluded …>` shapes with `<attribute name="…">` children.
 * CVAT has no score field: an attribute named `score` or `confidence` is read as the score, and
 * Loupe's review log writes `verdict` (and `predicted`, the model's box of a moved region) the
 * same way. Occluded boxes are imported and counted; rotated boxes, polygons, polylines, points
 * and masks are not boxes and are skipped with the reason.
 */
export function readCvat(text: string): ForeignPredictions {
  const predictions = emptyPredictions('cvat');
  const document = parseXml(text);
  const root = document['annotations'];
  if (typeof root !== 'object' || root === null) throw new ForeignFileError('has no <annotations> element');
  const meta = (root as Record<string, unknown>)['meta'] as Record<string, unknown> | undefined;
  const owner = (meta?.['task'] ?? meta?.['job'] ?? meta?.['project']) as Record<string, unknown> | undefined;
  const taskName = childText(owner, 'name');
  if (taskName) predictions.model = `CVAT: ${taskName}`;
  const declared = new Set(
    childList(owner?.['labels'], 'label').flatMap((label) => {
      const name = childText(label, 'name');
      return name ? [name] : [];
    }),
  );
  const unknown = new Set<string>();
  for (const image of childList(root, 'image')) {
    const name = attribute(image, 'name');
    const id = attribute(image, 'id');
    const where = `<image> ${id ?? '?'}`;
    if (!name) {
      predictions.skipped.push({ where, reason: 'no name attribute' });
      continue;
    }
    const width = finiteNumber(attribute(image, 'width'));
    const height = finiteNumber(attribute(image, 'height'));
    const regions: ForeignPredictions['images'][0]['regions'] = [];
    for (const kind of ['polygon', 'polyline', 'points', 'mask', 'ellipse', 'cuboid', 'skeleton']) {
      for (let n = childList(image, kind).length; n > 0; n--)
        predictions.skipped.push({ where: `${name} <${kind}>`, reason: `a ${kind} is not a box` });
    }
    childList(image, 'box').forEach((box, index) => {
      const boxWhere = `${name} box ${index + 1}`;
      const label = attribute(box, 'label');
      const [xtl, ytl, xbr, ybr] = ['xtl', 'ytl', 'xbr', 'ybr'].map((side) =>
        finiteNumber(attribute(box, side)),
      );
      if (!label) {
        predictions.skipped.push({ where: boxWhere, reason: 'no label' });
        return;
      }
      if (xtl === undefined || ytl === undefined || xbr === undefined || ybr === undefined) {
        predictions.skipped.push({ where: boxWhere, reason: 'no xtl, ytl, xbr and ybr' });
        return;
      }
      const rotation = finiteNumber(attribute(box, 'rotation'));
      if (rotation !== undefined && rotation % 360 !== 0) {
        predictions.skipped.push({ where: boxWhere, reason: 'a rotated box (Loupe boxes are upright)' });
        return;
      }
      if (declared.size > 0 && !declared.has(label)) unknown.add(label);
      if (attribute(box, 'occluded') === '1') addNote(predictions, 'occluded boxes');
      const attributes = new Map(
        childList(box, 'attribute').flatMap((entry) => {
          const key = attribute(entry, 'name');
          const value = typeof entry === 'string' ? '' : childText({ value: entry }, 'value');
          return key ? [[key, value ?? ''] as const] : [];
        }),
      );
      const score = probability(attributes.get('score') ?? attributes.get('confidence'));
      const verdict = verdictSchema.safeParse(attributes.get('verdict'));
      const current: ForeignBox = { unit: 'pixels', x: xtl, y: ytl, width: xbr - xtl, height: ybr - ytl };
      const predicted = parseCorners(attributes.get('predicted'));
      const moved = verdict.success && verdict.data === 'misplaced' && predicted;
      regions.push({
        id: `${id ?? name}-${index + 1}`,
        box: moved ? predicted : current,
        label,
        ...(score !== undefined ? { score } : {}),
        ...(verdict.success ? { verdict: verdict.data } : {}),
        ...(moved ? { correctedBox: current } : {}),
      });
    });
    predictions.images.push({
      where,
      fileName: name,
      ...(id !== undefined ? { id } : {}),
      ...(width ? { width } : {}),
      ...(height ? { height } : {}),
      regions,
    });
  }
  predictions.unknownCategories = [...unknown];
  return predictions;
}

function parseCorners(text: string | undefined): ForeignBox | undefined {
  const numbers = text?.split(',').map(finiteNumber);
  if (!numbers || numbers.length !== 4 || numbers.some((value) => value === undefined)) return undefined;
  const [x1, y1, x2, y2] = numbers as number[];
  return { unit: 'pixels', x: x1!, y: y1!, width: x2! - x1!, height: y2! - y1! };
}

/**
 * Reviewed results as CVAT for images 1.1. `labels`: the boxes that exist after review (false
 * positives dropped) with the model's score as an attribute. `log`: every reviewed box with a
 * `verdict` attribute, its score, and for a moved box the model's box as `predicted`
 * ("xtl,ytl,xbr,ybr"); the box drawn is the box as it stands after review.
 */
export function toCvat(images: readonly ExportImage[], variant: 'labels' | 'log', now = new Date()): string {
  const labels = new Set<string>();
  const imageElements = images.map((image, index) => {
    const regions =
      variant === 'labels'
        ? correctedRegions(image)
        : image.reviews.flatMap(({ state }) => state.regions.filter((region) => regionVerdict(region)));
    const boxes = regions.map((region) => {
      const label = regionLabel(region);
      labels.add(label);
      return boxElement(region, label, image, variant);
    });
    return {
      [attr('id')]: index,
      [attr('name')]: baseName(image.source),
      [attr('width')]: image.width,
      [attr('height')]: image.height,
      ...(boxes.length > 0 ? { box: boxes } : {}),
    };
  });
  const attributeSpecs = [
    { name: 'score', mutable: 'False', input_type: 'text', default_value: '', values: '' },
    ...(variant === 'log'
      ? [
          {
            name: 'verdict',
            mutable: 'True',
            input_type: 'select',
            default_value: 'accurate',
            values: verdicts.join('\n'),
          },
          { name: 'predicted', mutable: 'False', input_type: 'text', default_value: '', values: '' },
        ]
      : []),
  ];
  return buildXml({
    annotations: {
      version: '1.1',
      meta: {
        task: {
          name: variant === 'labels' ? 'Loupe corrected labels' : 'Loupe review log',
          size: images.length,
          mode: 'annotation',
          labels: {
            label: [...labels].map((name) => ({
              name,
              type: 'rectangle',
              attributes: { attribute: attributeSpecs },
            })),
          },
        },
        dumped: now.toISOString(),
      },
      ...(imageElements.length > 0 ? { image: imageElements } : {}),
    },
  });
}

function boxElement(region: ReviewedRegion, label: string, size: ExportImage, variant: 'labels' | 'log') {
  const corners = cornersOf(region.box, size);
  const score = regionConfidence(region);
  const verdict = regionVerdict(region);
  const attributes = [
    ...(score !== undefined ? [{ [attr('name')]: 'score', '#text': String(score) }] : []),
    ...(variant === 'log' && verdict ? [{ [attr('name')]: 'verdict', '#text': verdict }] : []),
    ...(variant === 'log' && verdict === 'misplaced' && region.predictedBox
      ? [{ [attr('name')]: 'predicted', '#text': cornersOf(region.predictedBox, size).join(',') }]
      : []),
  ];
  return {
    [attr('label')]: label,
    [attr('source')]: region.source === 'reviewer' ? 'manual' : 'auto',
    [attr('occluded')]: 0,
    [attr('xtl')]: corners[0],
    [attr('ytl')]: corners[1],
    [attr('xbr')]: corners[2],
    [attr('ybr')]: corners[3],
    [attr('z_order')]: 0,
    ...(attributes.length > 0 ? { attribute: attributes } : {}),
  };
}

function cornersOf(box: Box, size: { width: number; height: number }): string[] {
  const pixels = toPixels(box, size);
  return [pixels.x, pixels.y, pixels.x + pixels.width, pixels.y + pixels.height].map((value) =>
    value.toFixed(2),
  );
}
