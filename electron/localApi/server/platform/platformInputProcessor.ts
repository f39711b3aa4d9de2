import type { AppRef } from '../../../../shared/clarifai/platform/platformPaths.ts';
import { decodeImage } from '../../images/decodeImage.ts';
import { sha256Hex } from '../../samples/recordedPredictions.ts';
import { readInputImage, type ImageFetchPolicy } from '../inputImage.ts';
import type { PlatformStore } from './platformStore.ts';

/**
 * Platform inputs are processed as on the platform: answered `30001 INPUT_PENDING`, then in the
 * background `30003 INPUT_IN_PROGRESS` while the image is fetched (URL) or read (base64) and
 * decoded, ending in `30000` or `30002` with the reason. Inputs still pending when the server
 * stopped are picked up again at the next start (base64 bytes wait in the database).
 */
export interface PlatformInputProcessor {
  schedule(job: { app: AppRef; id: string; imageUrl: string | null; image: Uint8Array | null }): void;
  /** Resolves when nothing is being processed. */
  idle(): Promise<void>;
}

export function createPlatformInputProcessor(parts: {
  store: PlatformStore;
  policy: ImageFetchPolicy;
  log: (line: string) => void;
}): PlatformInputProcessor {
  const { store, policy, log } = parts;
  const running = new Set<Promise<void>>();
  const now = () => new Date().toISOString();

  async function process(app: AppRef, id: string, imageUrl: string | null, image: Uint8Array | null) {
    // A turn of the event loop first: the answer saying 30001 goes out before the work starts.
    await new Promise((resolve) => setImmediate(resolve));
    if (policy.signal.aborted) return;
    store.setInputStatus(app, id, { code: 30003, details: null, imageSha256: null }, now());
    try {
      const bytes = image ?? (await readInputImage({ url: imageUrl ?? '' }, policy));
      await decodeImage(bytes);
      if (policy.signal.aborted) return;
      store.setInputStatus(app, id, { code: 30000, details: null, imageSha256: sha256Hex(bytes) }, now());
    } catch (error) {
      // Stopped half-way: the input stays pending for the next start.
      if (policy.signal.aborted) return;
      const reason = error instanceof Error ? error.message : String(error);
      store.setInputStatus(app, id, { code: 30002, details: reason, imageSha256: null }, now());
      log(`platform input ${app.userId}/${app.appId}/${id}: ${reason}`);
    }
  }

  return {
    schedule({ app, id, imageUrl, image }) {
      const job = process(app, id, imageUrl, image).finally(() => running.delete(job));
      running.add(job);
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
