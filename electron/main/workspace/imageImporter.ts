import { createHash } from 'node:crypto';
import { lstat, readFile, readdir, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import sharp from 'sharp';
import { inTransaction } from '../../io/sqlite.ts';
import {
  MAX_IMAGE_BYTES as maxImageBytes,
  MAX_IMAGE_PIXELS as maxImagePixels,
} from '../../../shared/clarifai/limits.ts';
import { imageExtensions } from '../../../shared/fileBrowsing.ts';
import type { ImageRecord } from './imageRepo.ts';
import type { Workspace } from './workspace.ts';

/** Files read and checked at once during an import. */
const importWindow = 16;
/** Files recorded in one transaction at most, and the longest wait before one is committed. */
const commitEvery = 1024;
const commitAfterMs = 1000;

type Described =
  { ok: true; value: Awaited<ReturnType<typeof describeImageFile>> } | { ok: false; error: unknown };

export const importableExtensions = new Set(imageExtensions.map((extension) => `.${extension}`));

export interface ImportProblem {
  source: string;
  reason: string;
}

export interface ImportReport {
  added: ImageRecord[];
  duplicates: ImageRecord[];
  failed: ImportProblem[];
}

export type ImportProgress = (progress: { done: number; total: number; current: string }) => void;

/**
 * Imports image files and folders (recursively). Every problem — an unreadable file, a corrupt
 * image, a symlink loop — is reported and the rest of the import goes on. Duplicates are found by
 * content hash.
 */
export async function importFiles(
  workspace: Workspace,
  paths: readonly string[],
  onProgress?: ImportProgress,
): Promise<ImportReport> {
  const report: ImportReport = { added: [], duplicates: [], failed: [] };
  const files: string[] = [];
  const visitedDirs = new Set<string>();
  for (const path of paths) await collect(resolve(path), files, visitedDirs, report.failed, true);

  // A window of files is read and checked at once (sharp decodes on libuv's threads, so the cores
  // share the work); the described files are recorded in file order, many windows to one
  // transaction: each commit waits for the disk (synchronous = FULL), and one per window of 16
  // was the import's largest cost once the decode check was made cheap (docs/hostile-input.md,
  // "Images cut short at import").
  // A crash loses at most the files not yet committed; importing the folder again adds them.
  let pending: { file: string; outcome: Described }[] = [];
  let committedAt = performance.now();
  const record = () => {
    inTransaction(workspace.db, () => {
      for (const { file, outcome } of pending) {
        try {
          if (!outcome.ok) throw outcome.error;
          const { image, added } = workspace.images.add({
            ...outcome.value,
            source: file,
            sourceKind: 'file',
            error: null,
          });
          (added ? report.added : report.duplicates).push(image);
        } catch (error) {
          report.failed.push({
            source: file,
            reason: error instanceof Error ? error.message : String(error),
          });
        }
      }
    });
    pending = [];
    committedAt = performance.now();
  };
  for (let start = 0; start < files.length; start += importWindow) {
    const window = files.slice(start, start + importWindow);
    onProgress?.({ done: start, total: files.length, current: window[0]! });
    const described = await Promise.all(
      window.map((file) =>
        describeImageFile(file).then(
          (value): Described => ({ ok: true, value }),
          (error: unknown): Described => ({ ok: false, error }),
        ),
      ),
    );
    for (const [index, file] of window.entries()) pending.push({ file, outcome: described[index]! });
    if (pending.length >= commitEvery || performance.now() - committedAt >= commitAfterMs) record();
  }
  if (pending.length > 0) record();
  onProgress?.({ done: files.length, total: files.length, current: '' });
  return report;
}

/** Imports image URLs (one per entry); the endpoint fetches them when predicting. */
export function importUrls(workspace: Workspace, urls: readonly string[]): ImportReport {
  const report: ImportReport = { added: [], duplicates: [], failed: [] };
  for (const raw of urls) {
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) continue;
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      report.failed.push({ source: text, reason: 'not a URL' });
      continue;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      report.failed.push({
        source: text,
        reason: `only http and https URLs can be imported, not ${url.protocol}`,
      });
      continue;
    }
    const existing = workspace.images.bySource(url.href);
    if (existing) {
      report.duplicates.push(existing);
      continue;
    }
    const { image } = workspace.images.add({
      source: url.href,
      sourceKind: 'url',
      contentHash: null,
      byteSize: null,
      width: null,
      height: null,
      format: null,
      error: null,
    });
    report.added.push(image);
  }
  return report;
}

async function collect(
  path: string,
  files: string[],
  visitedDirs: Set<string>,
  failed: ImportProblem[],
  explicit: boolean,
): Promise<void> {
  let info;
  try {
    const link = await lstat(path);
    info = link.isSymbolicLink() ? await stat(path) : link;
  } catch (error) {
    failed.push({ source: path, reason: describeFsError(error) });
    return;
  }
  if (info.isDirectory()) {
    let real: string;
    try {
      real = await realpath(path);
    } catch (error) {
      failed.push({ source: path, reason: describeFsError(error) });
      return;
    }
    if (visitedDirs.has(real)) {
      failed.push({ source: path, reason: `symlink loop: ${real} was already visited` });
      return;
    }
    visitedDirs.add(real);
    let entries: string[];
    try {
      entries = (await readdir(path)).sort();
    } catch (error) {
      failed.push({ source: path, reason: describeFsError(error) });
      return;
    }
    for (const entry of entries) await collect(join(path, entry), files, visitedDirs, failed, false);
    return;
  }
  if (!info.isFile()) return;
  if (importableExtensions.has(extname(path).toLowerCase())) files.push(path);
  else if (explicit)
    failed.push({
      source: path,
      reason: `not an image Loupe imports (${[...importableExtensions].join(', ')})`,
    });
}

/** Reads an image file: its hash, size and EXIF-corrected dimensions. Throws a clear error. */
export async function describeImageFile(file: string) {
  const info = await stat(file);
  if (info.size === 0) throw new Error('the file is empty');
  if (info.size > maxImageBytes) {
    throw new Error(`the file is ${(info.size / 1048576).toFixed(1)} MB; the limit is 20 MB`);
  }
  const bytes = await readFile(file);
  const dimensions = extname(file).toLowerCase() === '.bmp' ? bmpSize(bytes) : await sharpSize(bytes);
  if (dimensions.width * dimensions.height > maxImagePixels) {
    throw new Error(`the image is ${dimensions.width}×${dimensions.height}, over the 85 megapixel limit`);
  }
  if (dimensions.format !== 'bmp') await checkDecodes(bytes, dimensions.format);
  return {
    contentHash: createHash('sha256').update(bytes).digest('hex'),
    byteSize: bytes.length,
    ...dimensions,
  };
}

const photoFormats = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif']);

/** EXIF-corrected width, height and format of a photo's bytes, from its header only. */
export async function sharpSize(bytes: Buffer) {
  let metadata;
  try {
    // Only the header is read here (no pixels are decoded), so the size can be checked and named
    // below; decoding elsewhere keeps sharp's pixel limit.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new Error(`not a readable image (${error instanceof Error ? error.message : String(error)})`, {
      cause: error,
    });
  }
  // Photos only: an SVG (or PDF) is a document that can fetch things, whatever its file name says.
  if (!metadata.format || !photoFormats.has(metadata.format)) {
    throw new Error(
      `not a photo format Loupe imports (the file holds ${metadata.format ?? 'an unknown format'})`,
    );
  }
  if (!metadata.width || !metadata.height) throw new Error('the image has no dimensions');
  // EXIF orientations 5–8 rotate by 90°: what a person sees is the other way round.
  const rotated = (metadata.orientation ?? 1) >= 5;
  return {
    width: rotated ? metadata.height : metadata.width,
    height: rotated ? metadata.width : metadata.height,
    format: metadata.format,
  };
}

/**
 * A file whose header is whole but whose pixels are cut short (a copy that stopped, a download
 * that broke off) reads as a good image until something decodes it; then it would fail at the
 * model as if it were a download error. Such a file is refused at import with a reason a person
 * understands (docs/hostile-input.md, "Images cut short at import").
 *
 * A JPEG that ends in its end-of-image marker, or a PNG that ends in its IEND chunk, was written
 * to the end: a cut-short copy cannot end there (the marker bytes do not occur inside a JPEG's
 * coded data, and a PNG's last 12 bytes are fixed), so its pixels are not decoded here — the
 * decode cost ~7× what the rest of the import did (`npm run bench -- importFiles`). Every other
 * file (another format, a JPEG with bytes after its end marker, one without it) is decoded once,
 * shrunk on load and never enlarged, so a big photo costs little.
 */
async function checkDecodes(bytes: Buffer, format: string): Promise<void> {
  if (endsWhole(bytes, format)) return;
  try {
    await sharp(bytes, { failOn: 'truncated', sequentialRead: true })
      .resize(256, 256, { fit: 'inside', fastShrinkOnLoad: true, withoutEnlargement: true })
      .raw()
      .toBuffer();
  } catch {
    throw new Error('the image is damaged or cut short: its pixels cannot be read to the end');
  }
}

/** PNG's last chunk: length 0, type IEND, and its fixed CRC. */
const pngEnd = Buffer.from('0000000049454e44ae426082', 'hex');

/** Whether the bytes end the way a whole file of this format ends (see checkDecodes). */
export function endsWhole(bytes: Buffer, format: string): boolean {
  if (format === 'jpeg')
    return bytes.length >= 4 && bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9;
  if (format === 'png') return bytes.length > pngEnd.length && bytes.subarray(-pngEnd.length).equals(pngEnd);
  return false;
}

/** libvips in sharp does not read BMP; its header holds the size. */
function bmpSize(bytes: Buffer) {
  if (bytes.length < 26 || bytes.toString('latin1', 0, 2) !== 'BM')
    throw new Error('not a readable BMP image');
  const width = bytes.readInt32LE(18);
  const height = Math.abs(bytes.readInt32LE(22));
  if (width <= 0 || height <= 0) throw new Error('the BMP header has no valid size');
  return { width, height, format: 'bmp' };
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symlink loop';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
