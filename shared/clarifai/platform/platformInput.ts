import { z } from 'zod';
import { lenientDataSchema, strictImageSchema, strictInputDataSchema } from './platformData.ts';
import { lenientStatusSchema } from './platformStatus.ts';

/**
 * `Input` of resources.proto: an image of the app, identified by `id` within it. Its `status` is
 * its processing state (30001/30003 at first, then 30000 or 30002; docs/clarifai-platform.md).
 */

/** Ids of the platform's own objects: what the platform allows (letters, digits, `_`, `-`, `.`). */
export const platformObjectIdSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9_.-]+$/, 'an id may contain only letters, digits, "_", "-" and "."');

export const strictInputSchema = z.strictObject({
  id: platformObjectIdSchema.optional(),
  data: strictInputDataSchema,
});
export type StrictInput = z.infer<typeof strictInputSchema>;

/** An input of a predict request: only its image counts (and its id, which the output echoes). */
export const strictPredictInputSchema = z.strictObject({
  id: platformObjectIdSchema.optional(),
  data: z.strictObject({ image: strictImageSchema }),
});
export type StrictPredictInput = z.infer<typeof strictPredictInputSchema>;

export const lenientInputSchema = z.looseObject({
  id: z.string().min(1),
  data: lenientDataSchema.optional(),
  created_at: z.string().optional(),
  modified_at: z.string().optional(),
  status: lenientStatusSchema.optional(),
});
export type LenientInput = z.infer<typeof lenientInputSchema>;
