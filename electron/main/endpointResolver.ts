import type { Endpoint } from '../../shared/settings.ts';
import { ClarifaiClient } from './clarifai/clarifaiClient.ts';
import { LoupeError } from '../../shared/LoupeError.ts';
import type { RateLimiter } from './net/rateLimiter.ts';
import type { KeyVault } from './vault/keyVault.ts';

/** The embedded local API, started on demand in this process (`loupe serve` without the CLI). */
export interface LocalApiHandle {
  ensureStarted(): Promise<{ baseUrl: string; key: string }>;
  close(): Promise<void>;
}

/** Limit for one request; LOUPE_REQUEST_TIMEOUT_MS shortens it (tests with hanging servers). */
export const requestTimeoutMs = Number(process.env['LOUPE_REQUEST_TIMEOUT_MS']) || 30_000;

/**
 * Builds the Clarifai client for the endpoint chosen in settings. The embedded local API brings
 * its own key; other endpoints use the key from the vault, read on every request. `limiter`: the
 * endpoint's one rate limit, which every request of the client waits for.
 */
export async function clientFor(
  endpoint: Endpoint,
  vault: KeyVault,
  localApi: LocalApiHandle | undefined,
  limiter?: RateLimiter,
): Promise<ClarifaiClient> {
  const paced = limiter ? { limiter } : {};
  switch (endpoint.kind) {
    case 'local': {
      if (!localApi)
        throw new LoupeError('unavailable', 'The embedded local API is not available in this process');
      const { baseUrl, key } = await localApi.ensureStarted();
      return new ClarifaiClient({ baseUrl, timeoutMs: requestTimeoutMs, getKey: () => key, ...paced });
    }
    case 'clarifai':
      return new ClarifaiClient({
        baseUrl: endpoint.baseUrl,
        timeoutMs: requestTimeoutMs,
        getKey: () => vault.get(),
        ...paced,
        ...(endpoint.userId && endpoint.appId ? { userId: endpoint.userId, appId: endpoint.appId } : {}),
      });
    // A team collector is a `loupe serve`: its client makes the /v2/team requests (team/teamCollectorClient.ts).
    case 'custom':
    case 'team':
      return new ClarifaiClient({
        baseUrl: endpoint.baseUrl,
        timeoutMs: requestTimeoutMs,
        getKey: () => vault.get(),
        ...paced,
      });
  }
}
