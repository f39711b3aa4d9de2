import sharp from 'sharp';
import type { Metadata } from 'sharp';

import { MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS } from '../../../shared/clarifai/limits.ts';
import { createConcurrencyLimit } from '../concurrencyLimit.ts';

/** Clarifai's per-image limits (docs/clarifai-v2.md §3): one definition for the whole app. */
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
 * Decoded images are at most this many pixels on their longer side: the models look at 512×512
 * (SSD MobileNet, CenterNet), and the worker turns pixels into an int32 tensor (4 bytes a
 * channel), so an 85-megapixel image decoded whole would be 255 MB here and 1 GB there. Boxes
 * are normalised, so they do not change with the scale.
 */
export const maxDecodedSide = 2048;

/** One decode at a time in this process: each holds a decoder's buffers and its output. */
const decoding = createConcurrencyLimit(1);

export interface ImageHeader {
  format: string;
  width: number;
  height: number;
  pixels: number;
}

/**
 * The format and dimensions from the header, no pixel decoded: refuses what is empty, over the
 * byte or pixel limit, not an image or not a format the models take.
 */
export async function readImageHeader(bytes: Uint8Array): Promise<ImageHeader> {
  if (bytes.byteLength === 0) throw new ImageDecodeError('empty', 'The image is empty (0 bytes)');
  if (bytes.byteLength > maxImageBytes) {
    throw new ImageDecodeError(
      'too_large',
      `The image is ${bytes.byteLength} bytes, over the 20 MB limit (${maxImageBytes} bytes)`,
    );
  }

  let metadata: Metadata;
  try {
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
  const pixels = metadata.width * metadata.height;
  if (pixels > maxImagePixels) {
    throw new ImageDecodeError(
      'too_many_pixels',
      `The image is ${metadata.width}×${metadata.height} (${megapixels(pixels)}), over the ${megapixels(maxImagePixels)} limit`,
    );
  }
  return { format: metadata.format, width: metadata.width, height: metadata.height, pixels };
}

/**
 * Decodes image bytes for a model. The size and format are checked from the header before any
 * pixel is decoded, and the decoder itself is capped at `maxImagePixels`, so a small file that
 * claims huge dimensions (a decompression bomb) is refused without allocating its pixels. The
 * image is scaled down while it is decoded (rows stream through the resize: a large PNG never
 * exists whole) to fit `maxDecodedSide`, and decodes run one at a time.
 */
export async function decodeImage(bytes: Uint8Array): Promise<DecodedImage> {
  await readImageHeader(bytes);
  return decoding.run(async () => {
    try {
      // failOn 'warning' (sharp's default, stated for the reader): a truncated file is an error, not a grey band.
      const { data, info } = await sharp(bytes, {
        limitInputPixels: maxImagePixels,
        failOn: 'warning',
        sequentialRead: true,
      })
        .autoOrient()
        .resize(maxDecodedSide, maxDecodedSide, { fit: 'inside', withoutEnlargement: true, kernel: 'linear' })
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
  });
}
