import { z } from 'zod';
import { imageStatusSchema, imageStatuses } from './imageStatus.ts';
import { reviewStateSchema, verdictSchema } from './review.ts';

/** What the renderer sees of the workspace: view shapes of the contract, validated on the way out. */

export const imageSummarySchema = z.object({
  id: z.number().int(),
  source: z.string(),
  sourceKind: z.enum(['file', 'url']),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  status: imageStatusSchema,
  error: z.string().nullable(),
});
export type ImageSummary = z.infer<typeof imageSummarySchema>;

/** How the image list is ordered (docs/review.md, "The image list"); import order by default. */
export const imageSortSchema = z.enum(['import', 'lowestConfidence', 'mostRegions', 'mostFalsePositives']);
export type ImageSort = z.infer<typeof imageSortSchema>;

/** The list's filter: an image status, a concept on a region, a verdict some region has, unreviewed regions. */
export const imageListFilterSchema = z
  .object({
    status: imageStatusSchema.optional(),
    concept: z.string().min(1).max(200).optional(),
    verdict: verdictSchema.optional(),
    hasUnreviewed: z.boolean().optional(),
  })
  .strict();
export type ImageListFilter = z.infer<typeof imageListFilterSchema>;

/** A row of the image list: the image and its regions' counts over every model's review. */
export const imageListItemSchema = imageSummarySchema.extend({
  regions: z.number().int(),
  unreviewedRegions: z.number().int(),
  falsePositives: z.number().int(),
  minConfidence: z.number().nullable(),
});
export type ImageListItem = z.infer<typeof imageListItemSchema>;

export const reviewStatusSchema = z.enum(['unreviewed', 'in_progress', 'done']);
export type ReviewStatus = z.infer<typeof reviewStatusSchema>;

export const reviewViewSchema = z.object({
  predictionId: z.number().int(),
  state: reviewStateSchema,
  status: reviewStatusSchema,
  revision: z.number().int(),
  canUndo: z.boolean(),
  canRedo: z.boolean(),
});
export type ReviewView = z.infer<typeof reviewViewSchema>;

/**
 * What an edit answers: where the review now stands, without its state. The editor applied the
 * op itself (the same pure `applyReviewOp`), and the state of a dense image is most of a megabyte
 * to serialise, validate and parse on every key press. A revision other than the editor's own
 * count tells it someone else edited too, and it reads the review again.
 */
export const reviewReceiptSchema = reviewViewSchema.omit({ state: true });

export const predictionViewSchema = z.object({
  predictionId: z.number().int(),
  modelId: z.string(),
  modelVersionId: z.string().nullable(),
  statusCode: z.number().int(),
  statusDescription: z.string(),
  review: reviewViewSchema.nullable(),
});
export type PredictionView = z.infer<typeof predictionViewSchema>;

export const imageDetailSchema = z.object({
  image: imageSummarySchema,
  predictions: z.array(predictionViewSchema),
});
export type ImageDetail = z.infer<typeof imageDetailSchema>;

export const importReportSchema = z.object({
  added: z.number().int(),
  duplicates: z.number().int(),
  failed: z.array(z.object({ source: z.string(), reason: z.string() })),
});
export type ImportReportView = z.infer<typeof importReportSchema>;

const whereReason = z.object({ where: z.string(), reason: z.string() });

/**
 * What importing one file of predictions made elsewhere did (docs/interop.md): images matched,
 * added and unmatched, predictions and regions recorded, and every region left out or changed
 * with where and why. Lists are capped at 200 entries; the counts are whole.
 */
export const foreignImportReportSchema = z.object({
  file: z.string(),
  format: z.enum(['coco', 'yolo', 'voc', 'label-studio', 'cvat', 'clarifai']),
  /** The model names the predictions were recorded under. */
  models: z.array(z.string()),
  /** Images the file describes. */
  images: z.number().int(),
  imagesMatched: z.number().int(),
  /** Image files found in the images folder and imported with the predictions. */
  imagesAdded: z.number().int(),
  unmatchedImages: z.array(z.string()),
  unmatchedCount: z.number().int(),
  /** Prediction outputs recorded (one per image and model). */
  predictions: z.number().int(),
  regions: z.number().int(),
  /** Verdicts of a review log applied to the new reviews. */
  verdicts: z.number().int(),
  /** Images that already had predictions of that model: left as they were. */
  alreadyImported: z.number().int(),
  skipped: z.array(whereReason),
  skippedCount: z.number().int(),
  warnings: z.array(z.object({ where: z.string(), message: z.string() })),
  warningCount: z.number().int(),
  notes: z.array(z.object({ note: z.string(), count: z.number().int() })),
  unknownCategories: z.array(z.string()),
  /** Image files that could not be imported. */
  failed: z.array(z.object({ source: z.string(), reason: z.string() })),
  /** The images the predictions are on (the first 200): where to start reviewing them. */
  imageIds: z.array(z.number().int()),
});
export type ForeignImportReport = z.infer<typeof foreignImportReportSchema>;

export const workspaceInfoSchema = z.object({
  file: z.string(),
  images: z.number().int(),
  byStatus: z.object(
    Object.fromEntries(imageStatuses.map((status) => [status, z.number().int()])) as Record<
      (typeof imageStatuses)[number],
      z.ZodNumber
    >,
  ),
});
export type WorkspaceInfo = z.infer<typeof workspaceInfoSchema>;

export const outboxErrorViewSchema = z.object({
  httpStatus: z.number().optional(),
  code: z.union([z.number(), z.string()]).optional(),
  description: z.string(),
  details: z.string().optional(),
  retryable: z.boolean(),
  needsPerson: z.boolean(),
});

export const outboxStateSchema = z.enum(['pending', 'delivered', 'failed', 'discarded']);

export const outboxItemViewSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['model_feedback', 'search_feedback', 'platform_annotations']),
  imageId: z.number().int().nullable(),
  /** The image's file name or URL (names, not ids, on the Queue screen). */
  imageSource: z.string().nullable(),
  /** Where it goes: the model (v2 feedback) or the app (platform), e.g. `me/loupe`. */
  destination: z.string().nullable(),
  predictionId: z.number().int().nullable(),
  state: outboxStateSchema,
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: outboxErrorViewSchema.nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type OutboxItemView = z.infer<typeof outboxItemViewSchema>;

/**
 * idle: nothing to send · syncing: sending · paused: a person paused it · offline: the endpoint
 * keeps failing, waiting before the next probe · blocked: the endpoint refused us (bad key,
 * quota) and nothing is sent until a person acts.
 */
export const syncStateSchema = z.enum(['idle', 'syncing', 'paused', 'offline', 'blocked']);
export type SyncState = z.infer<typeof syncStateSchema>;

export const syncStatusSchema = z.object({
  state: syncStateSchema,
  pending: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
  discarded: z.number().int(),
  inFlight: z.number().int(),
  lastError: outboxErrorViewSchema.nullable(),
});
export type SyncStatusView = z.infer<typeof syncStatusSchema>;

export const searchResultSchema = z.object({
  /** Loupe's id for the stored search (to open its hits later). */
  id: z.number().int(),
  /** The search response's `id`: what search_click feedback refers to. */
  searchId: z.string(),
  hits: z.array(
    z.object({
      score: z.number(),
      inputId: z.string(),
      imageUrl: z.string().nullable(),
      /** The workspace image this hit shows, when it is one of ours. */
      imageId: z.number().int().nullable(),
      /** That image's file or URL, to name it (searches stored before this have none). */
      imageSource: z.string().nullable().optional(),
    }),
  ),
});
export type SearchResultView = z.infer<typeof searchResultSchema>;
