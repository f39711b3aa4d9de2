import type { LocalApiHandle } from './endpointResolver.ts';
import { privateUrlsAllowedByEnvironment } from '../io/outgoingUrl.ts';
import { generateApiKey } from '../localApi/server/apiKeys.ts';
import { startLocalApi, type LocalApi } from '../localApi/server/localApiServer.ts';

/**
 * The app's embedded local API: started in-process on first use, on loopback, and reused. Its key
 * is made per launch and never stored — only this process needs it.
 */
export function createLocalApiHandle(dataDir: string, log?: (line: string) => void): LocalApiHandle {
  let starting: Promise<LocalApi> | undefined;
  return {
    async ensureStarted() {
      if (!starting) {
        const sessionKey = generateApiKey();
        // The app's own URL images follow the main side's switch (mediaService.ts does too).
        starting = startLocalApi({
          dataDir,
          sessionKey,
          allowPrivateUrls: privateUrlsAllowedByEnvironment(),
          ...(log ? { log } : {}),
        });
        // A failed start is tried again on the next call rather than remembered.
        starting.catch(() => (starting = undefined));
      }
      const api = await starting;
      if (api.key === undefined) throw new Error('the local API started without a key');
      return { baseUrl: api.baseUrl, key: api.key };
    },
    async close() {
      const started = starting;
      starting = undefined;
      await (await started?.catch(() => undefined))?.close();
    },
  };
}
