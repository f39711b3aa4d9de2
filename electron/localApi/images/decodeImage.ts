import sharp from 'sharp';
import type { Metadata } from 'sharp';

import { MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS } from '../../../shared/clarifai/limits.ts';

/** Clarifai's per-image limits (clarifai-v2.md §3): one definition for the whole app. */
export const maxImageBytes = MAX_IMAGE_BYTES;
export const maxImagePixels = MAX_IMAGE_PIXELS;

/** Formats a predict request may carry. SVG, PDF and the like are refused: they are documents, not photos. */
const acceptedFormats = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif']);

/** Tightly packed 8-bit RGB rows, top-left first, of the image as it is meant to be seen (EXIF-rotated). */
export interface DecodedImage {
  pixels: Uint8Array;
  width: number;
  height: number;
}

export type ImageProblem = 'empty' | 'too_large' | 'too_many_pixels' | 'unsupported' | 'corrupt';

/** An image a local model cannot take; `problem` lets the server pick the Clarifai status code. */
export class ImageDecodeError extends Error {
  readonly problem: ImageProblem;

  constructor(problem: ImageProblem, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ImageDecodeError';
    this.problem = problem;
  }
}

const megapixels = (pixels: number) => `${(pixels / 1_000_000).toFixed(1)} megapixels`;
const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Decodes image bytes for a model. The size and format are checked from the header before any
 * pixel is decoded, and the decoder itself is capped at `maxImagePixels`, so a small file that
 * claims huge dimensions (a decompression bomb) is refused without allocating its pixels.
 */
export async function decodeImage(bytes: Uint8Array): Promise<DecodedImage> {
  if (bytes.byteLength === 0) throw new ImageDecodeError('empty', 'The image is empty (0 bytes)');
  if (bytes.byteLength > maxImageBytes) {
    throw new ImageDecodeError(
      'too_large',
      `The image is ${bytes.byteLength} bytes, over the 20 MB limit (${maxImageBytes} bytes)`,
    );
  }

  let metadata: Metadata;
  try {
    // Header only: no pixels are decoded here, so the dimensions can be checked (and reported) first.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    const reason = reasonOf(error);
    const unknownFormat = /unsupported image format/i.test(reason);
    throw new ImageDecodeError(
      unknownFormat ? 'unsupported' : 'corrupt',
      unknownFormat
        ? `The data is not an image in a known format; send a JPEG, PNG, WebP, GIF, TIFF or HEIF file`
        : `The image header is corrupt (${reason})`,
      { cause: error },
    );
  }
  if (!acceptedFormats.has(metadata.format)) {
    throw new ImageDecodeError(
      'unsupported',
      `The image format "${metadata.format}" is not supported; send a JPEG, PNG, WebP, GIF, TIFF or HEIF file`,
    );
  }
  const pixelCount = metadata.width * metadata.height;
  if (pixelCount > maxImagePixels) {
    throw new ImageDecodeError(
      'too_many_pixels',
      `The image is ${metadata.width}×${metadata.height} (${megapixels(pixelCount)}), over the ${megapixels(maxImagePixels)} limit`,
    );
  }

  try {
    // failOn 'warning' (sharp's default, stated for the reader): a truncated file is an error, not a grey band.
    const { data, info } = await sharp(bytes, { limitInputPixels: maxImagePixels, failOn: 'warning' })
      .autoOrient()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels instead of 3`);
    return {
      pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
    };
  } catch (error) {
    throw new ImageDecodeError('corrupt', `The image data is corrupt or truncated (${reasonOf(error)})`, {
      cause: error,
    });
  }
}
