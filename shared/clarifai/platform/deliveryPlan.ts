import { z } from 'zod';
import { boundingBoxSchema } from '../boundingBox.ts';
import { MAX_INPUTS_PER_CALL } from '../limits.ts';
import type { PlatformAnnotation } from './reviewAnnotations.ts';

/**
 * One platform delivery (one submitted review) as a small plan of idempotent steps
 * (docs/clarifai-platform.md, "Delivery"): make the image an input of the app, wait until it is
 * processed, post (or overwrite) the annotations in calls of ≤128, delete the ones the review no
 * longer sends, set the status of reviewed model annotations. The outbox stores the plan and how
 * many steps are done, so a crash resumes at the step it stopped at; every step is safe to repeat
 * because every id in it is deterministic.
 */

const conceptSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().optional(),
  value: z.union([z.literal(0), z.literal(1)]),
});

const annotationInfoSchema = z.strictObject({
  source: z.literal('loupe'),
  verdict: z.enum(['accurate', 'misplaced', 'not_detected', 'false_positive', 'image_concepts']),
  output_id: z.string(),
  region_id: z.string().optional(),
  end_user_id: z.string().optional(),
  session_id: z.string().optional(),
});

export const plannedAnnotationSchema = z.strictObject({
  id: z.string().min(1),
  input_id: z.string().min(1),
  data: z.union([
    z.strictObject({
      regions: z.tuple([
        z.strictObject({
          region_info: z.strictObject({ bounding_box: boundingBoxSchema }),
          data: z.strictObject({ concepts: z.array(conceptSchema) }),
        }),
      ]),
    }),
    z.strictObject({ concepts: z.array(conceptSchema).min(1) }),
  ]),
  annotation_info: annotationInfoSchema,
}) satisfies z.ZodType<PlatformAnnotation>;

const annotationRefSchema = z.strictObject({ input_id: z.string().min(1), id: z.string().min(1) });
export type AnnotationRef = z.infer<typeof annotationRefSchema>;

export const annotationVerdictStatuses = ['ANNOTATION_SUCCESS', 'ANNOTATION_REVIEW_DENIED'] as const;

export const deliveryPlanSchema = z.strictObject({
  version: z.literal(1),
  /** The image as an input of the app; `imageId` means its bytes are read from the workspace when sent. */
  input: z.strictObject({
    id: z.string().min(1),
    image: z.union([z.strictObject({ url: z.url() }), z.strictObject({ imageId: z.number().int() })]),
    /** An earlier delivery already made it an input: no PostInputs, no waiting. */
    known: z.boolean(),
  }),
  annotations: z.array(plannedAnnotationSchema),
  removals: z.array(annotationRefSchema),
  statuses: z.array(annotationRefSchema.extend({ code: z.enum(annotationVerdictStatuses) })),
});
export type DeliveryPlan = z.infer<typeof deliveryPlanSchema>;

export type DeliveryStep =
  | { kind: 'post_input' }
  | { kind: 'await_input' }
  | { kind: 'annotations'; annotations: PlatformAnnotation[] }
  | { kind: 'remove'; annotation: AnnotationRef }
  | { kind: 'statuses'; statuses: DeliveryPlan['statuses'] };

/** The steps of a plan, in order; the same plan always gives the same steps. */
export function deliverySteps(plan: DeliveryPlan): DeliveryStep[] {
  const steps: DeliveryStep[] = [];
  if (!plan.input.known) steps.push({ kind: 'post_input' }, { kind: 'await_input' });
  for (const annotations of chunks(plan.annotations)) steps.push({ kind: 'annotations', annotations });
  for (const annotation of plan.removals) steps.push({ kind: 'remove', annotation });
  for (const statuses of chunks(plan.statuses)) steps.push({ kind: 'statuses', statuses });
  return steps;
}

/**
 * What a new submit of a review must send, given what earlier deliveries of it sent
 * (`delivered`, latest per id) and what a replaced, not yet delivered item may have sent
 * (`maybeSent`): the annotations that differ from the delivered ones, and the removal of every id
 * that may be at the server but is no longer part of the review.
 */
export function changedAnnotations(
  next: readonly PlatformAnnotation[],
  delivered: readonly PlatformAnnotation[],
  maybeSent: readonly PlatformAnnotation[],
): { annotations: PlatformAnnotation[]; removals: AnnotationRef[] } {
  const byId = new Map(delivered.map((annotation) => [annotation.id, annotation]));
  const annotations = next.filter((annotation) => {
    const before = byId.get(annotation.id);
    return !before || !sameAnnotation(annotation, before);
  });
  const kept = new Set(next.map((annotation) => annotation.id));
  const removals = new Map<string, AnnotationRef>();
  for (const annotation of [...delivered, ...maybeSent]) {
    if (!kept.has(annotation.id))
      removals.set(annotation.id, { input_id: annotation.input_id, id: annotation.id });
  }
  return { annotations, removals: [...removals.values()] };
}

/** Box coordinates as the platform stores them may differ in the last float bits. */
const boxTolerance = 1e-6;

/**
 * Whether an annotation as the server holds it (any JSON: a ListAnnotations item) says the same
 * as the planned one: same input, same box, same concept values, same annotation_info. Fields
 * the server adds (created_at, status, worker, region ids) do not count.
 */
export function sameAnnotation(planned: PlatformAnnotation, held: unknown): boolean {
  if (!isRecord(held) || held['id'] !== planned.id || held['input_id'] !== planned.input_id) return false;
  if (!sameInfo(planned.annotation_info, held['annotation_info'])) return false;
  const data = isRecord(held['data']) ? held['data'] : {};
  if ('regions' in planned.data) {
    const regions = Array.isArray(data['regions']) ? data['regions'] : [];
    const region: unknown = regions[0];
    if (regions.length !== 1 || !isRecord(region)) return false;
    const [want] = planned.data.regions;
    const info = isRecord(region['region_info']) ? region['region_info'] : {};
    if (!sameBox(want.region_info.bounding_box, info['bounding_box'])) return false;
    const regionData = isRecord(region['data']) ? region['data'] : {};
    return sameConcepts(want.data.concepts, regionData['concepts']) && !hasItems(data['concepts']);
  }
  return sameConcepts(planned.data.concepts, data['concepts']) && !hasItems(data['regions']);
}

function sameBox(want: z.infer<typeof boundingBoxSchema>, held: unknown): boolean {
  if (!isRecord(held)) return false;
  // proto3 JSON leaves out zeros, so a box at the top or left edge arrives without them.
  return (['top_row', 'left_col', 'bottom_row', 'right_col'] as const).every((key) => {
    const value = held[key] ?? 0;
    return typeof value === 'number' && Math.abs(value - want[key]) <= boxTolerance;
  });
}

function sameConcepts(want: readonly { id: string; value: number }[], held: unknown): boolean {
  const list = Array.isArray(held) ? held : [];
  if (list.length !== want.length) return false;
  const values = new Map<string, number>();
  for (const concept of list) {
    if (!isRecord(concept) || typeof concept['id'] !== 'string') return false;
    // proto3 JSON leaves out a value of 0.
    const value = concept['value'] ?? 0;
    if (typeof value !== 'number') return false;
    values.set(concept['id'], value);
  }
  return want.every((concept) => values.get(concept.id) === concept.value);
}

function sameInfo(want: PlatformAnnotation['annotation_info'], held: unknown): boolean {
  if (!isRecord(held)) return false;
  const wantEntries = Object.entries(want);
  return (
    Object.keys(held).length === wantEntries.length &&
    wantEntries.every(([key, value]) => held[key] === value)
  );
}

function hasItems(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let start = 0; start < items.length; start += MAX_INPUTS_PER_CALL)
    yield items.slice(start, start + MAX_INPUTS_PER_CALL);
}
