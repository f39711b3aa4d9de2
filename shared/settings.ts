import { z } from 'zod';
import { maxRecentFolders } from './fileBrowsing.ts';

/**
 * User settings that live in the app's data folder (not in a workspace). Every field has a
 * default so a fresh data folder needs no setup step. The API key is deliberately absent: it is
 * held by the key vault on the main side and never crosses the contract.
 */
/**
 * A base URL as requests join paths to it: no trailing slash, and no `/v2` (every path starts with
 * it; `https://api.clarifai.com/v2/` would ask for `/v2/v2/models`).
 */
export function normalizeBaseUrl(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/v2$/i, '').replace(/\/+$/, '');
}

/** An http(s) URL, normalised (see `normalizeBaseUrl`). */
const baseUrlSchema = z
  .url({ protocol: /^https?$/, error: 'not an http(s) URL such as http://127.0.0.1:8080' })
  .transform(normalizeBaseUrl);

/** Where predictions and feedback go. The embedded local API is the default: no account needed. */
export const endpointSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }),
  z.object({
    kind: z.literal('clarifai'),
    baseUrl: baseUrlSchema,
    /** PATs need the user/app-scoped paths (docs/clarifai-v2.md §0). */
    userId: z.string().trim().max(200),
    appId: z.string().trim().max(200),
  }),
  z.object({ kind: z.literal('custom'), baseUrl: baseUrlSchema }),
  /**
   * A team collector (`loupe serve`, docs/team-collector.md): the campaign this reviewer works on.
   * The reviewer's (or the lead's) key is held by the vault like any other key.
   */
  z.object({
    kind: z.literal('team'),
    baseUrl: baseUrlSchema,
    campaignId: z
      .string()
      .trim()
      .max(100)
      .regex(/^[A-Za-z0-9_.-]*$/, 'use only letters, digits, "_", "-" and "."'),
  }),
]);
export type Endpoint = z.infer<typeof endpointSchema>;

/** The model predictions are run with; a platform model also names its app (`clarifai/main`). */
export const modelChoiceSchema = z.object({
  modelId: z.string().trim().min(1).max(200),
  versionId: z.string().trim().max(200).optional(),
  userId: z.string().trim().min(1).max(200).optional(),
  appId: z.string().trim().min(1).max(200).optional(),
});
export type ModelChoice = z.infer<typeof modelChoiceSchema>;

/** Clarifai ids: letters, digits, `_`, `-` (and `.` in object ids). */
const clarifaiIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_.-]+$/, 'use only letters, digits, "_", "-" and "."');

/**
 * Where reviews go (docs/clarifai-platform.md): as Clarifai v2 feedback (the seed's API and any
 * v2-compatible collector), or as inputs and annotations of a team's app on today's platform.
 */
export const deliveryKinds = ['v2_feedback', 'platform'] as const;
export type DeliveryKind = (typeof deliveryKinds)[number];

/** The team's app on the platform, and the model whose predictions are reviewed there. */
export const platformProfileSchema = z.object({
  userId: clarifaiIdSchema,
  appId: clarifaiIdSchema,
  model: z.object({
    userId: clarifaiIdSchema,
    appId: clarifaiIdSchema,
    modelId: clarifaiIdSchema,
    versionId: clarifaiIdSchema.optional(),
  }),
});
export type PlatformProfile = z.infer<typeof platformProfileSchema>;

/** The app the embedded local API holds from the start, and Clarifai's public face model. */
export const defaultPlatformProfile: PlatformProfile = {
  userId: 'me',
  appId: 'loupe',
  model: { userId: 'clarifai', appId: 'main', modelId: 'face-detection' },
};

export const settingsSchema = z.object({
  endpoint: endpointSchema,
  model: modelChoiceSchema,
  delivery: z.enum(deliveryKinds),
  platform: platformProfileSchema,
  /** Linux without a keyring: the user accepted that the key is stored unencrypted. */
  acceptPlainKeyStorage: z.boolean(),
  /** Sent as `feedback_info.end_user_id`. */
  reviewerId: z.string().trim().max(200),
  /** Concept `value` on the wire: JSON booleans as the docs send, or 1/0. */
  conceptValueEncoding: z.enum(['boolean', 'number']),
  /** Outbox token bucket; Clarifai's documented default limit is 15 requests/s. */
  rateLimitPerSecond: z.number().positive().max(1000),
  concurrency: z.number().int().min(1).max(64),
  theme: z.enum(['system', 'light', 'dark']),
  /** After Done, open the next image to review (docs/review.md, "Done and next"); off: stay. */
  autoAdvance: z.boolean(),
  /**
   * Arrow keys move a box 1 / 10 image pixels; off (the default): 1 / 10 screen pixels at the
   * current zoom (docs/review.md, "Nudges").
   */
  nudgeInImagePixels: z.boolean(),
  /**
   * The least IoU at which a region of a new prediction takes the verdict of the earlier
   * prediction's region (docs/qa-estimates.md, "Verdicts carried across model versions").
   */
  carryIoU: z.number().min(0.3).max(1),
  /** Remapped shortcuts: action id → key combination (the defaults live in the renderer's registry). */
  shortcuts: z.record(z.string().max(100), z.string().max(100)),
  /** Folders chosen in the file and folder picker, most recent first (docs/review.md). */
  recentFolders: z.array(z.string().min(1).max(4096)).max(maxRecentFolders),
});
export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = {
  endpoint: { kind: 'local' },
  model: { modelId: 'a403429f2ddf4b49b307e318f00e528b' },
  delivery: 'v2_feedback',
  platform: defaultPlatformProfile,
  acceptPlainKeyStorage: false,
  reviewerId: '',
  conceptValueEncoding: 'boolean',
  rateLimitPerSecond: 15,
  concurrency: 4,
  theme: 'system',
  autoAdvance: true,
  nudgeInImagePixels: false,
  carryIoU: 0.7,
  shortcuts: {},
  recentFolders: [],
};

/** A change to some settings; unknown keys are refused so a typo cannot silently do nothing. */
export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
