import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { LoupeError } from '../contract/LoupeError.ts';
import { sharpSize } from '../workspace/imageImporter.ts';
import type { Workspace } from '../workspace/workspace.ts';
import {
  MAX_IMAGE_BYTES as maxImageBytes,
  MAX_IMAGE_PIXELS as maxImagePixels,
} from '../../shared/clarifai/limits.ts';

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
export async function readMedia(workspace: Workspace, kind: MediaKind, imageId: number): Promise<Media> {
  const image = workspace.images.get(imageId);
  if (!image) throw new LoupeError('not_found', `No image ${imageId} in this workspace`);
  if (kind === 'thumb') {
    const cached = workspace.db.prepare('SELECT jpeg FROM thumbnails WHERE image_id = ?').get(imageId);
    if (cached?.['jpeg'] instanceof Uint8Array)
      return { bytes: Buffer.from(cached['jpeg']), contentType: 'image/jpeg' };
  }
  const bytes = await sourceBytes(image.source, image.sourceKind);
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

async function sourceBytes(source: string, kind: 'file' | 'url'): Promise<Buffer> {
  if (kind === 'file') {
    try {
      return await readFile(source);
    } catch (error) {
      throw new LoupeError('not_found', `Cannot read ${source}: ${(error as Error).message}`);
    }
  }
  let response: Response;
  try {
    response = await fetch(source, { signal: AbortSignal.timeout(urlFetchTimeoutMs), redirect: 'follow' });
  } catch (error) {
    throw new LoupeError('unavailable', `Cannot fetch ${source}: ${(error as Error).message}`);
  }
  if (!response.ok)
    throw new LoupeError('unavailable', `Fetching ${source} answered HTTP ${response.status}`);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > maxImageBytes) throw new LoupeError('invalid_input', `${source} is larger than 20 MB`);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > maxImageBytes) throw new LoupeError('invalid_input', `${source} is larger than 20 MB`);
  return bytes;
}

async function convert(bytes: Buffer, build: (pipeline: Sharp) => Sharp): Promise<Buffer> {
  try {
    return await build(sharp(bytes, { limitInputPixels: maxImagePixels })).toBuffer();
  } catch (error) {
    throw new LoupeError('invalid_input', `The image cannot be decoded: ${(error as Error).message}`);
  }
}
