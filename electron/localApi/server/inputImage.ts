import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ImageSource } from '../../../shared/clarifai/data.ts';
import { MAX_IMAGE_BYTES } from '../../../shared/clarifai/limits.ts';
import { fetchOutgoing, OutgoingUrlError } from '../../net/outgoingUrl.ts';

/**
 * One input's image could not be had: it fails that input only (per-input status, 10010 overall),
 * never the whole request. `code` is the per-input Clarifai status.
 */
export class InputImageError extends Error {
  readonly code: number;

  constructor(code: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InputImageError';
    this.code = code;
  }
}

export interface ImageFetchPolicy {
  /** `file://` URLs: only when the server binds loopback and was told to allow them. */
  allowFileUrls: boolean;
  /** http(s) URLs of loopback, private and other non-public addresses (outgoingUrl.ts). */
  allowPrivateUrls: boolean;
  timeoutMs: number;
  /** Aborted when the server closes. */
  signal: AbortSignal;
}

const downloadFailed = (message: string, cause?: unknown) =>
  new InputImageError(30002, message, cause === undefined ? undefined : { cause });
const invalidUrl = (message: string) => new InputImageError(30106, message);
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const overLimit = (bytes: number) =>
  downloadFailed(`The image is ${megabytes(bytes)}, over the ${megabytes(MAX_IMAGE_BYTES)} limit`);
const overLimitUnknownSize = () =>
  downloadFailed(`The image is over the ${megabytes(MAX_IMAGE_BYTES)} limit`);

const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

/** The bytes of a request's image: base64 decoded, or the URL fetched within the size and time limits. */
export async function readInputImage(image: ImageSource, policy: ImageFetchPolicy): Promise<Uint8Array> {
  if (image.base64 !== undefined) return decodeBase64(image.base64);
  if (image.url !== undefined) return fetchImage(image.url, policy);
  throw downloadFailed('The image has neither url nor base64');
}

function decodeBase64(text: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 === 1 || !base64Pattern.test(compact)) {
    throw downloadFailed('image.base64 is not valid base64');
  }
  // Checked before decoding, so an oversized image is never held twice.
  const bytes = Math.floor((compact.length * 3) / 4) - (compact.match(/=+$/)?.[0].length ?? 0);
  if (bytes > MAX_IMAGE_BYTES) throw overLimit(bytes);
  return Buffer.from(compact, 'base64');
}

async function fetchImage(text: string, policy: ImageFetchPolicy): Promise<Uint8Array> {
  if (/^file:/i.test(text)) {
    if (!policy.allowFileUrls) {
      throw invalidUrl(
        'file:// URLs are not allowed on this server (start it on loopback with file URLs allowed)',
      );
    }
    return readLocalFile(text, policy);
  }
  try {
    return await fetchOutgoing(text, {
      allowPrivate: policy.allowPrivateUrls,
      timeoutMs: policy.timeoutMs,
      maxBytes: MAX_IMAGE_BYTES,
      signal: policy.signal,
    });
  } catch (error) {
    if (!(error instanceof OutgoingUrlError)) throw error;
    switch (error.failure) {
      case 'invalid_url':
      case 'unsupported_scheme':
      case 'blocked_address':
        throw new InputImageError(30106, error.message, { cause: error });
      case 'too_large':
        throw overLimitUnknownSize();
      default:
        throw downloadFailed(error.message, error);
    }
  }
}

const fileProblem = (what: string, cause?: unknown) =>
  downloadFailed(`Could not read the file URL: ${what}`, cause);

/**
 * A `file://` image: a regular file only, read within the size and time limits. A FIFO would
 * block the open (and a libuv thread) until a writer came, a device never ends (/dev/urandom),
 * a directory is not an image: each is refused from its type before a byte is read. Symlinks are
 * resolved first, and the file opened is checked to be the one looked at.
 */
async function readLocalFile(text: string, policy: ImageFetchPolicy): Promise<Uint8Array> {
  let path: string;
  try {
    path = fileURLToPath(text);
  } catch {
    throw invalidUrl('image.url is not a file URL of this machine');
  }
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    throw fileProblem('it does not exist or cannot be reached', error);
  }
  const seen = await stat(real).catch((error: unknown) => {
    throw fileProblem('it cannot be read', error);
  });
  if (!seen.isFile()) throw fileProblem('it is not a regular file');
  if (seen.size > MAX_IMAGE_BYTES) throw overLimit(seen.size);

  // Non-blocking, so even a FIFO swapped in after the check cannot hold the open.
  const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW).catch(
    (error: unknown) => {
      throw fileProblem('it cannot be opened', error);
    },
  );
  const timer = AbortSignal.any([AbortSignal.timeout(policy.timeoutMs), policy.signal]);
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== seen.ino || opened.dev !== seen.dev) {
      throw fileProblem('it is not a regular file');
    }
    // A file that grows while read is cut off at the limit, not read to its end.
    const buffer = Buffer.alloc(Math.min(opened.size, MAX_IMAGE_BYTES) + 1);
    let filled = 0;
    while (filled < buffer.length) {
      if (timer.aborted) throw fileProblem('it timed out');
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled === buffer.length) {
      throw filled > MAX_IMAGE_BYTES ? overLimitUnknownSize() : fileProblem('it grew while it was read');
    }
    return buffer.subarray(0, filled);
  } catch (error) {
    if (error instanceof InputImageError) throw error;
    throw fileProblem('it cannot be read', error);
  } finally {
    await handle.close();
  }
}
