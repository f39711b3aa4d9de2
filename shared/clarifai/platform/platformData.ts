import { z } from 'zod';
import { boundedJsonObject } from '../../jsonLimits.ts';
import { boundingBoxSchema, wireBoundingBoxSchema } from '../boundingBox.ts';
import { imageSourceSchema, wireConceptSchema, wireImageSchema } from '../data.ts';

/**
 * `Data`, `Image`, `Concept`, `Region`, `RegionInfo`, `BoundingBox` of resources.proto, in the
 * fields Loupe uses (docs/clarifai-platform.md, "Objects"). Strict schemas are what a request
 * may carry: the proto's field names only, anything else refused by name. Lenient ones read
 * answers: unknown fields kept and ignored, proto3's omitted zero values defaulted.
 */

const conceptValue = z.number().min(0).max(1);
const id = z.string().min(1).max(256);

/** `Concept`: an id, maybe a name; `value` 0 is an explicit "no" and defaults to 1 (the proto's cl_default_float). */
export const strictConceptSchema = z.strictObject({
  id,
  name: z.string().max(1000).optional(),
  value: conceptValue.optional(),
  app_id: z.string().max(256).optional(),
});
export type StrictConcept = z.infer<typeof strictConceptSchema>;

export const lenientConceptSchema = wireConceptSchema;
export type LenientConcept = z.infer<typeof lenientConceptSchema>;

/** `Image` in a request: exactly one of `url` or `base64`. */
export const strictImageSchema = imageSourceSchema;
export const lenientImageSchema = wireImageSchema;

/** `RegionInfo` with a `bounding_box` (the only region kind Loupe draws). */
export const strictRegionInfoSchema = z.strictObject({ bounding_box: boundingBoxSchema });
export const lenientRegionInfoSchema = z.looseObject({ bounding_box: wireBoundingBoxSchema.optional() });

/** `Region`: `id`, `region_info`, `data.concepts`, `value` (the region's confidence). */
export const strictRegionSchema = z.strictObject({
  id: id.optional(),
  region_info: strictRegionInfoSchema,
  data: z.strictObject({ concepts: z.array(strictConceptSchema).max(1000).optional() }).optional(),
  value: conceptValue.optional(),
});
export type StrictRegion = z.infer<typeof strictRegionSchema>;

export const lenientRegionSchema = z.looseObject({
  id: z.string().optional(),
  value: z.number().optional(),
  region_info: lenientRegionInfoSchema.optional(),
  data: z.looseObject({ concepts: z.array(lenientConceptSchema).optional() }).optional(),
});
export type LenientRegion = z.infer<typeof lenientRegionSchema>;

/** An annotation's `Data`: image-level `concepts`, `regions`, and free-form `metadata`. */
export const strictAnnotationDataSchema = z.strictObject({
  concepts: z.array(strictConceptSchema).max(1000).optional(),
  regions: z.array(strictRegionSchema).max(1000).optional(),
  metadata: boundedJsonObject().optional(),
});
export type StrictAnnotationData = z.infer<typeof strictAnnotationDataSchema>;

/** An input's `Data` in a request: the image, and optionally concepts and metadata. */
export const strictInputDataSchema = z.strictObject({
  image: strictImageSchema,
  concepts: z.array(strictConceptSchema).max(1000).optional(),
  metadata: boundedJsonObject().optional(),
});
export type StrictInputData = z.infer<typeof strictInputDataSchema>;

export const lenientDataSchema = z.looseObject({
  image: lenientImageSchema.optional(),
  concepts: z.array(lenientConceptSchema).optional(),
  regions: z.array(lenientRegionSchema).optional(),
  metadata: boundedJsonObject().optional(),
});
export type LenientData = z.infer<typeof lenientDataSchema>;
