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
  type ForeignRegion,
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

/**
 * A results list has no categories and names its images by id alone: the dataset file it belongs
 * to (given as `classes`) names both, as COCO's own evaluation reads results beside the dataset.
 */
export interface CocoOptions {
  categoryNames?: ReadonlyMap<string, string>;
  /** The dataset's images by id: a results list's `image_id` → its file name and size. */
  images?: ReadonlyMap<string, CocoImageName>;
}

export interface CocoImageName {
  fileName: string;
  width?: number;
  height?: number;
}

/** What the root object held besides its lists, for the reader's last word. */
export type CocoMembers = ReadonlyMap<string, 'array' | 'other'>;

/**
 * Reads COCO entry by entry, as a streamed file hands them over (docs/interop.md, "Memory"):
 * each entry is validated alone and turned into a region at once, so the file's objects are let
 * go as they are read. The lists may come in any order: an annotation whose image is not known
 * yet waits for it, and labels are resolved once every category is known.
 */
export class CocoReader {
  readonly #predictions = emptyPredictions('coco');
  readonly #resultsList: boolean;
  readonly #names: Map<string, string>;
  readonly #datasetImages: ReadonlyMap<string, CocoImageName>;
  readonly #images = new Map<string, ForeignImage>();
  /** Dataset annotations that came before their image. */
  readonly #waiting = new Map<string, { where: string; region: ForeignRegion }[]>();

  constructor(resultsList: boolean, options: CocoOptions = {}) {
    this.#resultsList = resultsList;
    this.#names = new Map(options.categoryNames ?? []);
    this.#datasetImages = options.images ?? new Map();
  }

  /** An entry of the root array (a results list) or of the root object's `key` list. */
  entry(key: string | undefined, index: number, entry: unknown): void {
    if (this.#resultsList) this.#annotation(`[${index}]`, entry);
    else if (key === 'annotations') this.#annotation(`annotations[${index}]`, entry);
    else if (key === 'images') this.#image(index, entry);
    else if (key === 'categories') this.#category(index, entry);
  }

  #category(index: number, entry: unknown): void {
    const category = categorySchema.safeParse(entry);
    if (category.success) this.#names.set(String(category.data.id), category.data.name);
    else this.#predictions.skipped.push({ where: `categories[${index}]`, reason: 'no id or name' });
  }

  #image(index: number, entry: unknown): void {
    const image = imageSchema.safeParse(entry);
    if (!image.success) {
      this.#predictions.skipped.push({ where: `images[${index}]`, reason: 'no image id' });
      return;
    }
    const { id, file_name: fileName, coco_url: url, width, height } = image.data;
    const key = String(id);
    const waiting = this.#waiting.get(key) ?? [];
    this.#waiting.delete(key);
    this.#images.set(key, {
      where: `images[${index}]`,
      id: key,
      ...(fileName ? { fileName } : {}),
      ...(url ? { url } : {}),
      ...(width ? { width } : {}),
      ...(height ? { height } : {}),
      regions: waiting.map(({ region }) => region),
    });
  }

  #annotation(where: string, entry: unknown): void {
    const parsed = annotationSchema.safeParse(entry);
    if (!parsed.success) {
      this.#predictions.skipped.push({ where, reason: describeAnnotationProblem(entry) });
      return;
    }
    const annotation = parsed.data;
    if (annotation['iscrowd'] === 1)
      addNote(this.#predictions, 'crowd annotations (iscrowd: 1) imported as boxes');
    const score = probability(annotation.score);
    if (annotation.score !== undefined && score === undefined)
      addNote(this.#predictions, 'scores outside 0–1 left out');
    const [x, y, width, height] = annotation.bbox;
    const corrected = annotation.loupe_corrected_bbox;
    const region: ForeignRegion = {
      ...(annotation.id !== undefined ? { id: String(annotation.id) } : {}),
      box: { unit: 'pixels', x, y, width, height },
      // The category id until every category is known (finish names it).
      label: String(annotation.category_id),
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
    };
    const imageKey = String(annotation.image_id);
    const image = this.#images.get(imageKey);
    if (image) image.regions.push(region);
    else if (this.#resultsList) {
      const named = this.#datasetImages.get(imageKey);
      this.#images.set(imageKey, {
        where: `image_id ${imageKey}`,
        id: imageKey,
        ...(named?.fileName ? { fileName: named.fileName } : {}),
        ...(named?.width ? { width: named.width } : {}),
        ...(named?.height ? { height: named.height } : {}),
        regions: [region],
      });
    } else {
      const waiting = this.#waiting.get(imageKey);
      if (waiting) waiting.push({ where, region });
      else this.#waiting.set(imageKey, [{ where, region }]);
    }
  }

  /** The predictions, once the whole file is read; `members` says which lists the root object had. */
  finish(members: CocoMembers = new Map()): ForeignPredictions {
    const predictions = this.#predictions;
    if (!this.#resultsList) {
      if (members.get('annotations') !== 'array') throw new ForeignFileError('has no "annotations" list');
      if (members.get('images') !== 'array') throw new ForeignFileError('has no "images" list');
      if (members.has('categories') && members.get('categories') !== 'array')
        throw new ForeignFileError('"categories" is not a list');
    }
    for (const [imageKey, waiting] of this.#waiting) {
      for (const { where } of waiting)
        predictions.skipped.push({ where, reason: `image_id ${imageKey} is not in "images"` });
    }
    const unknown = new Set<string>();
    for (const image of this.#images.values()) {
      for (const region of image.regions) {
        const name = this.#names.get(region.label);
        if (name === undefined) unknown.add(region.label);
        else region.label = name;
      }
    }
    predictions.images = [...this.#images.values()];
    predictions.unknownCategories = [...unknown];
    return predictions;
  }
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
