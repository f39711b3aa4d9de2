import { z } from 'zod';
import { wireBoundingBoxSchema } from './boundingBox.ts';
import { statusSchema } from './status.ts';

/**
 * Clarifai's `Data` message as responses carry it (predict outputs, inputs, search hits). Tolerant
 * of fields Clarifai adds; strict about the types of the fields Loupe reads.
 */

export const wireImageSchema = z.looseObject({
  url: z.string().optional(),
  base64: z.string().optional(),
});
export type WireImage = z.infer<typeof wireImageSchema>;

export const wireConceptSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  value: z.number().optional(),
  app_id: z.string().optional(),
  /** Newer face/demographics responses say which vocabulary a concept belongs to. */
  vocab_id: z.string().optional(),
});
export type WireConcept = z.infer<typeof wireConceptSchema>;

const conceptList = z.looseObject({ concepts: z.array(wireConceptSchema).optional() });

/** The keys under which face models of the 2019 era grouped a region's concepts. */
export const faceVocabularies = [
  'identity',
  'age_appearance',
  'gender_appearance',
  'multicultural_appearance',
] as const;
export type FaceVocabulary = (typeof faceVocabularies)[number];

export const wireFaceSchema = z.looseObject({
  identity: conceptList.optional(),
  age_appearance: conceptList.optional(),
  gender_appearance: conceptList.optional(),
  multicultural_appearance: conceptList.optional(),
});
export type WireFace = z.infer<typeof wireFaceSchema>;

/** A region's own data: concepts (flat, maybe with vocab_id), the old face shape, or nothing. */
export const wireRegionDataSchema = z.looseObject({
  concepts: z.array(wireConceptSchema).optional(),
  face: wireFaceSchema.optional(),
});
export type WireRegionData = z.infer<typeof wireRegionDataSchema>;

export const wireRegionSchema = z.looseObject({
  id: z.string().optional(),
  value: z.number().optional(),
  region_info: z.looseObject({ bounding_box: wireBoundingBoxSchema.optional() }).optional(),
  data: wireRegionDataSchema.optional(),
});
export type WireRegion = z.infer<typeof wireRegionSchema>;

export const wireDataSchema = z.looseObject({
  image: wireImageSchema.optional(),
  concepts: z.array(wireConceptSchema).optional(),
  regions: z.array(wireRegionSchema).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type WireData = z.infer<typeof wireDataSchema>;

/** An input as responses carry it; `status` is present on inputs endpoints (30000, 30001, …). */
export const wireInputSchema = z.looseObject({
  id: z.string().min(1),
  data: wireDataSchema.optional(),
  created_at: z.string().optional(),
  status: statusSchema.optional(),
});
export type WireInput = z.infer<typeof wireInputSchema>;

/**
 * A request's image: exactly one of `url` or `base64` (Clarifai refuses both or neither).
 * `allow_duplicate_url` matters when adding inputs.
 */
export const imageSourceSchema = z
  .strictObject({
    url: z.string().min(1).optional(),
    base64: z.string().min(1).optional(),
    allow_duplicate_url: z.boolean().optional(),
  })
  .refine((image) => (image.url === undefined) !== (image.base64 === undefined), {
    message: 'image needs exactly one of url or base64',
  });
export type ImageSource = z.infer<typeof imageSourceSchema>;
