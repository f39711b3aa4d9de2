import { z } from 'zod';

/**
 * `Worker` of resources.proto: who made an annotation — a oneof of `user`, `model` (with the
 * `model_version` that predicted) or `workflow`. Exactly one is set.
 */

const id = z.string().min(1).max(256);

export const strictWorkerSchema = z.union([
  z.strictObject({ user: z.strictObject({ id }) }),
  z.strictObject({
    model: z.strictObject({ id, model_version: z.strictObject({ id }).optional() }),
  }),
  z.strictObject({
    workflow: z.strictObject({ id, version: z.strictObject({ id }).optional() }),
  }),
]);
export type StrictWorker = z.infer<typeof strictWorkerSchema>;

export const lenientWorkerSchema = z.looseObject({
  user: z.looseObject({ id: z.string() }).optional(),
  model: z
    .looseObject({
      id: z.string(),
      model_version: z.looseObject({ id: z.string() }).optional(),
    })
    .optional(),
  workflow: z
    .looseObject({ id: z.string(), version: z.looseObject({ id: z.string() }).optional() })
    .optional(),
});
export type LenientWorker = z.infer<typeof lenientWorkerSchema>;

/** Which kind of worker, for filters and listings. */
export function workerKind(worker: LenientWorker | undefined): 'user' | 'model' | 'workflow' | undefined {
  if (worker?.user) return 'user';
  if (worker?.model) return 'model';
  if (worker?.workflow) return 'workflow';
  return undefined;
}
