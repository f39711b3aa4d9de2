import { randomBytes } from 'node:crypto';

/** A new id in Clarifai's style (32 hex digits): outputs, inputs, regions, searches. */
export function newClarifaiId(): string {
  return randomBytes(16).toString('hex');
}
