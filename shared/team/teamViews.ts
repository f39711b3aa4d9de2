import { z } from 'zod';
import { boxSchema } from '../geometry.ts';
import { predictedVerdictSchema } from './teamWire.ts';
import { teamExportFormats } from './teamExport.ts';

/**
 * What the app's contract says of a team campaign (docs/team-collector.md, "The app"): the
 * collector's answers, read once on the main side and handed to the renderer in these shapes.
 */

const votesSchema = z.partialRecord(predictedVerdictSchema, z.number().int());

export const teamCampaignViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  model_id: z.string(),
  policy: z.enum(['partitioned', 'overlap']),
  overlap: z.number().int(),
  lease_seconds: z.number().int(),
  images: z.number().int().optional(),
  slots: z.object({ open: z.number().int(), leased: z.number().int(), done: z.number().int() }).optional(),
});
export type TeamCampaignView = z.infer<typeof teamCampaignViewSchema>;

export const teamResultsViewSchema = z.object({
  campaign: teamCampaignViewSchema,
  reviewer_names: z.record(z.string(), z.string()),
  images: z.object({
    total: z.number().int(),
    complete: z.number().int(),
    reviewed: z.number().int(),
    gold: z.number().int(),
  }),
  reviews: z.object({ counted: z.number().int(), extra: z.number().int() }),
  reviewers: z.array(
    z.object({
      id: z.string(),
      counted: z.number().int(),
      extra: z.number().int(),
      firstAt: z.string().nullable(),
      lastAt: z.string().nullable(),
      perHour: z.number().nullable(),
      kappaWithOthers: z.number().nullable(),
      boxIouWithOthers: z.number().nullable(),
      gold: z.object({
        judged: z.number().int(),
        correct: z.number().int(),
        accuracy: z.number().nullable(),
      }),
    }),
  ),
  agreement: z.object({
    fleissKappa: z.number().nullable(),
    pairs: z.array(
      z.object({
        a: z.string(),
        b: z.string(),
        units: z.number().int(),
        kappa: z.number().nullable(),
        boxIou: z.number().nullable(),
      }),
    ),
  }),
  merged: z.array(
    z.object({
      imageId: z.string(),
      reviewers: z.array(z.string()),
      regions: z.array(
        z.object({
          regionId: z.string(),
          verdict: predictedVerdictSchema.nullable(),
          votes: votesSchema,
          tie: z.boolean(),
          disagreement: z.boolean(),
          box: boxSchema,
          concept: z.string().optional(),
        }),
      ),
      disagreement: z.boolean(),
      gold: z.boolean(),
    }),
  ),
  disagreements: z.array(
    z.object({
      imageId: z.string(),
      regionId: z.string(),
      votes: votesSchema,
      tie: z.boolean(),
      verdicts: z.record(z.string(), predictedVerdictSchema),
    }),
  ),
  extraReviews: z.array(z.object({ imageId: z.string(), reviewerId: z.string(), submittedAt: z.string() })),
});
export type TeamResultsView = z.infer<typeof teamResultsViewSchema>;

export const teamExportFormatSchema = z.enum(teamExportFormats);

/** The reviewer's side: the lease the workspace holds and where its images stand. */
export const teamAssignmentViewSchema = z.object({
  baseUrl: z.string().nullable(),
  campaignId: z.string().nullable(),
  /** When the lease of the last pull ends; null before any pull. */
  leaseExpiresAt: z.string().nullable(),
  leaseState: z.enum(['none', 'active', 'expired']),
  /** Images of this campaign in the workspace, by where their review stands. */
  images: z.object({
    total: z.number().int(),
    toReview: z.number().int(),
    submitted: z.number().int(),
    delivered: z.number().int(),
  }),
  /** Slots left that this reviewer could still get, as the last pull said. */
  remaining: z.number().int().nullable(),
});
export type TeamAssignmentView = z.infer<typeof teamAssignmentViewSchema>;
