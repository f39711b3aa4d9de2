import type { WireInput } from '../../../shared/clarifai/data.ts';
import type { StoredInput } from './inputRepo.ts';
import { wireStatus } from './wireStatus.ts';

/**
 * Clarifai echoed a base64 image as `base64: "dHJ1ZQ=="` (the base64 of "true"), not the image:
 * answers stay small and say only that the image was sent inline.
 */
export const base64Echo = 'dHJ1ZQ==';

export function wireImage(imageUrl: string | null): { url: string } | { base64: string } {
  return imageUrl === null ? { base64: base64Echo } : { url: imageUrl };
}

/** An input as the inputs endpoints and search hits answer it, with its processing status. */
export function toWireInput(input: StoredInput): WireInput {
  const data: NonNullable<WireInput['data']> = { image: wireImage(input.imageUrl) };
  if (input.concepts.length > 0) {
    data.concepts = input.concepts.map((concept) => ({ id: concept.id, value: concept.value ?? 1 }));
  }
  if (input.metadata) data.metadata = input.metadata;
  return {
    id: input.id,
    data,
    created_at: input.createdAt,
    status: wireStatus(
      input.statusCode,
      [input.statusDetails, input.metadataProblem].filter((part) => part).join('; ') || undefined,
    ),
  };
}
