import { z } from 'zod';
import { lenientConceptSchema, lenientDataSchema } from './platformData.ts';
import { lenientInputSchema } from './platformInput.ts';
import { lenientStatusSchema } from './platformStatus.ts';

/**
 * `Model`, `ModelVersion` and `Output` of resources.proto as answers carry them. A detector's
 * concepts are in `output_info.data.concepts` (ids and names), which a model picker shows.
 */

export const lenientModelVersionSchema = z.looseObject({
  id: z.string(),
  created_at: z.string().optional(),
  status: lenientStatusSchema.optional(),
});
export type LenientModelVersion = z.infer<typeof lenientModelVersionSchema>;

export const lenientModelSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  user_id: z.string().optional(),
  app_id: z.string().optional(),
  created_at: z.string().optional(),
  modified_at: z.string().optional(),
  model_type_id: z.string().optional(),
  output_info: z
    .looseObject({
      data: z.looseObject({ concepts: z.array(lenientConceptSchema).optional() }).optional(),
      message: z.string().optional(),
    })
    .optional(),
  model_version: lenientModelVersionSchema.optional(),
});
export type LenientModel = z.infer<typeof lenientModelSchema>;

/** One prediction: per input, with its own status. */
export const lenientOutputSchema = z.looseObject({
  id: z.string().min(1),
  status: lenientStatusSchema,
  created_at: z.string().optional(),
  model: lenientModelSchema.optional(),
  input: lenientInputSchema.optional(),
  data: lenientDataSchema.optional(),
});
export type LenientOutput = z.infer<typeof lenientOutputSchema>;
