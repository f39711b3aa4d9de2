import {
  regionVerdict,
  type ReviewState,
  type ReviewedConcept,
  type ReviewedRegion,
  type Verdict,
} from '../review.ts';
import { toBoundingBox } from './boundingBox.ts';
import { isFaceVocabulary, type RegionConceptShape } from './faceConcepts.ts';
import type { FeedbackConcept, FeedbackRegion, ModelFeedbackRequest } from './feedback.ts';
import { modelFeedbackPath, type AppScope } from './paths.ts';

/**
 * A review → the ONE model-feedback request for its output (docs/design.md §3): image-level concepts
 * and regions together, each region with its corrected box and verdict.
 *
 * Decisions:
 * - Concepts judged `unsure` are not sent; `true`/`false` are, with `value` always explicit.
 * - `include: 'reviewed'` (default) leaves out predicted regions nobody reviewed; `'all'` is the
 *   submit step's "accept them all": they go as `accurate` with their predicted box. A region the
 *   reviewer drew and then deleted is never sent.
 * - A `false_positive` carries the box the model predicted (that is the region it is about) and
 *   no concepts (concepts of a region that is not there mean nothing).
 * - Optional ids (`end_user_id`, `session_id`, `vocab_id`, region `id`) are sent only when set;
 *   an empty string counts as unset — never `null` (doc bug §7.5).
 * - `data.image.url` is sent when the review knows the image by an http(s) URL.
 */

export type ConceptValueEncoding = 'boolean' | 'number';

export interface FeedbackRequestOptions {
  /** The reviewer; `feedback_info.end_user_id`. */
  endUserId?: string;
  /** The review session; `feedback_info.session_id`. */
  sessionId?: string;
  /** `value: true/false` as the docs send, or `1/0`. */
  conceptValueEncoding: ConceptValueEncoding;
  include?: 'reviewed' | 'all';
  /** Answer face models in the shape their output used (see faceConcepts.ts); default flat. */
  regionConceptShape?: RegionConceptShape;
}

export function buildModelFeedbackRequest(
  review: ReviewState,
  options: FeedbackRequestOptions,
): ModelFeedbackRequest {
  const concepts = sentConcepts(review.imageConcepts, options);
  const regions = review.regions.flatMap((region) => {
    const built = buildRegion(region, options);
    return built ? [built] : [];
  });

  const data: NonNullable<ModelFeedbackRequest['input']['data']> = {};
  if (review.imageUrl && /^https?:\/\//i.test(review.imageUrl)) data.image = { url: review.imageUrl };
  if (concepts.length > 0) data.concepts = concepts;
  if (regions.length > 0) data.regions = regions;

  const feedbackInfo: ModelFeedbackRequest['input']['feedback_info'] = {
    event_type: 'annotation',
    output_id: review.outputId,
  };
  if (options.endUserId) feedbackInfo.end_user_id = options.endUserId;
  if (options.sessionId) feedbackInfo.session_id = options.sessionId;

  return {
    input: {
      id: review.inputId,
      ...(Object.keys(data).length > 0 ? { data } : {}),
      feedback_info: feedbackInfo,
    },
  };
}

/** Where the feedback on this review's output goes: the model (and version) that produced it. */
export function feedbackPathFor(
  review: Pick<ReviewState, 'modelId' | 'modelVersionId'>,
  scope: AppScope = {},
): string {
  return modelFeedbackPath({
    ...scope,
    modelId: review.modelId,
    ...(review.modelVersionId ? { versionId: review.modelVersionId } : {}),
  });
}

/** The verdict a region is sent with, or undefined when it is not sent at all. */
export function sentVerdict(
  region: ReviewedRegion,
  include: 'reviewed' | 'all' = 'reviewed',
): Verdict | undefined {
  const verdict = regionVerdict(region);
  if (verdict !== undefined) return verdict;
  return include === 'all' && region.source === 'predicted' && !region.removed ? 'accurate' : undefined;
}

function buildRegion(region: ReviewedRegion, options: FeedbackRequestOptions): FeedbackRegion | undefined {
  const verdict = sentVerdict(region, options.include);
  if (verdict === undefined) return undefined;

  const box = verdict === 'false_positive' ? (region.predictedBox ?? region.box) : region.box;
  const boundingBox = toBoundingBox(box);
  // A ReviewState that passed its schema always has a valid box; anything else is a bug upstream.
  if (!boundingBox) throw new RangeError(`region ${region.key} has an empty or invalid box`);

  const built: FeedbackRegion = { region_info: { bounding_box: boundingBox, feedback: verdict } };
  if (region.source === 'predicted' && region.regionId) built.id = region.regionId;

  const concepts = verdict === 'false_positive' ? [] : sentConcepts(region.concepts, options);
  const regionData = regionConceptData(concepts, options.regionConceptShape ?? 'flat');
  if (regionData) built.data = regionData;
  return built;
}

function sentConcepts(
  concepts: readonly ReviewedConcept[],
  options: FeedbackRequestOptions,
): FeedbackConcept[] {
  return concepts.flatMap((concept) => {
    if (concept.judgement === 'unsure') return [];
    const present = concept.judgement === 'true';
    const sent: FeedbackConcept = {
      id: concept.id,
      value: options.conceptValueEncoding === 'boolean' ? present : present ? 1 : 0,
    };
    if (concept.vocabId) sent.vocab_id = concept.vocabId;
    return [sent];
  });
}

function regionConceptData(
  concepts: FeedbackConcept[],
  shape: RegionConceptShape,
): FeedbackRegion['data'] | undefined {
  if (concepts.length === 0) return undefined;
  if (shape === 'flat') return { concepts };

  const data: NonNullable<FeedbackRegion['data']> = {};
  const face: NonNullable<NonNullable<FeedbackRegion['data']>['face']> = {};
  for (const concept of concepts) {
    const { vocab_id: vocabulary, ...rest } = concept;
    if (isFaceVocabulary(vocabulary)) {
      (face[vocabulary] ??= { concepts: [] }).concepts.push(rest);
    } else {
      (data.concepts ??= []).push(concept);
    }
  }
  if (Object.keys(face).length > 0) data.face = face;
  return data;
}
