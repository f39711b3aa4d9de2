import type { IncomingMessage } from 'node:http';
import { rejection } from './apiError.ts';

/**
 * Enough for 128 inputs of small images, or a few up to the 20 MB limit (base64 adds a third): a
 * larger image must reach the per-input check and fail alone, not the whole request.
 */
export const maxRequestBodyBytes = 160 * 1024 * 1024;

/** The whole body; rejects with 413 as soon as it passes the limit, without buffering the rest. */
export function readRequestBody(req: IncomingMessage, limitBytes = maxRequestBodyBytes): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > limitBytes) {
        req.off('data', onData);
        req.pause();
        reject(rejection.bodyTooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
