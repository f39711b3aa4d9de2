import { z } from 'zod';
import { wireConceptSchema } from './data.ts';
import { statusSchema } from './status.ts';

/** Models as responses describe them: in predict outputs, `GET {models path}`, `GET /v2/models`. */

export const wireModelVersionSchema = z.looseObject({
  id: z.string(),
  created_at: z.string().optional(),
  status: statusSchema.optional(),
});
export type WireModelVersion = z.infer<typeof wireModelVersionSchema>;

export const wireModelSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  app_id: z.string().optional(),
  user_id: z.string().optional(),
  created_at: z.string().optional(),
  model_type_id: z.string().optional(),
  /** `type`: `concept`, `detect-concept`, … on responses of the feedback era. */
  output_info: z
    .looseObject({
      type: z.string().optional(),
      type_ext: z.string().optional(),
      message: z.string().optional(),
      /** The concepts the model knows (`GET {models path}`): its vocabulary. */
      data: z.looseObject({ concepts: z.array(wireConceptSchema).optional() }).optional(),
    })
    .optional(),
  model_version: wireModelVersionSchema.optional(),
});
export type WireModel = z.infer<typeof wireModelSchema>;

export const getModelResponseSchema = z.looseObject({ status: statusSchema, model: wireModelSchema });
export type GetModelResponse = z.infer<typeof getModelResponseSchema>;

export const listModelsResponseSchema = z.looseObject({
  status: statusSchema,
  models: z.array(wireModelSchema).default([]),
});
export type ListModelsResponse = z.infer<typeof listModelsResponseSchema>;
