import { z } from 'zod';
import { boundingBoxSchema } from './boundingBox.ts';
import { wireDataSchema } from './data.ts';
import { MAX_INPUTS_PER_CALL } from './limits.ts';
import { statusSchema } from './status.ts';

/**
 * Annotations (clarifai-v2.md §5): the current API's way to deliver corrections, since the
 * feedback endpoints were retired. `POST /v2/users/{u}/apps/{a}/annotations`, up to 128 at once;
 * the input must already exist in that app.
 */

const annotationConceptSchema = z
  .strictObject({
    id: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    value: z.number().min(0).max(1),
  })
  .refine((concept) => concept.id !== undefined || concept.name !== undefined, {
    message: 'an annotation concept needs an id or a name',
  });

export const newAnnotationSchema = z.strictObject({
  input_id: z.string().min(1),
  data: z
    .strictObject({
      concepts: z.array(annotationConceptSchema).optional(),
      regions: z
        .array(
          z.strictObject({
            region_info: z.strictObject({ bounding_box: boundingBoxSchema }),
            data: z.strictObject({ concepts: z.array(annotationConceptSchema) }),
          }),
        )
        .optional(),
    })
    .refine((data) => (data.concepts?.length ?? 0) + (data.regions?.length ?? 0) > 0, {
      message: 'an annotation needs concepts or regions',
    }),
});
export type NewAnnotation = z.infer<typeof newAnnotationSchema>;

export const addAnnotationsRequestSchema = z.strictObject({
  annotations: z.array(newAnnotationSchema).min(1).max(MAX_INPUTS_PER_CALL),
});
export type AddAnnotationsRequest = z.infer<typeof addAnnotationsRequestSchema>;

export const annotationsResponseSchema = z.looseObject({
  status: statusSchema,
  annotations: z
    .array(
      z.looseObject({
        id: z.string(),
        input_id: z.string().optional(),
        data: wireDataSchema.optional(),
        status: statusSchema.optional(),
      }),
    )
    .default([]),
});
export type AnnotationsResponse = z.infer<typeof annotationsResponseSchema>;
