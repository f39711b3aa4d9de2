import { z } from 'zod';
import { toPixels, type Box } from './geometry.ts';
import { csvCell, regionLabel } from './qaReport.ts';
import { regionConfidence, regionVerdict, type ReviewState } from './review.ts';

/** An image with its reviews, as the exporters need it. */
export interface ExportImage {
  id: number;
  /** Path or URL as imported; COCO gets its base name. */
  source: string;
  width: number;
  height: number;
  /** SHA-256 of the image's bytes, when Loupe has read them (Clarifai's input id, docs/clarifai-platform.md). */
  contentHash?: string | null;
  reviews: { state: ReviewState; reviewer: string; updatedAt: string }[];
}

export const cocoSchema = z.object({
  info: z.object({ description: z.string(), date_created: z.string() }).optional(),
  images: z.array(
    z.object({
      id: z.number().int(),
      file_name: z.string().min(1),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
    }),
  ),
  categories: z.array(
    z.object({ id: z.number().int(), name: z.string().min(1), supercategory: z.string().optional() }),
  ),
  annotations: z.array(
    z.object({
      id: z.number().int(),
      image_id: z.number().int(),
      category_id: z.number().int(),
      bbox: z.tuple([z.number(), z.number(), z.number().positive(), z.number().positive()]),
      area: z.number().nonnegative(),
      iscrowd: z.union([z.literal(0), z.literal(1)]).default(0),
      score: z.number().min(0).max(1).optional(),
    }),
  ),
});
export type Coco = z.infer<typeof cocoSchema>;

export function baseName(source: string): string {
  const withoutQuery = source.split(/[?#]/)[0] ?? source;
  return withoutQuery.split(/[\\/]/).filter(Boolean).pop() ?? source;
}

/**
 * Reviewed boxes as COCO ("corrected labels"): regions that exist after review — accurate,
 * misplaced (corrected box), not detected — in pixels, with the model's score where it gave one.
 * False positives and unreviewed regions are left out.
 */
export function toCoco(images: readonly ExportImage[], now = new Date()): Coco {
  const categories = new Map<string, number>();
  const annotations: Coco['annotations'] = [];
  for (const image of images) {
    for (const { state } of image.reviews) {
      for (const region of state.regions) {
        const verdict = regionVerdict(region);
        if (verdict !== 'accurate' && verdict !== 'misplaced' && verdict !== 'not_detected') continue;
        const label = regionLabel(region);
        if (!categories.has(label)) categories.set(label, categories.size + 1);
        const { x, y, width, height } = toPixels(region.box, image);
        const bbox: [number, number, number, number] = [round2(x), round2(y), round2(width), round2(height)];
        if (bbox[2] <= 0 || bbox[3] <= 0) continue;
        // The model's score stays with the box (COCO results carry `score`); drawn boxes have none.
        const score = regionConfidence(region);
        annotations.push({
          id: annotations.length + 1,
          image_id: image.id,
          category_id: categories.get(label)!,
          bbox,
          area: round2(bbox[2] * bbox[3]),
          iscrowd: 0,
          ...(score !== undefined ? { score } : {}),
        });
      }
    }
  }
  return {
    info: { description: 'Reviewed regions exported by Loupe', date_created: now.toISOString() },
    images: images.map((image) => ({
      id: image.id,
      file_name: baseName(image.source),
      width: image.width,
      height: image.height,
    })),
    categories: [...categories.entries()].map(([name, id]) => ({ id, name })),
    annotations,
  };
}

/** One CSV row per reviewed region, boxes in pixels. */
export function toBoxesCsv(images: readonly ExportImage[]): string {
  const header = [
    'image_id',
    'file',
    'width',
    'height',
    'output_id',
    'model_id',
    'region',
    'verdict',
    'x',
    'y',
    'w',
    'h',
    'label',
    'confidence',
  ];
  const rows = images.flatMap((image) =>
    image.reviews.flatMap(({ state }) =>
      state.regions.flatMap((region) => {
        const verdict = regionVerdict(region);
        if (!verdict) return [];
        const box = toPixels(region.box, image);
        return [
          [
            image.id,
            image.source,
            image.width,
            image.height,
            state.outputId,
            state.modelId,
            region.key,
            verdict,
            round2(box.x),
            round2(box.y),
            round2(box.width),
            round2(box.height),
            regionLabel(region),
            regionConfidence(region) ?? null,
          ],
        ];
      }),
    ),
  );
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

/**
 * The review log: one JSON line per reviewed region (prediction, verdict, label, corrected box,
 * concepts, reviewer, time). `extra` adds fields to a region's line (the YOLO/VOC side file says
 * where in the label files the region is).
 */
export function toReviewLogJsonl(
  images: readonly ExportImage[],
  extra?: (image: ExportImage) => (region: ReviewState['regions'][number]) => Record<string, unknown>,
): string {
  const lines: string[] = [];
  for (const image of images) {
    const more = extra?.(image);
    for (const { state, reviewer, updatedAt } of image.reviews) {
      for (const region of state.regions) {
        const verdict = regionVerdict(region);
        if (!verdict) continue;
        lines.push(
          JSON.stringify({
            ...more?.(region),
            image: image.source,
            imageId: image.id,
            outputId: state.outputId,
            inputId: state.inputId,
            modelId: state.modelId,
            region: region.key,
            verdict,
            label: regionLabel(region),
            score: regionConfidence(region) ?? null,
            predictedBox: region.predictedBox ? pixelBox(region.predictedBox, image) : null,
            box: pixelBox(region.box, image),
            concepts: region.concepts
              .filter((concept) => concept.judgement !== 'unsure')
              .map((concept) => ({
                id: concept.id,
                name: concept.name,
                value: concept.judgement === 'true',
              })),
            reviewer,
            time: updatedAt,
          }),
        );
      }
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function pixelBox(box: Box, size: { width: number; height: number }) {
  const pixels = toPixels(box, size);
  return {
    x: round2(pixels.x),
    y: round2(pixels.y),
    width: round2(pixels.width),
    height: round2(pixels.height),
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
