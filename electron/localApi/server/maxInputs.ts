import { MAX_INPUTS_PER_CALL } from '../../../shared/clarifai/limits.ts';
import { rejection } from './apiError.ts';

/** Over 128 inputs is refused whole, with the count, before any input is looked at. */
export function checkInputCount(json: unknown, field: string): void {
  if (typeof json !== 'object' || json === null) return;
  const items = (json as Record<string, unknown>)[field];
  if (Array.isArray(items) && items.length > MAX_INPUTS_PER_CALL) {
    throw rejection.invalidRequest(
      `${field}: at most ${MAX_INPUTS_PER_CALL} ${field} per call, got ${items.length}; send them in batches`,
    );
  }
}
