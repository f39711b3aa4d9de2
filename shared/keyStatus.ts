import { z } from 'zod';

/** What the renderer may know about the API key: whether one is set and its last 4 characters. */
export const keyStatusSchema = z.object({
  isSet: z.boolean(),
  last4: z.string().max(4).optional(),
  /** Where the key comes from: the environment, a 0600 file, or Electron's safeStorage. */
  source: z.enum(['none', 'environment', 'file', 'safeStorage']),
});
export type KeyStatus = z.infer<typeof keyStatusSchema>;
