import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { LoupeError } from '../../../shared/LoupeError.ts';
import { fetchOutgoing, OutgoingUrlError, privateUrlsAllowedByEnvironment } from '../../io/outgoingUrl.ts';
import { sharpSize } from '../workspace/imageImporter.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { CropCache } from './cropCache.ts';
import {
  MAX_IMAGE_BYTES as maxImageBytes,
  MAX_IMAGE_PIXELS as maxImagePixels,
} from '../../../shared/clarifai/limits.ts';

export type MediaKind = 'image' | 'thumb';

export interface Media {
  bytes: Buffer;
  contentType: string;
}

const thumbnailSize = 320;
const urlFetchTimeoutMs = 20_000;

/** Formats Chromium shows as they are (it applies EXIF orientation itself). */
const displayable: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  bmp: 'image/bmp',
};

/**
 * Image bytes for the renderer, which never reads files or the network itself: the original when
 * Chromium can show it, else a PNG (TIFF); thumbnails are made once and cached in the workspace.
 * URL images are fetched here, on the main side, with size and time limits.
 */
export interface MediaOptions {
  /**
   * Fetch URL images on loopback, private and other non-public addresses (outgoingUrl.ts). By
   * default `LOUPE_ALLOW_PRIVATE_URLS=1` decides: off, so an imported URL cannot reach this
   * machine's or this network's services.
   */
  allowPrivateUrls?: boolean;
}

export async function readMedia(
  workspace: Workspace,
  kind: MediaKind,
  imageId: number,
  options: MediaOptions = {},
): Promise<Media> {
  const image = workspace.images.get(imageId);
  if (!image) throw new LoupeError('not_found', `No image ${imageId} in this workspace`);
  if (kind === 'thumb') {
    const cached = workspace.db.prepare('SELECT jpeg FROM thumbnails WHERE image_id = ?').get(imageId);
    if (cached?.['jpeg'] instanceof Uint8Array)
      return { bytes: Buffer.from(cached['jpeg']), contentType: 'image/jpeg' };
  }
  const bytes = await sourceBytes(image.source, image.sourceKind, options);
  if (image.width === null) {
    // A URL image's size is unknown until now; pixel exports need it.
    const size = await sharpSize(bytes).catch(() => undefined);
    if (size) workspace.images.setSize(imageId, size);
  }
  if (kind === 'thumb') {
    const jpeg = await convert(bytes, (pipeline) =>
      pipeline.rotate().resize(thumbnailSize, thumbnailSize, { fit: 'inside' }).jpeg({ quality: 80 }),
    );
    workspace.db
      .prepare('INSERT OR REPLACE INTO thumbnails (image_id, jpeg) VALUES (?, ?)')
      .run(imageId, jpeg);
    return { bytes: jpeg, contentType: 'image/jpeg' };
  }
  const format = image.format ?? extname(image.source).slice(1).toLowerCase();
  const contentType = displayable[format === 'jpg' ? 'jpeg' : format];
  if (contentType) return { bytes, contentType };
  return { bytes: await convert(bytes, (pipeline) => pipeline.rotate().png()), contentType: 'image/png' };
}

/**
 * A region's crop for the triage grid (docs/triage.md): the region's box as it stands now (a moved
 * box shows where it was moved to), cut from the image by the crop cache.
 */
export async function readCrop(
  workspace: Workspace,
  cache: CropCache,
  predictionId: number,
  regionKey: string,
  options: MediaOptions = {},
): Promise<Media> {
  const found = workspace.regions.region(predictionId, regionKey);
  if (!found) throw new LoupeError('not_found', `No region ${regionKey} in prediction ${predictionId}`);
  const image = workspace.images.get(found.imageId);
  if (!image) throw new LoupeError('not_found', `No image ${found.imageId} in this workspace`);
  let bytes: Promise<Buffer> | undefined;
  const read = () => (bytes ??= sourceBytes(image.source, image.sourceKind, options));
  let size =
    image.width !== null && image.height !== null ? { width: image.width, height: image.height } : undefined;
  if (!size) {
    // A URL image's size is unknown until it is fetched.
    size = await sharpSize(await read()).catch(() => undefined);
    if (!size) throw new LoupeError('invalid_input', 'The image cannot be decoded: its size cannot be read');
    workspace.images.setSize(image.id, size);
  }
  const contentHash =
    image.contentHash ??
    createHash('sha256')
      .update(await read())
      .digest('hex');
  const jpeg = await cache.crop({ contentHash, bytes: read }, size, found.region.box);
  return { bytes: jpeg, contentType: 'image/jpeg' };
}

async function sourceBytes(source: string, kind: 'file' | 'url', options: MediaOptions): Promise<Buffer> {
  if (kind === 'file') {
    try {
      return await readFile(source);
    } catch (error) {
      throw new LoupeError('not_found', `Cannot read ${source}: ${(error as Error).message}`);
    }
  }
  try {
    return await fetchOutgoing(source, {
      allowPrivate: options.allowPrivateUrls ?? privateUrlsAllowedByEnvironment(),
      timeoutMs: urlFetchTimeoutMs,
      maxBytes: maxImageBytes,
    });
  } catch (error) {
    if (!(error instanceof OutgoingUrlError)) throw error;
    // The uniform message: nothing of what the far side answered, beyond a status code.
    const code =
      error.failure === 'too_large' ||
      error.failure === 'blocked_address' ||
      error.failure === 'invalid_url' ||
      error.failure === 'unsupported_scheme'
        ? 'invalid_input'
        : 'unavailable';
    throw new LoupeError(code, error.message);
  }
}

async function convert(bytes: Buffer, build: (pipeline: Sharp) => Sharp): Promise<Buffer> {
  try {
    return await build(sharp(bytes, { limitInputPixels: maxImagePixels })).toBuffer();
  } catch (error) {
    throw new LoupeError('invalid_input', `The image cannot be decoded: ${(error as Error).message}`);
  }
}
