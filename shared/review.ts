import { z } from 'zod';
import { boxSchema, sameBox } from './geometry.ts';

/**
 * The review of one prediction output (one image × one model), as docs/design.md §3 describes it.
 * The verdict of a region is never stored: it follows from what the reviewer did, so resetting a
 * moved box's geometry returns it to its earlier verdict by construction.
 */

export const verdicts = ['accurate', 'misplaced', 'not_detected', 'false_positive'] as const;
export const verdictSchema = z.enum(verdicts);
export type Verdict = z.infer<typeof verdictSchema>;

/** true / false are sent; unsure is kept locally and never sent. */
export const judgementSchema = z.enum(['true', 'false', 'unsure']);
export type Judgement = z.infer<typeof judgementSchema>;

export const reviewedConceptSchema = z.object({
  /** Clarifai concept id (e.g. `ai_8S2Vq3cR`), or the name for a concept the reviewer typed. */
  id: z.string().min(1),
  name: z.string(),
  /** The model's confidence; absent for a concept the reviewer added. */
  predictedValue: z.number().min(0).max(1).optional(),
  /** Face models carry `vocab_id` on newer responses; sent back as the model returned it. */
  vocabId: z.string().optional(),
  judgement: judgementSchema,
});
export type ReviewedConcept = z.infer<typeof reviewedConceptSchema>;

export const reviewedRegionSchema = z.object({
  /** Stable within the review: the model's region id, or a generated id for a drawn region. */
  key: z.string().min(1),
  source: z.enum(['predicted', 'reviewer']),
  /** The model's region id, sent back for predicted regions. */
  regionId: z.string().optional(),
  /** The box as predicted; absent for a region the reviewer drew. */
  predictedBox: boxSchema.optional(),
  /** The model's confidence in the region itself (Clarifai's region `value`), when it gave one. */
  predictedValue: z.number().min(0).max(1).optional(),
  /** The box as it stands now (equal to predictedBox until moved or resized). */
  box: boxSchema,
  /** The reviewer confirmed the region (Accept). */
  confirmed: z.boolean(),
  /** The reviewer marked the region as not there (false positive), or deleted a drawn region. */
  removed: z.boolean(),
  concepts: z.array(reviewedConceptSchema),
  /**
   * The verdict was carried from a reviewed region of an earlier prediction of the image (another
   * model version; docs/qa-estimates.md, "Verdicts carried across model versions"): which output,
   * the verdict it had, the boxes' IoU, and whether a reviewer has since looked at it (an edit of
   * the region, or confirming all carried verdicts). Kept after that, so the report can say how
   * often a carried verdict was changed.
   */
  carried: z
    .object({
      fromOutputId: z.string(),
      verdict: z.enum(['accurate', 'misplaced', 'false_positive']),
      iou: z.number().min(0).max(1),
      confirmed: z.boolean(),
    })
    .optional(),
});
export type ReviewedRegion = z.infer<typeof reviewedRegionSchema>;

export const reviewStateSchema = z.object({
  outputId: z.string().min(1),
  inputId: z.string().min(1),
  modelId: z.string().min(1),
  modelVersionId: z.string().optional(),
  /** The image as Clarifai knows it; sent in feedback when it is a URL. */
  imageUrl: z.string().optional(),
  imageConcepts: z.array(reviewedConceptSchema),
  regions: z.array(reviewedRegionSchema),
});
export type ReviewState = z.infer<typeof reviewStateSchema>;

/** The concept a region is labelled with: the model's most confident one, else the first. */
export function topConcept(concepts: readonly ReviewedConcept[]): ReviewedConcept | undefined {
  let top: ReviewedConcept | undefined;
  for (const concept of concepts) {
    if (!top || (concept.predictedValue ?? -1) > (top.predictedValue ?? -1)) top = concept;
  }
  return top;
}

/**
 * The model's confidence in a predicted region: the region's own value (face detection gives
 * one and no concepts), else its top concept's; undefined for drawn regions.
 */
export function regionConfidence(region: ReviewedRegion): number | undefined {
  if (region.source !== 'predicted') return undefined;
  return region.predictedValue ?? topConcept(region.concepts)?.predictedValue;
}

/**
 * The reviewer judged at least one of the region's concepts (true or false), or added one: a
 * relabel is a review of the region (docs/review.md, "Concept changes are review").
 */
export function conceptsChanged(region: ReviewedRegion): boolean {
  return region.concepts.some((concept) => concept.judgement !== 'unsure');
}

/** A carried verdict no reviewer has looked at yet: its own look on the canvas, and `V` confirms it. */
export function isCarriedUnconfirmed(region: ReviewedRegion): boolean {
  return region.carried !== undefined && !region.carried.confirmed;
}

/** What a region's review amounts to; undefined while a predicted region is unreviewed. */
export function regionVerdict(region: ReviewedRegion): Verdict | undefined {
  if (region.source === 'reviewer') return region.removed ? undefined : 'not_detected';
  if (region.removed) return 'false_positive';
  if (region.predictedBox && !sameBox(region.box, region.predictedBox)) return 'misplaced';
  return region.confirmed || conceptsChanged(region) ? 'accurate' : undefined;
}

/**
 * A predicted region reviewed only through its label: not accepted, not moved, not removed, but
 * some concept judged. The pre-flight names these, since the reviewer may not know that a
 * relabel alone sends the box as `accurate`.
 */
export function isLabelOnlyChange(region: ReviewedRegion): boolean {
  return (
    region.source === 'predicted' &&
    !region.removed &&
    !region.confirmed &&
    (!region.predictedBox || sameBox(region.box, region.predictedBox)) &&
    conceptsChanged(region)
  );
}

/** The concepts the reviewer set true on a region, in list order. */
export function trueConcepts(concepts: readonly ReviewedConcept[]): ReviewedConcept[] {
  return concepts.filter((concept) => concept.judgement === 'true');
}

/** A short name for a relabelled region: its true label(s), and what was judged false. */
export function relabelSummary(region: ReviewedRegion): string {
  const name = (concept: ReviewedConcept) => concept.name || concept.id;
  const set = trueConcepts(region.concepts).map(name);
  const wrong = region.concepts.filter((concept) => concept.judgement === 'false').map(name);
  const now = set.length > 0 ? set.join(', ') : '(no label)';
  return wrong.length > 0 ? `${now} (not ${wrong.join(', ')})` : now;
}
