import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ImageSource } from '../../../shared/clarifai/data.ts';
import { MAX_IMAGE_BYTES } from '../../../shared/clarifai/limits.ts';

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
const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

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
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidUrl(`image.url is not a URL: ${text}`);
  }
  if (url.protocol === 'file:') {
    if (!policy.allowFileUrls) {
      throw invalidUrl(
        'file:// URLs are not allowed on this server (start it on loopback with file URLs allowed)',
      );
    }
    return readLocalFile(url);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidUrl(`image.url must be http(s), got ${url.protocol}`);
  }

  const signal = AbortSignal.any([AbortSignal.timeout(policy.timeoutMs), policy.signal]);
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'follow' });
  } catch (error) {
    throw downloadFailed(`Could not download ${url.href}: ${reasonOf(error)}`, error);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw downloadFailed(`Could not download ${url.href}: HTTP ${response.status}`);
  }
  const announced = Number(response.headers.get('content-length') ?? NaN);
  if (announced > MAX_IMAGE_BYTES) {
    await response.body?.cancel();
    throw overLimit(announced);
  }
  return readCapped(response, url, signal);
}

/** Reads the body, giving up as soon as it passes the limit (a missing or lying Content-Length). */
async function readCapped(response: Response, url: URL, signal: AbortSignal): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (!response.body) return new Uint8Array();
  try {
    // Leaving the loop by a throw cancels the download. (fetch bodies are byte streams; Node's
    // typings leave their chunk type open.)
    for await (const chunk of response.body as ReadableStream<Uint8Array>) {
      total += chunk.byteLength;
      if (total > MAX_IMAGE_BYTES) throw overLimit(total);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof InputImageError) throw error;
    const why = signal.aborted ? 'timed out' : reasonOf(error);
    throw downloadFailed(`Could not download ${url.href}: ${why}`, error);
  }
  return Buffer.concat(chunks);
}

async function readLocalFile(url: URL): Promise<Uint8Array> {
  try {
    const file = fileURLToPath(url);
    const { size } = await stat(file);
    if (size > MAX_IMAGE_BYTES) throw overLimit(size);
    return await readFile(file);
  } catch (error) {
    if (error instanceof InputImageError) throw error;
    throw downloadFailed(`Could not read ${url.href}: ${reasonOf(error)}`, error);
  }
}
