import { z } from 'zod';
import { statusSchema } from '../status.ts';
import { statusCodeInfo, statusCodeTable } from '../statusCodes.ts';

/**
 * The platform's `status` (status.proto `message Status`) in its two flavours
 * (docs/clarifai-platform.md, "Strict and lenient"): a request names its codes by their enum
 * name, as the protobuf JSON mapping writes them; an answer may carry a name or a number.
 */

const knownNames = statusCodeTable.map((info) => info.name) as [string, ...string[]];

/** A status code by its enum name, as requests must send it; parsed to the number. */
export const strictStatusCodeSchema = z.enum(knownNames).transform((name) => statusCodeInfo(name)?.code ?? 0);

/** A request's status: `{"code":"ANNOTATION_SUCCESS"}`, optionally with a description. */
export const strictStatusSchema = z.strictObject({
  code: strictStatusCodeSchema,
  description: z.string().max(1000).optional(),
});
export type StrictStatus = z.output<typeof strictStatusSchema>;

/** An answer's status: code as a name or a number, unknown fields ignored. */
export const lenientStatusSchema = statusSchema;
export type LenientStatus = z.infer<typeof lenientStatusSchema>;

/** The annotation states a request may set (status_code.proto, "Annotation related 24xxx"). */
export const annotationStatusNames = [
  'ANNOTATION_SUCCESS',
  'ANNOTATION_PENDING',
  'ANNOTATION_FAILED',
  'ANNOTATION_AWAITING_REVIEW',
  'ANNOTATION_REVIEW_DENIED',
  'ANNOTATION_AWAITING_CONSENSUS_REVIEW',
] as const;
export type AnnotationStatusName = (typeof annotationStatusNames)[number];

/** An annotation's status in a request: one of the annotation states, by name. */
export const strictAnnotationStatusSchema = z.strictObject({
  code: z.enum(annotationStatusNames).transform((name) => statusCodeInfo(name)?.code ?? 0),
  description: z.string().max(1000).optional(),
});
export type StrictAnnotationStatus = z.output<typeof strictAnnotationStatusSchema>;
