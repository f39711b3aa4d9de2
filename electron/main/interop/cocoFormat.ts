import { z } from 'zod';
import { toPixels } from '../../../shared/geometry.ts';
import { regionLabel } from '../../../shared/qaReport.ts';
import { regionConfidence, regionVerdict, verdictSchema } from '../../../shared/review.ts';
import { toCoco, type ExportImage } from '../../../shared/reviewExports.ts';
import {
  addNote,
  emptyPredictions,
  ForeignFileError,
  probability,
  type ForeignImage,
  type ForeignPredictions,
} from './foreignPredictions.ts';

/**
 * COCO object detection (https://cocodataset.org/#format-data): a dataset file (`images`,
 * `annotations`, `categories`) or a results list (`[{image_id, category_id, bbox, score}]`,
 * https://cocodataset.org/#format-results). `bbox` is `[x, y, width, height]` in pixels from the
 * top-left corner. `area`, `iscrowd` and `segmentation` are optional here: detectors' outputs
 * rarely carry them and boxes do not need them. Loupe's review log adds `loupe_verdict` and
 * `loupe_corrected_bbox` (extra fields COCO tools ignore).
 */

const bboxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const idSchema = z.union([z.number(), z.string().min(1)]);

const annotationSchema = z.looseObject({
  id: idSchema.optional(),
  image_id: idSchema,
  category_id: idSchema,
  bbox: bboxSchema,
  score: z.number().optional(),
  loupe_verdict: verdictSchema.optional(),
  loupe_corrected_bbox: bboxSchema.optional(),
});

const imageSchema = z.looseObject({
  id: idSchema,
  file_name: z.string().min(1).optional(),
  coco_url: z.string().optional(),
  width: z.number().positive().optional(),
  height: z.number().positive().optional(),
});

const categorySchema = z.looseObject({ id: idSchema, name: z.string().min(1) });

/** A results list has no categories: a names file (`classes`) may give them, by id. */
export interface CocoOptions {
  categoryNames?: ReadonlyMap<string, string>;
}

/**
 * Reads a parsed COCO file. Annotation entries are consumed as they are read (their slots set to
 * null), so a 200 MB file's objects are let go while its regions are built, not after.
 */
export function readCoco(value: unknown, options: CocoOptions = {}): ForeignPredictions {
  const predictions = emptyPredictions('coco');
  const resultsList = Array.isArray(value);
  const root = value as Record<string, unknown>;
  const annotations = resultsList ? (value as unknown[]) : root['annotations'];
  if (!Array.isArray(annotations)) throw new ForeignFileError('has no "annotations" list');

  const names = new Map(options.categoryNames ?? []);
  if (!resultsList) {
    const categories = root['categories'];
    if (categories !== undefined && !Array.isArray(categories))
      throw new ForeignFileError('"categories" is not a list');
    (categories ?? []).forEach((entry: unknown, index: number) => {
      const category = categorySchema.safeParse(entry);
      if (category.success) names.set(String(category.data.id), category.data.name);
      else predictions.skipped.push({ where: `categories[${index}]`, reason: 'no id or name' });
    });
  }

  const images = new Map<string, ForeignImage>();
  if (!resultsList) {
    const list = root['images'];
    if (!Array.isArray(list)) throw new ForeignFileError('has no "images" list');
    list.forEach((entry: unknown, index: number) => {
      const image = imageSchema.safeParse(entry);
      if (!image.success) {
        predictions.skipped.push({ where: `images[${index}]`, reason: 'no image id' });
        return;
      }
      const { id, file_name: fileName, coco_url: url, width, height } = image.data;
      images.set(String(id), {
        where: `images[${index}]`,
        id: String(id),
        ...(fileName ? { fileName } : {}),
        ...(url ? { url } : {}),
        ...(width ? { width } : {}),
        ...(height ? { height } : {}),
        regions: [],
      });
    });
  }

  const unknown = new Set<string>();
  for (let index = 0; index < annotations.length; index++) {
    const entry: unknown = annotations[index];
    annotations[index] = null;
    const where = resultsList ? `[${index}]` : `annotations[${index}]`;
    const parsed = annotationSchema.safeParse(entry);
    if (!parsed.success) {
      predictions.skipped.push({ where, reason: describeAnnotationProblem(entry) });
      continue;
    }
    const annotation = parsed.data;
    const imageKey = String(annotation.image_id);
    let image = images.get(imageKey);
    if (!image) {
      if (!resultsList) {
        predictions.skipped.push({ where, reason: `image_id ${imageKey} is not in "images"` });
        continue;
      }
      image = { where: `image_id ${imageKey}`, id: imageKey, regions: [] };
      images.set(imageKey, image);
    }
    const categoryKey = String(annotation.category_id);
    let label = names.get(categoryKey);
    if (label === undefined) {
      unknown.add(categoryKey);
      label = categoryKey;
    }
    if (annotation['iscrowd'] === 1) addNote(predictions, 'crowd annotations (iscrowd: 1) imported as boxes');
    const score = probability(annotation.score);
    if (annotation.score !== undefined && score === undefined)
      addNote(predictions, 'scores outside 0–1 left out');
    const [x, y, width, height] = annotation.bbox;
    const corrected = annotation.loupe_corrected_bbox;
    image.regions.push({
      ...(annotation.id !== undefined ? { id: String(annotation.id) } : {}),
      box: { unit: 'pixels', x, y, width, height },
      label,
      ...(score !== undefined ? { score } : {}),
      ...(annotation.loupe_verdict ? { verdict: annotation.loupe_verdict } : {}),
      ...(corrected
        ? {
            correctedBox: {
              unit: 'pixels',
              x: corrected[0],
              y: corrected[1],
              width: corrected[2],
              height: corrected[3],
            },
          }
        : {}),
    });
  }
  predictions.images = [...images.values()];
  predictions.unknownCategories = [...unknown];
  return predictions;
}

function describeAnnotationProblem(entry: unknown): string {
  if (typeof entry !== 'object' || entry === null) return 'not an object';
  const record = entry as Record<string, unknown>;
  if (record['image_id'] === undefined) return 'no image_id';
  if (record['category_id'] === undefined) return 'no category_id';
  if (!Array.isArray(record['bbox'])) return 'no bbox (segmentation-only annotations are not boxes)';
  return 'bbox is not four numbers';
}

/**
 * Loupe's review log as COCO: every reviewed region, false positives included, with the model's
 * `score`, the verdict and (for a moved box) the corrected box beside the predicted one. Regions
 * the reviewer drew have no score and their box as `bbox`.
 */
export function toCocoLog(images: readonly ExportImage[], now = new Date()) {
  const categories = new Map<string, number>();
  const annotations: Record<string, unknown>[] = [];
  for (const image of images) {
    for (const { state, reviewer, updatedAt } of image.reviews) {
      for (const region of state.regions) {
        const verdict = regionVerdict(region);
        if (!verdict) continue;
        const label = regionLabel(region);
        if (!categories.has(label)) categories.set(label, categories.size + 1);
        const box = pixelBbox(region.predictedBox ?? region.box, image);
        const score = regionConfidence(region);
        annotations.push({
          id: annotations.length + 1,
          image_id: image.id,
          category_id: categories.get(label),
          bbox: box,
          area: round2(box[2] * box[3]),
          iscrowd: 0,
          ...(score !== undefined ? { score } : {}),
          loupe_verdict: verdict,
          ...(verdict === 'misplaced' ? { loupe_corrected_bbox: pixelBbox(region.box, image) } : {}),
          loupe_model: state.modelId,
          loupe_region: region.key,
          loupe_reviewer: reviewer,
          loupe_time: updatedAt,
        });
      }
    }
  }
  const labels = toCoco(images, now);
  return {
    info: { description: 'Review log exported by Loupe (every verdict)', date_created: now.toISOString() },
    images: labels.images,
    categories: [...categories.entries()].map(([name, id]) => ({ id, name })),
    annotations,
  };
}

function pixelBbox(
  box: Parameters<typeof toPixels>[0],
  size: { width: number; height: number },
): [number, number, number, number] {
  const pixels = toPixels(box, size);
  return [round2(pixels.x), round2(pixels.y), round2(pixels.width), round2(pixels.height)];
}

const round2 = (value: number) => Math.round(value * 100) / 100;
