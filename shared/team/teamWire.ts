import { z } from 'zod';
import { boxSchema } from '../geometry.ts';

/**
 * The team collector's wire objects (docs/team-collector.md): what a lead sends to create a
 * campaign, what a reviewer pulls under a lease and what it submits. Strict: an unknown field is
 * refused by name, so a typo never silently drops part of a campaign or a review.
 */

export const teamIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must be 1–100 letters, digits, ".", "_" or "-"');

/** A predicted region under review: the model's id for it, its box and label. */
export const teamRegionSchema = z.strictObject({
  id: teamIdSchema,
  box: boxSchema,
  concept: z.string().min(1).max(200).optional(),
  score: z.number().min(0).max(1).optional(),
});
export type TeamRegion = z.infer<typeof teamRegionSchema>;

/** What a reviewer can say of a predicted region (docs/design.md §3; not_detected is a drawn region). */
export const predictedVerdictSchema = z.enum(['accurate', 'misplaced', 'false_positive']);
export type PredictedVerdict = z.infer<typeof predictedVerdictSchema>;

export const campaignImageSchema = z.union([
  z.strictObject({ id: teamIdSchema.optional(), url: z.url({ protocol: /^https?$/ }) }),
  z.strictObject({
    id: teamIdSchema.optional(),
    base64: z.string().min(1),
  }),
]);

export const campaignPolicySchema = z.enum(['partitioned', 'overlap']);
export type CampaignPolicy = z.infer<typeof campaignPolicySchema>;

export const createCampaignRequestSchema = z.strictObject({
  campaign: z
    .strictObject({
      id: teamIdSchema,
      name: z.string().min(1).max(200).optional(),
      /** The model whose predictions are reviewed (its id at the collector or elsewhere). */
      model_id: teamIdSchema,
      policy: campaignPolicySchema,
      /** Reviewers per image under `overlap` (2–10); 1 under `partitioned`. */
      overlap: z.number().int().min(1).max(10).optional(),
      lease_seconds: z.number().int().min(1).max(86_400).optional(),
      images: z.array(campaignImageSchema).max(10_000).optional(),
      /** A folder on the collector's machine, under one of its --campaign-folders. */
      folder: z.string().min(1).max(4096).optional(),
      /** The model's regions per image id (imported predictions). */
      predictions: z.record(teamIdSchema, z.array(teamRegionSchema).max(2_000)).optional(),
      /** Gold images: the known verdict of each of their predicted regions. */
      gold: z.record(teamIdSchema, z.record(teamIdSchema, predictedVerdictSchema)).optional(),
    })
    .refine((campaign) => campaign.policy !== 'partitioned' || (campaign.overlap ?? 1) === 1, {
      message: 'overlap must be 1 (or absent) with policy "partitioned"',
      path: ['overlap'],
    })
    .refine((campaign) => campaign.policy !== 'overlap' || (campaign.overlap ?? 0) >= 2, {
      message: 'policy "overlap" needs overlap of 2 to 10',
      path: ['overlap'],
    })
    .refine((campaign) => (campaign.images?.length ?? 0) > 0 || campaign.folder !== undefined, {
      message: 'a campaign needs images (uploaded or by URL) or a folder',
      path: ['images'],
    }),
});
export type CreateCampaignRequest = z.infer<typeof createCampaignRequestSchema>;

export const addReviewerRequestSchema = z.strictObject({
  reviewer: z.strictObject({ id: teamIdSchema, name: z.string().min(1).max(200).optional() }),
});

export const leaseRequestSchema = z.strictObject({
  max_images: z.number().int().min(1).max(128).optional(),
});

export const reviewedRegionWireSchema = z.union([
  z.strictObject({ id: teamIdSchema, verdict: z.enum(['accurate', 'false_positive']) }),
  z.strictObject({ id: teamIdSchema, verdict: z.literal('misplaced'), box: boxSchema }),
  z.strictObject({
    verdict: z.literal('not_detected'),
    box: boxSchema,
    concept: z.string().min(1).max(200).optional(),
  }),
]);
export type ReviewedRegionWire = z.infer<typeof reviewedRegionWireSchema>;

export const imageReviewSchema = z.strictObject({
  image_id: teamIdSchema,
  regions: z.array(reviewedRegionWireSchema).max(2_000),
});
export type ImageReview = z.infer<typeof imageReviewSchema>;

export const submitReviewsRequestSchema = z.strictObject({
  reviews: z.array(imageReviewSchema).min(1).max(128),
});

/** How a submitted review was kept: counted in the results, or an extra the lead sees. */
export type ReviewOutcome = 'counted' | 'extra';
