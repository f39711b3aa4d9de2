import { statusCodeInfo } from '../../../shared/clarifai/statusCodes.ts';

/**
 * A rejection of a whole request: the HTTP status and the Clarifai status code with `details` that
 * say exactly what was wrong. The server answers it as `{"status":{"code","description","details"}}`.
 */
export class ApiError extends Error {
  readonly httpStatus: number;
  readonly code: number;
  readonly details: string;
  readonly headers: Record<string, string>;

  constructor(
    code: number,
    details: string,
    options: { httpStatus?: number; headers?: Record<string, string> } = {},
  ) {
    super(details);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
    this.httpStatus = options.httpStatus ?? statusCodeInfo(code)?.httpStatus ?? 400;
    this.headers = options.headers ?? {};
  }
}

/** Clarifai's codes for the rejections this server makes, by what went wrong. */
export const rejection = {
  badJson: (details: string) => new ApiError(11100, details),
  invalidRequest: (details: string) => new ApiError(11102, details),
  keyMissingOrMalformed: (details: string) => new ApiError(11008, details),
  keyNotFound: () => new ApiError(11009, 'no key with this value exists on this server'),
  noSuchPath: (details: string) => new ApiError(11101, details),
  methodNotAllowed: (method: string, allowed: readonly string[]) =>
    new ApiError(11103, `${method} is not allowed here; use ${allowed.join(' or ')}`, {
      httpStatus: 405,
      headers: { Allow: allowed.join(', ') },
    }),
  noSuchModel: (details: string) => new ApiError(21200, details),
  noSuchInput: (inputId: string) => new ApiError(30102, `no input with id "${inputId}"`),
  forbidden: (details: string) => new ApiError(11102, details, { httpStatus: 403 }),
  bodyTooLarge: (limitBytes: number) =>
    new ApiError(11102, `the request body is over ${Math.round(limitBytes / 1024 / 1024)} MB`, {
      httpStatus: 413,
    }),
} as const;
