import { fileURLToPath } from 'node:url';
import type { ImageSource } from '../../../shared/clarifai/data.ts';
import { MAX_IMAGE_BYTES } from '../../../shared/clarifai/limits.ts';
import { fetchOutgoing, OutgoingUrlError } from '../../io/outgoingUrl.ts';
import { readRegularFile, RegularFileError } from '../../io/readRegularFile.ts';

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

/**
 * A `file://` image: a regular file only, within the size and time limits (readRegularFile.ts:
 * FIFOs, devices and folders are refused by their type before a byte is read).
 */
async function readLocalFile(text: string, policy: ImageFetchPolicy): Promise<Uint8Array> {
  let path: string;
  try {
    path = fileURLToPath(text);
  } catch {
    throw invalidUrl('image.url is not a file URL of this machine');
  }
  try {
    return await readRegularFile(path, {
      maxBytes: MAX_IMAGE_BYTES,
      signal: AbortSignal.any([AbortSignal.timeout(policy.timeoutMs), policy.signal]),
    });
  } catch (error) {
    if (!(error instanceof RegularFileError)) throw error;
    if (error.problem === 'too_large') throw overLimitUnknownSize();
    throw downloadFailed(`Could not read the file URL: ${error.message}`, error);
  }
}
