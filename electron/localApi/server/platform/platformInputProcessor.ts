import type { AppRef } from '../../../../shared/clarifai/platform/platformPaths.ts';
import type { ImageFetchPolicy } from '../inputImage.ts';
import { createImageJobProcessor, type ImageJob, type InputProcessor } from '../inputProcessor.ts';
import type { PlatformStore } from './platformStore.ts';

/**
 * Platform inputs are processed as the v2 ones (inputProcessor.ts), with the platform's middle
 * state: `30003 INPUT_IN_PROGRESS` while the image is fetched or read and decoded. Base64 bytes
 * wait in the database, so inputs still pending at a stop are picked up at the next start.
 */
export type PlatformInputJob = ImageJob & { app: AppRef; id: string };
export type PlatformInputProcessor = InputProcessor<PlatformInputJob>;

export function createPlatformInputProcessor(parts: {
  store: PlatformStore;
  policy: ImageFetchPolicy;
  log: (line: string) => void;
}): PlatformInputProcessor {
  const { store } = parts;
  const now = () => new Date().toISOString();
  return createImageJobProcessor<PlatformInputJob>({
    ...parts,
    label: ({ app, id }) => `platform input ${app.userId}/${app.appId}/${id}`,
    outcome: {
      started: ({ app, id }) =>
        store.setInputStatus(app, id, { code: 30003, details: null, imageSha256: null }, now()),
      processed: ({ app, id }, imageSha256) =>
        store.setInputStatus(app, id, { code: 30000, details: null, imageSha256 }, now()),
      failed: ({ app, id }, reason) =>
        store.setInputStatus(app, id, { code: 30002, details: reason, imageSha256: null }, now()),
    },
  });
}
