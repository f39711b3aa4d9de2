import { z } from 'zod';

/**
 * User settings that live in the app's data folder (not in a workspace). Every field has a
 * default so a fresh data folder needs no setup step. The API key is deliberately absent: it is
 * held by the key vault on the main side and never crosses the contract.
 */
export const settingsSchema = z.object({
  /** Sent as `feedback_info.end_user_id`. */
  reviewerId: z.string().trim().max(200),
  /** Concept `value` on the wire: JSON booleans as the docs send, or 1/0. */
  conceptValueEncoding: z.enum(['boolean', 'number']),
  /** Outbox token bucket; Clarifai's documented default limit is 15 requests/s. */
  rateLimitPerSecond: z.number().positive().max(1000),
  concurrency: z.number().int().min(1).max(64),
  theme: z.enum(['system', 'light', 'dark']),
});
export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = {
  reviewerId: '',
  conceptValueEncoding: 'boolean',
  rateLimitPerSecond: 15,
  concurrency: 4,
  theme: 'system',
};

/** A change to some settings; unknown keys are refused so a typo cannot silently do nothing. */
export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
