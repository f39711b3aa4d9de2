import type { KeyStatus } from '../../../shared/keyStatus.ts';

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
