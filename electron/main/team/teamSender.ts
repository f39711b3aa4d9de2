import { LoupeError } from '../../../shared/LoupeError.ts';
import { modelFeedbackRequestSchema } from '../../../shared/clarifai/feedback.ts';
import { teamReviewFromFeedback } from '../../../shared/team/teamAssignment.ts';
import { retryAfter, toOutboxError } from '../sync/feedbackSender.ts';
import type { Sender } from '../sync/syncEngine.ts';
import type { OutboxItem } from '../workspace/outboxRepo.ts';
import type { TeamCollectorClient } from './teamCollectorClient.ts';

/**
 * Whether an outbox item is the review of a team prediction (its output id names a campaign):
 * such an item goes to the collector, whatever the endpoint was when it was queued.
 */
export function isTeamItem(item: OutboxItem): boolean {
  if (item.kind !== 'model_feedback') return false;
  const body = modelFeedbackRequestSchema.safeParse(item.body);
  return body.success && teamReviewFromFeedback(body.data) !== undefined;
}

/**
 * Delivers a submitted team review to the collector (docs/team-collector.md, "Leases and
 * submits"). The collector keeps one review per (campaign, image, reviewer) and answers a repeat
 * as a duplicate, so an item sent again after a lost answer is stored once. A review whose lease
 * expired offline is still stored (counted, or as an extra the lead sees): either is delivered.
 */
export function createTeamSender(getClient: () => Promise<TeamCollectorClient>): Sender {
  return async (item) => {
    const body = modelFeedbackRequestSchema.safeParse(item.body);
    const converted = body.success ? teamReviewFromFeedback(body.data) : undefined;
    if (!converted)
      return {
        ok: false,
        error: {
          description: 'The queued review is no longer a team review; discard it and submit again',
          retryable: false,
          needsPerson: false,
        },
      };
    try {
      const client = await getClient();
      await client.submit(converted.campaignId, [converted.review], { requestId: item.requestId });
      return { ok: true };
    } catch (error) {
      // The endpoint is no longer this collector: a person must choose it again, nothing is lost.
      if (error instanceof LoupeError)
        return { ok: false, error: { description: error.message, retryable: false, needsPerson: true } };
      return { ok: false, error: toOutboxError(error), ...retryAfter(error) };
    }
  };
}
