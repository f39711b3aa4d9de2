import { z } from 'zod';
import { boundedJsonObject } from '../jsonLimits.ts';
import { imageSourceSchema, wireInputSchema } from './data.ts';
import { MAX_INPUTS_PER_CALL } from './limits.ts';
import { statusSchema } from './status.ts';

/**
 * Inputs (docs/clarifai-v2.md §4): `POST {app}/inputs` adds up to 128 asynchronously — each comes back
 * 30001/30003 and is polled with `GET {app}/inputs/{id}` until 30000 (ready) or 30002 (failed);
 * `GET {app}/inputs?page=&per_page=` lists them.
 */

export const newInputSchema = z.strictObject({
  id: z.string().min(1).optional(),
  data: z.strictObject({
    image: imageSourceSchema,
    concepts: z
      .array(z.strictObject({ id: z.string().min(1), value: z.number().min(0).max(1).optional() }))
      .optional(),
    /** Free-form, bounded in depth and size (shared/jsonLimits.ts). */
    metadata: boundedJsonObject().optional(),
  }),
});
export type NewInput = z.infer<typeof newInputSchema>;

export const addInputsRequestSchema = z.strictObject({
  inputs: z.array(newInputSchema).min(1).max(MAX_INPUTS_PER_CALL),
});
export type AddInputsRequest = z.infer<typeof addInputsRequestSchema>;

/** Add and list answers: the inputs, each with its own status. */
export const inputsResponseSchema = z.looseObject({
  status: statusSchema,
  inputs: z.array(wireInputSchema).default([]),
});
export type InputsResponse = z.infer<typeof inputsResponseSchema>;

export const getInputResponseSchema = z.looseObject({ status: statusSchema, input: wireInputSchema });
export type GetInputResponse = z.infer<typeof getInputResponseSchema>;
