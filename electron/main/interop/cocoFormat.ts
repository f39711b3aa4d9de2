import { z } from 'zod';
import { toPixels } from '../../../shared/geometry.ts';
import { regionLabel } from '../../../shared/qaReport.ts';
import { regionConfidence, regionVerdict, verdictSchema } from '../../../shared/review.ts';
import { toCoco, type ExportImage } from '../../../shared/reviewExports.ts';
import { CocoAnnotationColumns } from './cocoAnnotationColumns.ts';
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
  /** Image slots by the file's image id: an annotation may come before its image. */
  readonly #slots = new Map<string, number>();
  /** The image of each slot, once it is known (its regions are made from #annotations). */
  readonly #imageOfSlot: (ForeignImage | undefined)[] = [];
  readonly #images: ForeignImage[] = [];
  /** Category slots by the file's category id, and their ids. */
  readonly #categorySlots = new Map<string, number>();
  readonly #categoryIds: string[] = [];
  readonly #annotations = new CocoAnnotationColumns();

  constructor(resultsList: boolean, options: CocoOptions = {}) {
    this.#resultsList = resultsList;
    this.#names = new Map(options.categoryNames ?? []);
    this.#datasetImages = options.images ?? new Map();
  }

  /** An entry of the root array (a results list) or of the root object's `key` list. */
  entry(key: string | undefined, index: number, entry: unknown): void {
    if (this.#resultsList) this.#annotation(`[${index}]`, index, entry);
    else if (key === 'annotations') this.#annotation(`annotations[${index}]`, index, entry);
    else if (key === 'images') this.#image(index, entry);
    else if (key === 'categories') this.#category(index, entry);
  }

  #category(index: number, entry: unknown): void {
    const category = categorySchema.safeParse(entry);
    if (category.success) this.#names.set(String(category.data.id), category.data.name);
    else this.#predictions.skipped.push({ where: `categories[${index}]`, reason: 'no id or name' });
  }

  #slot(imageKey: string): number {
    let slot = this.#slots.get(imageKey);
    if (slot === undefined) {
      slot = this.#imageOfSlot.length;
      this.#slots.set(imageKey, slot);
      this.#imageOfSlot.push(undefined);
    }
    return slot;
  }

  /** An image whose regions are made from the columns each time they are asked for (one image at a time). */
  #addImage(slot: number, image: Omit<ForeignImage, 'regions'>): void {
    const columns = this.#annotations;
    const label = (category: number) => {
      const id = this.#categoryIds[category]!;
      return this.#names.get(id) ?? id;
    };
    const foreign = image as ForeignImage;
    Object.defineProperty(foreign, 'regions', {
      enumerable: true,
      get: () => columns.regionsOf(slot, label),
    });
    Object.defineProperty(foreign, 'regionCount', { get: () => columns.countOf(slot) });
    this.#imageOfSlot[slot] = foreign;
    this.#images.push(foreign);
  }

  #image(index: number, entry: unknown): void {
    const image = imageSchema.safeParse(entry);
    if (!image.success) {
      this.#predictions.skipped.push({ where: `images[${index}]`, reason: 'no image id' });
      return;
    }
    const { id, file_name: fileName, coco_url: url, width, height } = image.data;
    const key = String(id);
    const slot = this.#slot(key);
    // A second entry for the same id: the first one stands (as before, its regions are its).
    if (this.#imageOfSlot[slot]) return;
    this.#addImage(slot, {
      where: `images[${index}]`,
      id: key,
      ...(fileName ? { fileName } : {}),
      ...(url ? { url } : {}),
      ...(width ? { width } : {}),
      ...(height ? { height } : {}),
    });
  }

  #annotation(where: string, index: number, entry: unknown): void {
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
    const imageKey = String(annotation.image_id);
    const slot = this.#slot(imageKey);
    if (!this.#imageOfSlot[slot] && this.#resultsList) {
      const named = this.#datasetImages.get(imageKey);
      this.#addImage(slot, {
        where: `image_id ${imageKey}`,
        id: imageKey,
        ...(named?.fileName ? { fileName: named.fileName } : {}),
        ...(named?.width ? { width: named.width } : {}),
        ...(named?.height ? { height: named.height } : {}),
      });
    }
    const categoryKey = String(annotation.category_id);
    let category = this.#categorySlots.get(categoryKey);
    if (category === undefined) {
      category = this.#categoryIds.length;
      this.#categorySlots.set(categoryKey, category);
      this.#categoryIds.push(categoryKey);
    }
    this.#annotations.add({
      index,
      image: slot,
      category,
      id: annotation.id,
      bbox: annotation.bbox,
      score,
      verdict: annotation.loupe_verdict,
      corrected: annotation.loupe_corrected_bbox,
    });
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
    // Labels are resolved once every category is read: an id no category names stays the label.
    const used = new Set<number>();
    for (const [imageKey, slot] of this.#slots) {
      const known = this.#imageOfSlot[slot] !== undefined;
      for (const row of this.#annotations.rowsOf(slot)) {
        if (known) used.add(this.#annotations.categoryOf(row));
        else
          predictions.skipped.push({
            where: `annotations[${this.#annotations.indexOf(row)}]`,
            reason: `image_id ${imageKey} is not in "images"`,
          });
      }
    }
    predictions.images = this.#images;
    predictions.unknownCategories = [...used]
      .sort((a, b) => a - b)
      .map((category) => this.#categoryIds[category]!)
      .filter((id) => !this.#names.has(id));
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
