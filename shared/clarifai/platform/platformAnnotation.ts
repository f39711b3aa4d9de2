import { z } from 'zod';
import { boundedJsonObject } from '../../jsonLimits.ts';
import { lenientDataSchema, strictAnnotationDataSchema } from './platformData.ts';
import { platformObjectIdSchema } from './platformInput.ts';
import { lenientStatusSchema, strictAnnotationStatusSchema } from './platformStatus.ts';
import { lenientWorkerSchema, strictWorkerSchema } from './platformWorker.ts';

/**
 * `Annotation` of resources.proto (docs/clarifai-platform.md, "Objects"): labels on one input —
 * `data.regions` with boxes and concepts, or `data.concepts` with `input_level` for the image —
 * with its own `status`, a free-form `annotation_info`, and the `worker` that made it.
 */

/** Timestamps are output-only: a request may echo them (e.g. an overwrite of a listed annotation); the server sets them. */
const timestamp = z.iso.datetime({ offset: true });

export const strictAnnotationSchema = z.strictObject({
  id: platformObjectIdSchema.optional(),
  input_id: platformObjectIdSchema.optional(),
  data: strictAnnotationDataSchema.optional(),
  annotation_info: boundedJsonObject().optional(),
  status: strictAnnotationStatusSchema.optional(),
  worker: strictWorkerSchema.optional(),
  input_level: z.boolean().optional(),
  task_id: z.string().max(256).optional(),
  created_at: timestamp.optional(),
  modified_at: timestamp.optional(),
});
export type StrictAnnotation = z.output<typeof strictAnnotationSchema>;
/** What a client writes before parsing (status codes by name). */
export type StrictAnnotationInput = z.input<typeof strictAnnotationSchema>;

export const lenientAnnotationSchema = z.looseObject({
  id: z.string().min(1),
  input_id: z.string().optional(),
  data: lenientDataSchema.optional(),
  annotation_info: boundedJsonObject().optional(),
  status: lenientStatusSchema.optional(),
  worker: lenientWorkerSchema.optional(),
  /** proto3 JSON leaves `false` out. */
  input_level: z.boolean().default(false),
  task_id: z.string().optional(),
  created_at: z.string().optional(),
  modified_at: z.string().optional(),
});
export type LenientAnnotation = z.infer<typeof lenientAnnotationSchema>;
