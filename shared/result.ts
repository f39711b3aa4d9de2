import { z } from 'zod';

/**
 * The closed set of error codes a contract command can answer with. Only an error's code and
 * message cross the process boundary (Electron's `invoke` keeps nothing else of a thrown error),
 * so every failure is turned into one of these on the main side.
 */
export const errorCodes = [
  'invalid_input', // the payload failed the command's input schema; the message names the field
  'unknown_command', // the name is not in the contract table
  'unauthorized', // transport refused the caller (token, origin, sender frame)
  'not_found', // the thing the command refers to does not exist
  'conflict', // the command cannot apply to the current state
  'storage', // a local file (settings, workspace) cannot be read or written
  'remote', // the configured endpoint answered with an error
  'unavailable', // the endpoint or a service cannot be reached right now
  'internal', // a bug: a handler threw or produced output the contract does not allow
] as const;

export const errorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const contractErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
});
export type ContractError = z.infer<typeof contractErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/**
 * Turns zod issues into one line that names each offending field by its path. The line never
 * quotes the value it judged (a file's content, a request's): zod's own messages name only types
 * and limits, except for unrecognized keys, which it quotes; only plain field names among them are named,
 * the rest counted, and a path
 * segment that is not a plain field name (a record key the sender chose) is elided.
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length > 0 ? issue.path.map(pathSegment).join('.') : '(payload)';
      const message = issue.code === 'unrecognized_keys' ? unrecognized(issue.keys) : issue.message;
      return `${path}: ${message}`;
    })
    .join('; ');
}

/** Plain field names are named (a client's typo, `end_user_i_d`); anything else is counted. */
function unrecognized(keys: readonly string[]): string {
  const named = keys.filter((key) => fieldName.test(key));
  const others = keys.length - named.length;
  const parts = [
    ...(named.length > 0
      ? [`Unrecognized key${named.length > 1 ? 's' : ''}: ${named.map((key) => `"${key}"`).join(', ')}`]
      : []),
    ...(others > 0 ? [`${others === 1 ? 'a key' : `${others} keys`} this schema does not allow`] : []),
  ];
  return parts.join('; ');
}

const fieldName = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;

function pathSegment(segment: PropertyKey): string {
  if (typeof segment === 'number') return String(segment);
  return typeof segment === 'string' && fieldName.test(segment) ? segment : '[…]';
}
