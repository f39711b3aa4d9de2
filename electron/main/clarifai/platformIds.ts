import { createHash } from 'node:crypto';

/**
 * Deterministic ids for what Loupe creates in a Clarifai app (docs/clarifai-platform.md, "Ids"):
 * the same image and the same reviewed region always get the same id, so a resend addresses what
 * the first send created instead of adding a copy.
 */

/** Loupe's own namespace for the name-based (UUID version 5) ids below. */
const namespace = Buffer.from('6f1c2b0e9d4a5c8e8b7a3f2d1e0c9b8a', 'hex');

/**
 * A UUID v5 of the parts, as 32 lowercase hex digits without dashes: valid Clarifai id
 * characters, and the parts are JSON-encoded so ("a/b","c") and ("a","b/c") differ.
 */
export function nameBasedId(parts: readonly string[]): string {
  const digest = createHash('sha1').update(namespace).update(JSON.stringify(parts)).digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return bytes.toString('hex');
}

/** The input id of an image: its SHA-256 content hash (what the workspace already keys it by). */
export function platformInputId(contentHash: string): string {
  if (!/^[0-9a-f]{64}$/.test(contentHash)) throw new RangeError('an image content hash is 64 hex digits');
  return contentHash;
}

/**
 * The input id Loupe gives an image in a platform app: its SHA-256 content hash; an image without
 * one (a URL Loupe never downloaded) gets an id derived from its URL.
 */
export function imageInputId(image: { contentHash: string | null; source: string }): string {
  const hash = image.contentHash;
  return hash && /^[0-9a-f]{64}$/.test(hash)
    ? platformInputId(hash)
    : nameBasedId(['input', hash ?? image.source]);
}

/** The annotation id of one subject (a region, or the image concepts) of one output. */
export function platformAnnotationId(workspaceId: string, outputId: string, subject: string): string {
  return nameBasedId(['annotation', workspaceId, outputId, subject]);
}
