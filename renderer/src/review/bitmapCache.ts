import { loupe } from '../loupe.ts';

/**
 * Decoded images for the canvas. Bytes are fetched from the main side and decoded with
 * `createImageBitmap`, which decodes off the main thread, so opening a large photo does not stall
 * the UI. The last few stay decoded so going back and forth is instant; an evicted bitmap is
 * closed a moment later, once the canvas has surely stopped drawing it.
 */

export type DecodedImage = ImageBitmap | HTMLImageElement;

const keep = 4;
const closeDelayMs = 2000;
const cache = new Map<number, Promise<DecodedImage>>();
/** The cached images that have finished decoding, for a render that must not wait a frame. */
const ready = new Map<number, DecodedImage>();

async function decode(imageId: number): Promise<DecodedImage> {
  const response = await fetch(loupe.mediaUrl(imageId, 'image'));
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as
      { error?: { message?: string } } | undefined;
    throw new Error(body?.error?.message ?? `The image could not be loaded (HTTP ${response.status})`);
  }
  const blob = await response.blob();
  if (typeof createImageBitmap === 'function') return createImageBitmap(blob);
  const element = new Image();
  const url = URL.createObjectURL(blob);
  try {
    element.src = url;
    await element.decode();
    return element;
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function decodedImage(imageId: number): Promise<DecodedImage> {
  const cached = cache.get(imageId);
  if (cached) {
    cache.delete(imageId);
    cache.set(imageId, cached);
    return cached;
  }
  const pending = decode(imageId);
  cache.set(imageId, pending);
  void pending.then(
    (image) => cache.get(imageId) === pending && ready.set(imageId, image),
    // A failure is not kept: the next attempt fetches again.
    () => cache.delete(imageId),
  );
  for (const [id, old] of cache) {
    if (cache.size <= keep) break;
    cache.delete(id);
    ready.delete(id);
    void old.then(
      (image) => setTimeout(() => image instanceof ImageBitmap && image.close(), closeDelayMs),
      () => undefined,
    );
  }
  return pending;
}

/** The image if it is cached and decoded already, so the canvas can show it in the same render. */
export function decodedImageNow(imageId: number): DecodedImage | undefined {
  return ready.get(imageId);
}
