import { z } from 'zod';

/** What the renderer may know about the key: whether one is set and its last 4 characters. */
export const keyStatusSchema = z.object({
  isSet: z.boolean(),
  last4: z.string().max(4).optional(),
  /** Where the key comes from: the environment, a 0600 file, or Electron's safeStorage. */
  source: z.enum(['none', 'environment', 'file', 'safeStorage']),
});
export type KeyStatus = z.infer<typeof keyStatusSchema>;

/**
 * Holds the API key on the main side. The key is never logged, never written to SQLite and never
 * returned over the contract: the renderer can set it, clear it, and read `status()`.
 */
export interface KeyVault {
  get(): string | undefined;
  set(key: string): void;
  clear(): void;
  status(): KeyStatus;
}

export function statusOf(key: string | undefined, source: KeyStatus['source']): KeyStatus {
  return key ? { isSet: true, last4: key.slice(-4), source } : { isSet: false, source: 'none' };
}

/** Refuses keys that cannot be right, so a paste accident is caught before it reaches a server. */
export function checkKey(key: string): string {
  const trimmed = key.trim();
  if (trimmed.length < 8 || trimmed.length > 512 || /\s/.test(trimmed)) {
    throw new Error('An API key is 8–512 characters without spaces');
  }
  return trimmed;
}
