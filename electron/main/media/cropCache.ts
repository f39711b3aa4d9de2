import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Box, Size } from '../../../shared/geometry.ts';
import { LoupeError } from '../../../shared/LoupeError.ts';
import { MAX_IMAGE_PIXELS } from '../../../shared/clarifai/limits.ts';

/** The rectangle a crop is cut from, in whole image pixels. */
export interface CropRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A crop shows a little of what is around the box: this share of its size on each side. */
export const cropMargin = 0.1;
/** Crops fit inside this many pixels (the grid's cells are smaller; sharp on high-DPI screens). */
export const cropSize = 192;
/** The cache's bound by default: crops are a few kB each, so tens of thousands fit. */
export const defaultCropCacheBytes = 256 * 1024 * 1024;
/** Decoded images kept for the next crops of the same image (a dense image has thousands). */
const decodedImages = 3;
const maxKeptDecodedBytes = 64 * 1024 * 1024;

/**
 * Where a region's crop is cut: its box with a margin, in pixels, clamped to the image. A box
 * with no width or height is refused (nothing to show), and so is one wholly outside the image.
 */
export function cropRect(box: Box, size: Size, margin = cropMargin): CropRect {
  const values = [box.left, box.top, box.right, box.bottom];
  if (!values.every(Number.isFinite) || !(box.right > box.left) || !(box.bottom > box.top))
    throw new LoupeError(
      'invalid_input',
      'The region’s box is empty (no width or height): there is nothing to crop',
    );
  if (!(size.width > 0 && size.height > 0))
    throw new LoupeError('invalid_input', 'The image has no size yet: it cannot be cropped');
  const padX = (box.right - box.left) * margin;
  const padY = (box.bottom - box.top) * margin;
  // Rounded outwards, past floating-point noise (0.55 × 100 is 55.000000000000007).
  const down = (value: number) => Math.floor(value + 1e-6);
  const up = (value: number) => Math.ceil(value - 1e-6);
  const left = Math.max(0, down((box.left - padX) * size.width));
  const top = Math.max(0, down((box.top - padY) * size.height));
  const right = Math.min(size.width, up((box.right + padX) * size.width));
  const bottom = Math.min(size.height, up((box.bottom + padY) * size.height));
  if (right <= left || bottom <= top)
    throw new LoupeError(
      'invalid_input',
      'The region’s box lies outside the image: there is nothing to crop',
    );
  return { left, top, width: right - left, height: bottom - top };
}

interface Decoded {
  data: Buffer;
  info: { width: number; height: number; channels: 1 | 2 | 3 | 4 };
}

/** The image a crop is cut from: what identifies its content, and how to read its bytes. */
export interface CropSource {
  /** The SHA-256 of the image's bytes (the workspace's content hash). */
  contentHash: string;
  bytes: () => Promise<Buffer>;
}

/**
 * Region crops for the triage grid (docs/triage.md), made with sharp on the main side and kept as
 * JPEG files in one folder of the data folder, named by the image's content and the crop's
 * rectangle: the same region of the same image is cut once, whichever workspace asks. The folder
 * is bounded: past `maxBytes` the least recently used crops are deleted. A crop is written only
 * once it was made, so an image that cannot be decoded leaves nothing behind.
 */
export class CropCache {
  readonly dir: string;
  readonly #maxBytes: number;
  /** Cached crops in least- to most-recently used order, with their sizes; read from disk at first use. */
  #index: Map<string, number> | undefined;
  #bytes = 0;
  readonly #decoded = new Map<string, Promise<Decoded>>();
  readonly #making = new Map<string, Promise<Buffer>>();

  constructor(dir: string, maxBytes = defaultCropCacheBytes) {
    this.dir = dir;
    this.#maxBytes = maxBytes;
  }

  /** The crop of `box` on the image of `size` (EXIF-corrected), from the cache or made now. */
  async crop(source: CropSource, size: Size, box: Box): Promise<Buffer> {
    const rect = cropRect(box, size);
    const key = createHash('sha256')
      .update(`${source.contentHash}|${rect.left},${rect.top},${rect.width},${rect.height}|${cropSize}`)
      .digest('hex');
    const cached = this.#read(key);
    if (cached) return cached;
    const making = this.#making.get(key) ?? this.#make(key, source, rect);
    this.#making.set(key, making);
    try {
      return await making;
    } finally {
      this.#making.delete(key);
    }
  }

  /** How many crops and bytes the cache holds now. */
  usage(): { files: number; bytes: number } {
    const index = this.#loadIndex();
    return { files: index.size, bytes: this.#bytes };
  }

  async #make(key: string, source: CropSource, rect: CropRect): Promise<Buffer> {
    const decoded = await this.#decode(source);
    if (rect.left + rect.width > decoded.info.width || rect.top + rect.height > decoded.info.height)
      throw new LoupeError(
        'invalid_input',
        'The region’s box does not fit the image as decoded: its size changed',
      );
    const jpeg = await sharp(decoded.data, { raw: decoded.info })
      .extract(rect)
      .resize(cropSize, cropSize, { fit: 'inside', withoutEnlargement: false })
      .jpeg({ quality: 80 })
      .toBuffer();
    this.#write(key, jpeg);
    return jpeg;
  }

  /** The image decoded and turned upright, kept for the next few crops of it. */
  #decode(source: CropSource): Promise<Decoded> {
    const kept = this.#decoded.get(source.contentHash);
    if (kept) {
      this.#decoded.delete(source.contentHash);
      this.#decoded.set(source.contentHash, kept);
      return kept;
    }
    const decoding = source.bytes().then(async (bytes) => {
      try {
        const { data, info } = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS })
          .rotate()
          .raw()
          .toBuffer({ resolveWithObject: true });
        return { data, info: { width: info.width, height: info.height, channels: info.channels } };
      } catch (error) {
        throw new LoupeError('invalid_input', `The image cannot be decoded: ${(error as Error).message}`);
      }
    });
    this.#decoded.set(source.contentHash, decoding);
    // A failure is not kept: the next crop tries again (the file may have been repaired). Nor is a
    // very large image: its pixels would hold hundreds of megabytes.
    decoding.then(
      (decoded) => {
        if (decoded.data.length > maxKeptDecodedBytes) this.#decoded.delete(source.contentHash);
      },
      () => this.#decoded.delete(source.contentHash),
    );
    while (this.#decoded.size > decodedImages) this.#decoded.delete(this.#decoded.keys().next().value!);
    return decoding;
  }

  #file(key: string): string {
    return join(this.dir, `${key}.jpg`);
  }

  #loadIndex(): Map<string, number> {
    if (this.#index) return this.#index;
    mkdirSync(this.dir, { recursive: true });
    const entries: { key: string; size: number; used: number }[] = [];
    for (const name of readdirSync(this.dir)) {
      const match = /^([0-9a-f]{64})\.jpg$/.exec(name);
      if (!match) continue;
      try {
        const info = statSync(join(this.dir, name));
        if (info.isFile()) entries.push({ key: match[1]!, size: info.size, used: info.mtimeMs });
      } catch {
        // Gone meanwhile (another window's eviction): not in the cache.
      }
    }
    entries.sort((a, b) => a.used - b.used);
    this.#index = new Map(entries.map((entry) => [entry.key, entry.size]));
    this.#bytes = entries.reduce((sum, entry) => sum + entry.size, 0);
    return this.#index;
  }

  #read(key: string): Buffer | undefined {
    const index = this.#loadIndex();
    const size = index.get(key);
    if (size === undefined) return undefined;
    try {
      const bytes = readFileSync(this.#file(key));
      // Most recently used now: last in the index, and its time on disk says so for the next launch.
      index.delete(key);
      index.set(key, size);
      const now = new Date();
      utimesSync(this.#file(key), now, now);
      return bytes;
    } catch {
      index.delete(key);
      this.#bytes -= size;
      return undefined;
    }
  }

  #write(key: string, bytes: Buffer): void {
    const index = this.#loadIndex();
    const file = this.#file(key);
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, bytes);
    renameSync(partial, file);
    const before = index.get(key);
    if (before !== undefined) this.#bytes -= before;
    index.delete(key);
    index.set(key, bytes.length);
    this.#bytes += bytes.length;
    this.#evict();
  }

  /** Deletes the least recently used crops until the cache is back under its bound. */
  #evict(): void {
    const index = this.#loadIndex();
    for (const [key, size] of index) {
      if (this.#bytes <= this.#maxBytes) break;
      rmSync(this.#file(key), { force: true });
      index.delete(key);
      this.#bytes -= size;
    }
  }
}
