import { z } from 'zod';
import { MAX_INPUTS_PER_CALL } from '../limits.ts';
import { outputConfigSchema } from '../predict.ts';
import { strictAnnotationSchema } from './platformAnnotation.ts';
import { strictInputSchema, strictPredictInputSchema } from './platformInput.ts';

/**
 * Request bodies of service.proto, strict (docs/clarifai-platform.md, "Requests"): the fields the
 * path does not carry (`user_app_id`, `model_id`, `version_id` are in the path), by their proto
 * names; anything else is refused by name. 128 items a call at most.
 */

/** `PostInputsRequest`: `POST /v2/users/{u}/apps/{a}/inputs`. */
export const postInputsRequestSchema = z.strictObject({
  inputs: z.array(strictInputSchema).min(1).max(MAX_INPUTS_PER_CALL),
});
export type PostInputsRequest = z.input<typeof postInputsRequestSchema>;

/**
 * A new annotation names its input and says something: image concepts or regions (the server
 * gives it an id when it has none).
 */
const postedAnnotationSchema = strictAnnotationSchema
  .refine((annotation) => annotation.input_id !== undefined, {
    message: 'an annotation needs its input_id',
    path: ['input_id'],
  })
  .refine(
    (annotation) => (annotation.data?.concepts?.length ?? 0) + (annotation.data?.regions?.length ?? 0) > 0,
    {
      message: 'an annotation needs data.concepts or data.regions',
      path: ['data'],
    },
  );

/** `PostAnnotationsRequest`: `POST /v2/users/{u}/apps/{a}/annotations`. */
export const postAnnotationsRequestSchema = z.strictObject({
  annotations: z.array(postedAnnotationSchema).min(1).max(MAX_INPUTS_PER_CALL),
});
export type PostAnnotationsRequest = z.input<typeof postAnnotationsRequestSchema>;

/** PatchAnnotations' `action` (a string in the proto; these are its documented values). */
export const patchActions = ['merge', 'overwrite', 'remove'] as const;
export type PatchAction = (typeof patchActions)[number];

/** A patched annotation is addressed by its id (and its input). */
const patchedAnnotationSchema = strictAnnotationSchema.refine((annotation) => annotation.id !== undefined, {
  message: 'a patched annotation needs its id',
  path: ['id'],
});

/** `PatchAnnotationsRequest`: `PATCH /v2/users/{u}/apps/{a}/annotations`. */
export const patchAnnotationsRequestSchema = z.strictObject({
  annotations: z.array(patchedAnnotationSchema).min(1).max(MAX_INPUTS_PER_CALL),
  action: z.enum(patchActions),
  delete_if_empty_data: z.boolean().optional(),
});
export type PatchAnnotationsRequest = z.input<typeof patchAnnotationsRequestSchema>;

/** `PostModelOutputsRequest`: `POST …/models/{model_id}[/versions/{version_id}]/outputs`. */
export const postModelOutputsRequestSchema = z.strictObject({
  inputs: z.array(strictPredictInputSchema).min(1).max(MAX_INPUTS_PER_CALL),
  model: z
    .strictObject({
      output_info: z.strictObject({ output_config: outputConfigSchema.optional() }).optional(),
    })
    .optional(),
});
export type PostModelOutputsRequest = z.input<typeof postModelOutputsRequestSchema>;
