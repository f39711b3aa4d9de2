import type { Status } from '../../../../shared/clarifai/status.ts';
import { statusCodeInfo } from '../../../../shared/clarifai/statusCodes.ts';

/**
 * A status as the platform paths answer it: the code by its enum name (the protobuf JSON
 * mapping; docs/clarifai-platform.md, "The embedded local API's platform"), Clarifai's
 * description, and `details` when there are some. A code without a name stays a number.
 */
export function namedStatus(code: number, details?: string | null): Status {
  const info = statusCodeInfo(code);
  const status: Status = { code: info?.name ?? code, description: info?.description ?? 'Failure' };
  if (details) status.details = details;
  return status;
}

/** Every `status.code` number in an answer → its name (answers of the v2 code reused here). */
export function nameStatusCodes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(nameStatusCodes);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([key, child]) => {
    if (key === 'status' && typeof child === 'object' && child !== null && !Array.isArray(child)) {
      const status = child as Record<string, unknown>;
      const code = status['code'];
      const name = typeof code === 'number' ? statusCodeInfo(code)?.name : undefined;
      return [key, name === undefined ? status : { ...status, code: name }];
    }
    return [key, nameStatusCodes(child)];
  });
  return Object.fromEntries(entries);
}
