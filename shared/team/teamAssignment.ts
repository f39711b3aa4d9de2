import { z } from 'zod';
import { fromBoundingBox, toBoundingBox } from '../clarifai/boundingBox.ts';
import type { ModelFeedbackRequest } from '../clarifai/feedback.ts';
import type { PredictOutput } from '../clarifai/predict.ts';
import { boxSchema } from '../geometry.ts';
import { predictedVerdictSchema, teamIdSchema, teamRegionSchema, type ImageReview } from './teamWire.ts';

/**
 * A reviewer's side of a team campaign (docs/team-collector.md, "The app"): a leased image becomes
 * a prediction of the local workspace, and the one feedback request its submitted review queues
 * becomes the collector's review again. Pure, so both directions are tested without a server.
 *
 * The link between the two is carried by the prediction itself: its output id is
 * `team:<campaign>:<image>` (so the outbox item knows which campaign it belongs to even after the
 * endpoint was changed), its input id is the campaign's image id, and each region keeps the
 * campaign's region id.
 */

const outputPrefix = 'team:';

export function teamOutputId(campaignId: string, imageId: string): string {
  return `${outputPrefix}${campaignId}:${imageId}`;
}

/** The campaign and image a prediction's output id names, if it is a team prediction. */
export function parseTeamOutputId(
  outputId: string | undefined,
): { campaignId: string; imageId: string } | undefined {
  if (!outputId?.startsWith(outputPrefix)) return undefined;
  const [campaignId, imageId, ...rest] = outputId.slice(outputPrefix.length).split(':');
  if (
    rest.length > 0 ||
    !teamIdSchema.safeParse(campaignId).success ||
    !teamIdSchema.safeParse(imageId).success
  )
    return undefined;
  return { campaignId: campaignId!, imageId: imageId! };
}

/** One image of a lease answer (`POST /v2/team/campaigns/{id}/leases`). */
export const leasedImageSchema = z.object({
  id: teamIdSchema,
  slot: z.number().int(),
  image: z.union([z.object({ url: z.string().min(1) }), z.object({ base64: z.string().min(1) })]),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  regions: z.array(teamRegionSchema),
});
export type LeasedImage = z.infer<typeof leasedImageSchema>;

export const leaseAnswerSchema = z.looseObject({
  lease: z.object({ reviewer_id: z.string(), expires_at: z.string(), seconds: z.number() }),
  campaign: z.object({ id: teamIdSchema, name: z.string(), model_id: teamIdSchema }),
  images: z.array(leasedImageSchema),
  remaining: z.number().int(),
});
export type LeaseAnswer = z.infer<typeof leaseAnswerSchema>;

export const submitAnswerSchema = z.looseObject({
  reviewer_id: z.string(),
  reviews: z.array(
    z.object({ image_id: z.string(), outcome: z.enum(['counted', 'extra']), duplicate: z.boolean() }),
  ),
});

/** A leased image as the prediction output the workspace records (a model's answer, imported). */
export function leasedImageOutput(campaignId: string, modelId: string, image: LeasedImage): PredictOutput {
  return {
    id: teamOutputId(campaignId, image.id),
    status: { code: 10000, description: 'Ok' },
    model: { id: modelId },
    input: { id: image.id, ...('url' in image.image ? { data: { image: { url: image.image.url } } } : {}) },
    data: {
      regions: image.regions.flatMap((region) => {
        const box = toBoundingBox(region.box);
        if (!box) return [];
        return [
          {
            id: region.id,
            ...(region.score !== undefined ? { value: region.score } : {}),
            region_info: { bounding_box: box },
            ...(region.concept
              ? {
                  data: {
                    concepts: [{ id: region.concept, name: region.concept, value: region.score ?? 1 }],
                  },
                }
              : {}),
          },
        ];
      }),
    },
  };
}

/**
 * The feedback request a submitted review queued → the collector's review of that image. Only a
 * team prediction's request converts (undefined otherwise). A region the reviewer drew carries
 * its first concept; image-level concepts have no place in a campaign and are not sent.
 */
export function teamReviewFromFeedback(
  body: ModelFeedbackRequest,
): { campaignId: string; review: ImageReview } | undefined {
  const ids = parseTeamOutputId(body.input.feedback_info.output_id);
  if (!ids) return undefined;
  const regions: ImageReview['regions'] = [];
  for (const region of body.input.data?.regions ?? []) {
    const verdict = region.region_info.feedback;
    const box = boxSchema.safeParse(fromBoundingBox(region.region_info.bounding_box));
    if (verdict === 'not_detected') {
      if (!box.success) continue;
      const concept = region.data?.concepts?.find((entry) => entry.value === true || entry.value === 1);
      regions.push({ verdict, box: box.data, ...(concept ? { concept: concept.name ?? concept.id } : {}) });
      continue;
    }
    if (!region.id) continue;
    const judged = predictedVerdictSchema.parse(verdict);
    if (judged === 'misplaced') {
      if (box.success) regions.push({ id: region.id, verdict: judged, box: box.data });
    } else regions.push({ id: region.id, verdict: judged });
  }
  return { campaignId: ids.campaignId, review: { image_id: ids.imageId, regions } };
}
