import { z } from 'zod';
import { iou } from './geometry.ts';
import { isLabelOnlyChange, regionVerdict, relabelSummary, type ReviewState } from './review.ts';

/** Moved boxes this close to the prediction were probably nudged by accident. */
export const accidentalIou = 0.95;

export const submitSummarySchema = z.object({
  predictionIds: z.array(z.number().int()),
  images: z.number().int(),
  regions: z.object({
    accurate: z.number().int(),
    misplaced: z.number().int(),
    false_positive: z.number().int(),
    not_detected: z.number().int(),
  }),
  /** Predicted regions nobody judged: accept them all, or send only the reviewed ones. */
  unreviewed: z.number().int(),
  concepts: z.object({ true: z.number().int(), false: z.number().int() }),
  nearlyUnchanged: z.array(z.object({ predictionId: z.number().int(), region: z.string(), iou: z.number() })),
  /** Regions reviewed only by a label change (sent as `accurate` with the new label), named. */
  labelOnly: z.array(z.object({ predictionId: z.number().int(), region: z.string(), label: z.string() })),
});
export type SubmitSummary = z.infer<typeof submitSummarySchema>;

/** The pre-flight summary shown before a batch submit (what will be sent, and what looks off). */
export function summarizeSubmit(
  reviews: readonly { predictionId: number; imageId: number; state: ReviewState }[],
): SubmitSummary {
  const summary: SubmitSummary = {
    predictionIds: reviews.map((review) => review.predictionId),
    images: new Set(reviews.map((review) => review.imageId)).size,
    regions: { accurate: 0, misplaced: 0, false_positive: 0, not_detected: 0 },
    unreviewed: 0,
    concepts: { true: 0, false: 0 },
    nearlyUnchanged: [],
    labelOnly: [],
  };
  for (const { predictionId, state } of reviews) {
    const concepts = [
      ...state.imageConcepts,
      ...state.regions.flatMap((region) => (region.removed ? [] : region.concepts)),
    ];
    for (const concept of concepts) {
      if (concept.judgement !== 'unsure') summary.concepts[concept.judgement] += 1;
    }
    for (const region of state.regions) {
      const verdict = regionVerdict(region);
      if (verdict) summary.regions[verdict] += 1;
      else if (region.source === 'predicted') summary.unreviewed += 1;
      if (isLabelOnlyChange(region))
        summary.labelOnly.push({ predictionId, region: region.key, label: relabelSummary(region) });
      if (verdict === 'misplaced' && region.predictedBox) {
        const overlap = iou(region.box, region.predictedBox);
        if (overlap >= accidentalIou)
          summary.nearlyUnchanged.push({ predictionId, region: region.key, iou: overlap });
      }
    }
  }
  return summary;
}
