import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  decodeImage,
  ImageDecodeError,
  maxImageBytes,
  maxImagePixels,
} from '../../../../../electron/localApi/images/decodeImage.ts';
import { samplePhotos } from '../../../../../electron/localApi/samples/sampleSet.ts';

const photo = () => readFileSync(samplePhotos()[0] ?? '');

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, checksum]);
}

/** A valid PNG header that claims `width`×`height` RGB pixels, followed by almost no data: a decompression bomb's shape. */
function pngClaiming(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc(16))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

async function decodeError(bytes: Uint8Array): Promise<ImageDecodeError> {
  const error: unknown = await decodeImage(bytes).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImageDecodeError);
  return error as ImageDecodeError;
}

describe('decodeImage', () => {
  it('gives packed RGB pixels and the size of a JPEG', async () => {
    const image = await decodeImage(photo());
    expect([image.width, image.height]).toEqual([1920, 1280]);
    expect(image.pixels.byteLength).toBe(1920 * 1280 * 3);
  });

  it('applies EXIF orientation: a photo stored on its side comes out as seen', async () => {
    const upright = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#ff0000' } })
      .composite([
        { input: { create: { width: 20, height: 20, channels: 3, background: '#0000ff' } }, left: 0, top: 0 },
      ])
      .png()
      .toBuffer();
    // Stored turned a quarter left, tagged "turn right to display" (orientation 6).
    const stored = await sharp(upright).rotate(270).withMetadata({ orientation: 6 }).png().toBuffer();
    const image = await decodeImage(stored);
    expect([image.width, image.height]).toEqual([40, 20]);
    // The blue half is on the left again.
    expect([...image.pixels.subarray(0, 3)]).toEqual([0, 0, 255]);
    expect([...image.pixels.subarray((40 - 1) * 3, 40 * 3)]).toEqual([255, 0, 0]);
  });

  it('turns grey and transparent images into RGB (transparency on white)', async () => {
    const grey = await sharp({ create: { width: 4, height: 2, channels: 3, background: '#404040' } })
      .toColourspace('b-w')
      .png()
      .toBuffer();
    const clear = await sharp({
      create: { width: 4, height: 2, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    expect([...(await decodeImage(grey)).pixels.subarray(0, 3)]).toEqual([64, 64, 64]);
    expect([...(await decodeImage(clear)).pixels.subarray(0, 3)]).toEqual([255, 255, 255]);
  });

  it('refuses an empty buffer', async () => {
    const error = await decodeError(new Uint8Array());
    expect(error.problem).toBe('empty');
    expect(error.message).toBe('The image is empty (0 bytes)');
  });

  it('refuses bytes that are not an image', async () => {
    const error = await decodeError(Buffer.from('{"this": "is JSON, not a picture"}'));
    expect(error.problem).toBe('unsupported');
    expect(error.message).toMatch(/not an image in a known format; send a JPEG, PNG/);
  });

  it('refuses a truncated JPEG', async () => {
    const whole = photo();
    const error = await decodeError(whole.subarray(0, whole.length / 2));
    expect(error.problem).toBe('corrupt');
    expect(error.message).toMatch(/corrupt or truncated \(.*premature end of JPEG/);
  });

  it('refuses a JPEG cut inside its header', async () => {
    const error = await decodeError(photo().subarray(0, 300));
    expect(error.problem).toBe('corrupt');
    expect(error.message).toMatch(/header is corrupt/);
  });

  it('refuses a file over 20 MB without looking inside', async () => {
    const error = await decodeError(new Uint8Array(maxImageBytes + 1));
    expect(error.problem).toBe('too_large');
    expect(error.message).toBe('The image is 20971521 bytes, over the 20 MB limit (20971520 bytes)');
  });

  it('refuses from the header alone an image that claims more than 85 megapixels', async () => {
    const error = await decodeError(pngClaiming(10_000, 9_000));
    expect(error.problem).toBe('too_many_pixels');
    expect(error.message).toBe('The image is 10000×9000 (90.0 megapixels), over the 85.0 megapixels limit');
    // Even a claim of 4 billion pixels costs nothing: nothing is allocated for it.
    expect((await decodeError(pngClaiming(65_535, 65_535))).problem).toBe('too_many_pixels');
  });

  it('refuses a real 10000×9000 JPEG (a small file: one solid colour)', async () => {
    const solid = await sharp({
      create: { width: 10_000, height: 9_000, channels: 3, background: '#3366cc' },
    })
      .jpeg()
      .toBuffer();
    expect(solid.byteLength).toBeLessThan(maxImageBytes);
    expect(10_000 * 9_000).toBeGreaterThan(maxImagePixels);
    expect((await decodeError(solid)).problem).toBe('too_many_pixels');
  });

  it('refuses a format that is not a photo (SVG)', async () => {
    const error = await decodeError(
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>'),
    );
    expect(error.problem).toBe('unsupported');
    expect(error.message).toMatch(/format "svg" is not supported/);
  });
});
