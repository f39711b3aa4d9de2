import type { Status } from '../../../shared/clarifai/status.ts';
import { statusCodeInfo } from '../../../shared/clarifai/statusCodes.ts';

/**
 * A `status` object as Clarifai writes it: the code, the description from the status-code table
 * (so every answer of this server uses Clarifai's words), and `details` only when there are some.
 */
export function wireStatus(code: number, details?: string, description?: string): Status {
  const status: Status = { code, description: description ?? statusCodeInfo(code)?.description ?? 'Failure' };
  if (details) status.details = details;
  return status;
}
