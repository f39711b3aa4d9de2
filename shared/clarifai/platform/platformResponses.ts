import { z } from 'zod';
import { lenientAnnotationSchema } from './platformAnnotation.ts';
import { lenientInputSchema } from './platformInput.ts';
import { lenientModelSchema, lenientOutputSchema } from './platformModel.ts';
import { lenientStatusSchema } from './platformStatus.ts';

/**
 * Response messages of service.proto, lenient (docs/clarifai-platform.md, "Responses"): the
 * top-level `status`, and each item with its own `status` in batches (10010 MIXED_STATUS when
 * some failed). Repeated fields are `cl_show_if_empty` in the protos but default to empty here,
 * since an error answer may carry nothing but its status.
 */

export const multiInputResponseSchema = z.looseObject({
  status: lenientStatusSchema,
  inputs: z.array(lenientInputSchema).default([]),
});
export type MultiInputResponse = z.infer<typeof multiInputResponseSchema>;

export const singleInputResponseSchema = z.looseObject({
  status: lenientStatusSchema,
  input: lenientInputSchema.optional(),
});
export type SingleInputResponse = z.infer<typeof singleInputResponseSchema>;

export const multiAnnotationResponseSchema = z.looseObject({
  status: lenientStatusSchema,
  annotations: z.array(lenientAnnotationSchema).default([]),
});
export type MultiAnnotationResponse = z.infer<typeof multiAnnotationResponseSchema>;

export const multiModelResponseSchema = z.looseObject({
  status: lenientStatusSchema,
  models: z.array(lenientModelSchema).default([]),
});
export type MultiModelResponse = z.infer<typeof multiModelResponseSchema>;

export const multiOutputResponseSchema = z.looseObject({
  status: lenientStatusSchema,
  outputs: z.array(lenientOutputSchema).default([]),
});
export type MultiOutputResponse = z.infer<typeof multiOutputResponseSchema>;

/** DeleteAnnotation and other answers that carry only their status. */
export const platformStatusResponseSchema = z.looseObject({ status: lenientStatusSchema });
export type PlatformStatusResponse = z.infer<typeof platformStatusResponseSchema>;
