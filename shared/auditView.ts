import { z } from 'zod';

/** What starts an audit (docs/qa-estimates.md, "Audit mode"). */
export const auditStartSchema = z
  .object({
    /** The half-width of the 95 % interval at which the audit stops; default ±2 %. */
    targetHalfWidth: z.number().min(0.001).max(0.5).default(0.02),
    /** Strata by confidence band and by concept, rather than by confidence band alone. */
    byConcept: z.boolean().default(false),
    /** The same seed over the same regions draws the same sample; default: a random one. */
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
  })
  .strict();

const count = z.number().int().min(0);
const share = z.number().min(0).max(1).nullable();

/** A region of the sample: the next to review, or one drawn earlier. */
export const auditUnitSchema = z.object({
  position: count,
  predictionId: z.number().int(),
  imageId: z.number().int(),
  regionKey: z.string(),
});
export type AuditUnit = z.infer<typeof auditUnitSchema>;

export const auditViewSchema = z.object({
  id: z.number().int(),
  seed: z.number().int(),
  targetHalfWidth: z.number(),
  byConcept: z.boolean(),
  /** Predicted regions in the workspace when the audit started (those still there). */
  population: count,
  strata: z.array(z.object({ stratum: z.string(), size: count, judged: count, correct: count })),
  /** Regions shown so far (the sample), of which `judged` have a verdict. */
  drawn: count,
  judged: count,
  /** Stratified estimate of lenient precision and its 95 % interval; null until every stratum has a verdict. */
  estimate: share,
  low: share,
  high: share,
  halfWidth: z.number().nullable(),
  /** Verdicts still needed to reach the target half-width at the current estimates. */
  remaining: count,
  /** The target is reached (or every region is judged): the audit stops. */
  done: z.boolean(),
  /** The region to review next; null once done. */
  next: auditUnitSchema.nullable(),
  /** The sample's regions on the next region's review (their keys), the only ones the canvas shows. */
  shownKeys: z.array(z.string()),
});
export type AuditView = z.infer<typeof auditViewSchema>;
