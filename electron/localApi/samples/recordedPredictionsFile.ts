import { z } from 'zod';
import { boxSchema } from '../../../shared/geometry.ts';
import { conceptSchema } from '../models/concept.ts';

/**
 * The file format of recorded predictions: what a model answered for a set of images, kept so
 * the local API can answer the same for a model that cannot run locally (logos), or for any
 * predictions someone imports. Boxes are Loupe's normalised boxes of the image as seen (EXIF
 * orientation applied). The server matches a predict request to a recording by the SHA-256 of
 * the image bytes.
 *
 * ```json
 * { "format": "loupe-recorded-predictions", "version": 1,
 *   "model": { "id": "c443119bf2ed4da98487520d01a0b1e3", "name": "logo" },
 *   "images": [{ "file": "logo-01.jpg", "width": 960, "height": 640, "bytes": 81234,
 *                "sha256": "…", "truth": [{ "box": {…}, "concept": { "id": "brand_kilnworth", "name": "Kilnworth" } }] }],
 *   "predictions": [{ "file": "logo-01.jpg",
 *                     "regions": [{ "id": "…", "box": {…}, "concepts": [{ "id": "brand_kilnworth", "name": "Kilnworth", "value": 0.93 }] }] }] }
 * ```
 * `images` is optional (a generated set carries its ground truth there); a prediction's image is
 * identified by `sha256`, or else by the `images` entry of the same file, or else by hashing the
 * file itself.
 */
export const recordedPredictionsFormat = 'loupe-recorded-predictions';

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits (SHA-256)');

/** A file next to the manifest: a relative path that stays inside the manifest's folder. */
const relativeFileSchema = z
  .string()
  .min(1)
  .refine((file) => !/^([/\\]|[a-zA-Z]:)/.test(file) && !file.split(/[/\\]/).includes('..'), {
    message: 'must be a path relative to the manifest, inside its folder',
  });

export const recordedRegionSchema = z.object({
  id: z.string().min(1),
  box: boxSchema,
  concepts: z.array(conceptSchema),
});
export type RecordedRegion = z.infer<typeof recordedRegionSchema>;

export const recordedPredictionSchema = z
  .object({
    file: relativeFileSchema,
    sha256: sha256Schema.optional(),
    regions: z.array(recordedRegionSchema).default([]),
    /** Image-level concepts, for recordings of a concept model. */
    concepts: z.array(conceptSchema).default([]),
  })
  .refine(
    (prediction) => new Set(prediction.regions.map((region) => region.id)).size === prediction.regions.length,
    {
      message: 'region ids must be unique within a prediction',
      path: ['regions'],
    },
  );

export const recordedImageSchema = z.object({
  file: relativeFileSchema,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: z.number().int().positive(),
  sha256: sha256Schema,
  truth: z.array(
    z.object({ box: boxSchema, concept: z.object({ id: z.string().min(1), name: z.string().min(1) }) }),
  ),
});
export type RecordedImage = z.infer<typeof recordedImageSchema>;

export const recordedPredictionsFileSchema = z.object({
  format: z.literal(recordedPredictionsFormat),
  version: z.literal(1),
  model: z.object({ id: z.string().min(1), name: z.string().min(1) }),
  /** Where the recordings came from, for people reading the file. */
  source: z.string().optional(),
  images: z.array(recordedImageSchema).default([]),
  predictions: z.array(recordedPredictionSchema),
});
export type RecordedPredictionsFile = z.infer<typeof recordedPredictionsFileSchema>;
