import {
  buildModelFeedbackRequest,
  sentVerdict,
  type ConceptValueEncoding,
} from '../../../shared/clarifai/feedbackRequest.ts';
import {
  changedAnnotations,
  deliveryPlanSchema,
  type DeliveryPlan,
} from '../../../shared/clarifai/platform/deliveryPlan.ts';
import type { AppRef } from '../../../shared/clarifai/platform/platformPaths.ts';
import {
  annotationIdOfRegion,
  reviewAnnotations,
  type PlatformAnnotation,
} from '../../../shared/clarifai/platform/reviewAnnotations.ts';
import { regionVerdict, type ReviewState } from '../../../shared/review.ts';
import { imageInputId, platformAnnotationId } from '../clarifai/platformIds.ts';
import { inTransaction } from '../../io/sqlite.ts';
import type { OutboxItem } from './outboxRepo.ts';
import type { Workspace } from './workspace.ts';

/** Where submitted reviews go: v2 feedback, or annotations of a platform app. */
export type Delivery = { kind: 'v2_feedback' } | { kind: 'platform'; app: AppRef };

export interface SubmitOptions {
  /** Accept remaining unreviewed predicted regions (one journaled step), or send only reviewed ones. */
  unreviewed: 'accept' | 'skip';
  reviewer: string;
  sessionId: string;
  conceptValueEncoding: ConceptValueEncoding;
  delivery: Delivery;
}

/**
 * Submits reviews: each becomes exactly one outbox item for its output — a feedback request, or a
 * platform delivery plan — written in the same transaction that marks the review done (docs/design.md
 * §3). Accepting the rest
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
      workspace.reviews.setStatus(predictionId, 'done');
      if (options.delivery.kind === 'platform') {
        queuePlatformDelivery(workspace, predictionId, review.state, options.delivery.app, options);
        continue;
      }
      const body = buildModelFeedbackRequest(review.state, {
        endUserId: options.reviewer,
        sessionId: options.sessionId,
        conceptValueEncoding: options.conceptValueEncoding,
        include: 'reviewed',
        regionConceptShape: workspace.predictions.regionConceptShape(predictionId),
      });
      workspace.outbox.enqueueReview(
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

/**
 * A review as a platform delivery (docs/clarifai-platform.md, "How a review maps"): the image as
 * an input of the app, then the annotations that differ from what earlier deliveries of this
 * review left in the app, and the removal of those the review no longer holds. Editing after a
 * delivery thus queues only the changed annotations. Nothing is queued when nothing changed.
 */
function queuePlatformDelivery(
  workspace: Workspace,
  predictionId: number,
  state: ReviewState,
  app: AppRef,
  options: SubmitOptions,
): void {
  const prediction = workspace.predictions.get(predictionId)!;
  const image = workspace.images.get(prediction.imageId)!;
  // Predictions imported from the app's model annotations go back to that input, beside them.
  const source = platformSource(workspace, predictionId);
  const fromApp = source && source.userId === app.userId && source.appId === app.appId ? source : undefined;
  const inputId = fromApp?.inputId ?? imageInputId(image);
  const workspaceId = workspace.id;
  const next = reviewAnnotations(state, {
    inputId,
    annotationId: (subject) => platformAnnotationId(workspaceId, state.outputId, subject),
    ...(options.reviewer ? { endUserId: options.reviewer } : {}),
    sessionId: options.sessionId,
  });
  const { outbox } = workspace;
  const inApp = (item: OutboxItem) =>
    item.target.kind === 'platform_annotations' &&
    item.target.app.userId === app.userId &&
    item.target.app.appId === app.appId;
  // What the app holds from earlier deliveries, latest per id.
  const delivered = new Map<string, PlatformAnnotation>();
  for (const item of outbox.deliveredReviews(predictionId, 'platform_annotations').filter(inApp)) {
    const plan = planOf(item);
    for (const annotation of plan?.annotations ?? []) delivered.set(annotation.id, annotation);
    for (const removal of plan?.removals ?? []) delivered.delete(removal.id);
  }
  // A delivery replaced before it finished may have sent any part of its plan.
  const waiting = outbox.waitingReview(predictionId, 'platform_annotations');
  const maybeSent = waiting && inApp(waiting) ? (planOf(waiting)?.annotations ?? []) : [];
  const { annotations, removals } = changedAnnotations(next, [...delivered.values()], maybeSent);
  const known = fromApp !== undefined || outbox.deliveredToApp(image.id, app);
  const statuses = fromApp ? modelAnnotationStatuses(state, inputId) : [];
  if (known && annotations.length === 0 && removals.length === 0 && statuses.length === 0 && !waiting) return;
  const plan: DeliveryPlan = {
    version: 1,
    input: {
      id: inputId,
      image: image.sourceKind === 'url' ? { url: image.source } : { imageId: image.id },
      known,
    },
    annotations,
    removals,
    statuses,
  };
  outbox.enqueueReview(predictionId, image.id, { kind: 'platform_annotations', app }, plan);
}

function platformSource(
  workspace: Workspace,
  predictionId: number,
): { userId: string; appId: string; inputId: string } | undefined {
  const row = workspace.db
    .prepare('SELECT user_id, app_id, input_id FROM platform_sources WHERE prediction_id = ?')
    .get(predictionId);
  return row
    ? { userId: String(row['user_id']), appId: String(row['app_id']), inputId: String(row['input_id']) }
    : undefined;
}

/**
 * The status each reviewed model annotation is set to: ANNOTATION_SUCCESS when all its regions
 * were judged accurate, ANNOTATION_REVIEW_DENIED when one was a false positive or misplaced.
 * Unreviewed ones keep theirs.
 */
function modelAnnotationStatuses(state: ReviewState, inputId: string): DeliveryPlan['statuses'] {
  const byAnnotation = new Map<string, DeliveryPlan['statuses'][number]['code']>();
  for (const region of state.regions) {
    if (region.source !== 'predicted' || !region.regionId) continue;
    const verdict = sentVerdict(region);
    if (verdict === undefined) continue;
    const id = annotationIdOfRegion(region.regionId);
    const denied = verdict === 'false_positive' || verdict === 'misplaced';
    if (denied || !byAnnotation.has(id))
      byAnnotation.set(id, denied ? 'ANNOTATION_REVIEW_DENIED' : 'ANNOTATION_SUCCESS');
  }
  return [...byAnnotation].map(([id, code]) => ({ id, input_id: inputId, code }));
}

function planOf(item: OutboxItem): DeliveryPlan | undefined {
  const plan = deliveryPlanSchema.safeParse(item.body);
  return plan.success ? plan.data : undefined;
}
