import {
  buildModelFeedbackRequest,
  type ConceptValueEncoding,
} from '../../shared/clarifai/feedbackRequest.ts';
import { regionVerdict } from '../../shared/review.ts';
import { inTransaction } from '../store/sqlite.ts';
import type { Workspace } from './workspace.ts';

export interface SubmitOptions {
  /** Accept remaining unreviewed predicted regions (one journaled step), or send only reviewed ones. */
  unreviewed: 'accept' | 'skip';
  reviewer: string;
  sessionId: string;
  conceptValueEncoding: ConceptValueEncoding;
}

/**
 * Submits reviews: each becomes exactly one feedback request for its output, written to the
 * outbox in the same transaction that marks the review done (design.md §3). Accepting the rest
 * goes through the journal, so the review state says exactly what was sent and can be undone.
 */
export function submitReviews(
  workspace: Workspace,
  predictionIds: readonly number[],
  options: SubmitOptions,
): number {
  return inTransaction(workspace.db, () => {
    for (const predictionId of predictionIds) {
      let review = workspace.reviews.get(predictionId);
      if (options.unreviewed === 'accept') {
        const keys = review.state.regions
          .filter((region) => region.source === 'predicted' && regionVerdict(region) === undefined)
          .map((region) => region.key);
        if (keys.length > 0)
          review = workspace.reviews.apply(predictionId, { type: 'confirm', keys }, options.reviewer);
      }
      const prediction = workspace.predictions.get(predictionId)!;
      const body = buildModelFeedbackRequest(review.state, {
        endUserId: options.reviewer,
        sessionId: options.sessionId,
        conceptValueEncoding: options.conceptValueEncoding,
        include: 'reviewed',
        regionConceptShape: workspace.predictions.regionConceptShape(predictionId),
      });
      workspace.reviews.setStatus(predictionId, 'done');
      workspace.outbox.enqueueModelFeedback(
        predictionId,
        prediction.imageId,
        {
          kind: 'model_feedback',
          modelId: prediction.modelId,
          ...(prediction.modelVersionId ? { versionId: prediction.modelVersionId } : {}),
        },
        body,
      );
    }
    return predictionIds.length;
  });
}
