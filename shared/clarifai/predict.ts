import { z } from 'zod';
import { imageSourceSchema, wireDataSchema, wireInputSchema } from './data.ts';
import { MAX_INPUTS_PER_CALL } from './limits.ts';
import { statusSchema } from './status.ts';
import { wireModelSchema } from './models.ts';

/** `POST {models path}/outputs` (docs/clarifai-v2.md §3). */

export const predictInputSchema = z.strictObject({
  id: z.string().min(1).optional(),
  data: z.strictObject({ image: imageSourceSchema }),
});
export type PredictInput = z.infer<typeof predictInputSchema>;

export const outputConfigSchema = z.strictObject({
  min_value: z.number().min(0).max(1).optional(),
  max_concepts: z.number().int().positive().optional(),
  select_concepts: z
    .array(z.strictObject({ id: z.string().min(1).optional(), name: z.string().min(1).optional() }))
    .optional(),
});
export type OutputConfig = z.infer<typeof outputConfigSchema>;

export const predictRequestSchema = z.strictObject({
  inputs: z.array(predictInputSchema).min(1).max(MAX_INPUTS_PER_CALL),
  model: z
    .strictObject({
      output_info: z.strictObject({ output_config: outputConfigSchema.optional() }).optional(),
    })
    .optional(),
});
export type PredictRequest = z.infer<typeof predictRequestSchema>;

/** One output: per input, with its own status (30002 when the image could not be fetched). */
export const predictOutputSchema = z.looseObject({
  // Ids are what feedback refers to: an empty one is a broken answer, not a usable output.
  id: z.string().min(1),
  status: statusSchema,
  created_at: z.string().optional(),
  model: wireModelSchema.optional(),
  input: wireInputSchema,
  data: wireDataSchema.optional(),
});
export type PredictOutput = z.infer<typeof predictOutputSchema>;

/**
 * 10000 with every output; 10010 (HTTP 207) when some failed; 10020 on total failure, where
 * `outputs` may still be present — or absent, hence the default.
 */
export const predictResponseSchema = z.looseObject({
  status: statusSchema,
  outputs: z.array(predictOutputSchema).default([]),
});
export type PredictResponse = z.infer<typeof predictResponseSchema>;
