import { z } from 'zod';
import {
  regionConfidence,
  regionVerdict,
  topConcept,
  trueConcepts,
  verdictSchema,
  type ReviewedRegion,
} from './review.ts';

/**
 * The region triage grid (docs/triage.md): every predicted region of the workspace as a crop,
 * filtered and sorted on the main side, paged like the image list.
 */

/** A region's verdict as the grid filters by it: one of the verdicts, or none yet. */
export const triageVerdictSchema = z.union([verdictSchema, z.literal('unreviewed')]);
export type TriageVerdict = z.infer<typeof triageVerdictSchema>;

export const regionListFilterSchema = z
  .object({
    /** The region's label (triageLabel), without case. */
    concept: z.string().min(1).max(200).optional(),
    verdict: triageVerdictSchema.optional(),
    /** The confidence band, inclusive at both ends. */
    minConfidence: z.number().min(0).max(1).optional(),
    maxConfidence: z.number().min(0).max(1).optional(),
    modelId: z.string().min(1).max(200).optional(),
  })
  .strict();
export type RegionListFilter = z.infer<typeof regionListFilterSchema>;

export const regionSortSchema = z.enum(['confidenceAsc', 'confidenceDesc']);
export type RegionSort = z.infer<typeof regionSortSchema>;

export const regionRowSchema = z.object({
  imageId: z.number().int(),
  /** The image's file name (or the URL's last part), for the crop's caption. */
  imageName: z.string(),
  predictionId: z.number().int(),
  modelId: z.string(),
  /** The region's key within its review (what review ops address). */
  regionKey: z.string(),
  /** The model's region id, when it gave one. */
  regionId: z.string().nullable(),
  concept: z.string().nullable(),
  confidence: z.number().nullable(),
  verdict: triageVerdictSchema,
  /** The verdict was carried from an earlier model version and no reviewer has looked at it yet. */
  carried: z.boolean(),
});
export type RegionRow = z.infer<typeof regionRowSchema>;

/** A page of the grid, with what its filters offer and how far the filtered regions are triaged. */
export const regionPageSchema = z.object({
  total: z.number().int(),
  items: z.array(regionRowSchema),
  /** The workspace's models and the regions' labels, for the grid's filters. */
  models: z.array(z.string()),
  concepts: z.array(z.string()),
  /** Regions with a verdict, of those the filters other than the verdict select. */
  progress: z.object({ triaged: z.number().int(), of: z.number().int() }),
});
export type RegionPage = z.infer<typeof regionPageSchema>;

/**
 * What a region is labelled with in the grid: the concept the reviewer set true (a relabel), else
 * the model's top concept unless it was judged false.
 */
export function triageLabel(region: ReviewedRegion): string | undefined {
  const label = trueConcepts(region.concepts)[0] ?? topConcept(region.concepts);
  if (!label || label.judgement === 'false') return undefined;
  return label.name || label.id;
}

/**
 * The facets of one region the grid filters and sorts by: computed from the region by the functions
 * the canvas uses, and kept in `region_facets` with every edit (migration 008).
 */
export function triageFacets(region: ReviewedRegion): {
  verdict: TriageVerdict;
  confidence: number | undefined;
  concept: string | undefined;
} {
  return {
    verdict: regionVerdict(region) ?? 'unreviewed',
    confidence: regionConfidence(region),
    concept: triageLabel(region),
  };
}
