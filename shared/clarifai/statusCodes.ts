/**
 * Clarifai's status codes (docs/clarifai-v2.md §6; numbers and names from the public
 * `status_code.proto`), with what each means for whoever sent the request:
 *
 * - `success` / `pending` — not failures (`pending` is a per-item state worth polling again);
 * - `retryable` — the same request may succeed later (throttling, busy model, server trouble);
 * - `permanent` — this request will not succeed as sent; other requests may (bad body, unknown
 *   model, an image that cannot be downloaded);
 * - `needsPerson` — nothing will succeed until a person acts (key, scopes, quota): the outbox
 *   should pause rather than burn through its queue.
 *
 * The table covers every code of §6 plus the neighbours Loupe can meet on those endpoints.
 * Unknown codes are classified by range (98xxx internal issues) or by the HTTP status.
 */

export type StatusOutcome = 'success' | 'pending' | 'retryable' | 'permanent' | 'needsPerson';
/** The outcomes that describe a failure. */
export type FailureClass = Extract<StatusOutcome, 'retryable' | 'permanent' | 'needsPerson'>;

export interface StatusCodeInfo {
  code: number;
  name: string;
  description: string;
  /** The HTTP status Clarifai pairs with the code, where it pairs one. */
  httpStatus?: number;
  outcome: StatusOutcome;
}

const entry = (
  code: number,
  name: string,
  description: string,
  outcome: StatusOutcome,
  httpStatus?: number,
): StatusCodeInfo =>
  httpStatus === undefined
    ? { code, name, description, outcome }
    : { code, name, description, outcome, httpStatus };

export const statusCodeTable: readonly StatusCodeInfo[] = [
  entry(10000, 'SUCCESS', 'Ok', 'success', 200),
  entry(10010, 'MIXED_STATUS', 'Mixed Success', 'permanent', 207),
  entry(10020, 'FAILURE', 'Failure', 'permanent', 400),
  entry(10030, 'TRY_AGAIN', 'Try again', 'retryable', 503),
  entry(10040, 'NOT_IMPLEMENTED', 'Not implemented', 'permanent', 501),

  entry(11000, 'CONN_ACCOUNT_ISSUES', 'Account issues', 'needsPerson', 403),
  entry(11001, 'CONN_TOKEN_INVALID', 'Invalid token', 'needsPerson', 401),
  entry(11002, 'CONN_CREDENTIALS_INVALID', 'Invalid credentials', 'needsPerson', 401),
  entry(11003, 'CONN_EXCEED_HOURLY_LIMIT', 'Hourly limit exceeded', 'needsPerson', 429),
  entry(11004, 'CONN_EXCEED_MONTHLY_LIMIT', 'Monthly limit exceeded', 'needsPerson', 429),
  entry(11005, 'CONN_THROTTLED', 'Making too many requests', 'retryable', 429),
  entry(11006, 'CONN_EXCEEDS_LIMITS', 'Account limits exceeded', 'needsPerson', 429),
  entry(11007, 'CONN_INSUFFICIENT_SCOPES', 'API key has insufficient permissions', 'needsPerson', 403),
  entry(11008, 'CONN_KEY_INVALID', 'API key is invalid', 'needsPerson', 401),
  entry(11009, 'CONN_KEY_NOT_FOUND', 'API key not found', 'needsPerson', 401),
  entry(11100, 'CONN_BAD_REQUEST_FORMAT', 'Bad request format', 'permanent', 400),
  entry(11101, 'CONN_DOES_NOT_EXIST', 'Resource does not exist', 'permanent', 404),
  entry(11102, 'CONN_INVALID_REQUEST', 'Invalid request', 'permanent', 400),
  entry(11103, 'CONN_METHOD_NOT_ALLOWED', 'Method not allowed', 'permanent', 405),
  entry(11104, 'CONN_NO_GDPR_CONSENT', 'No GDPR consent', 'needsPerson', 403),
  entry(11200, 'CONN_AUTH_METHOD_DISABLED', 'Authentication method is disabled', 'needsPerson', 403),

  entry(21100, 'MODEL_TRAINED', 'Model is trained and ready', 'success'),
  entry(21200, 'MODEL_DOES_NOT_EXIST', 'Model does not exist', 'permanent', 404),
  entry(21201, 'MODEL_PERMISSION_DENIED', 'Model permission denied', 'needsPerson', 403),
  entry(21202, 'MODEL_INVALID_ARGUMENT', 'Invalid model argument', 'permanent', 400),
  entry(21203, 'MODEL_INVALID_REQUEST', 'Invalid model request', 'permanent', 400),
  entry(21354, 'MODEL_BUSY_PLEASE_RETRY', 'Model is busy, please retry', 'retryable', 503),
  entry(21355, 'MODEL_LOADING', 'Model is loading', 'retryable', 503),

  // Annotation states (docs/clarifai-platform.md, "Status codes"): an annotation's own status, also
  // the per-item status of an annotations answer. Review states are states of an annotation that
  // exists, not failures of the request that set them.
  entry(24150, 'ANNOTATION_SUCCESS', 'Annotation success', 'success'),
  entry(24151, 'ANNOTATION_PENDING', 'Annotation pending', 'success'),
  entry(24152, 'ANNOTATION_FAILED', 'Annotation failed', 'permanent'),
  entry(24154, 'ANNOTATION_UNKNOWN_STATUS', 'Annotation unknown status', 'permanent'),
  entry(24155, 'ANNOTATION_INVALID_ARGUMENT', 'Invalid annotation argument', 'permanent', 400),
  entry(24156, 'ANNOTATION_PERMISSION_DENIED', 'Annotation permission denied', 'needsPerson', 403),
  entry(24157, 'ANNOTATION_AWAITING_REVIEW', 'Annotation awaiting review', 'success'),
  entry(24158, 'ANNOTATION_REVIEW_DENIED', 'Annotation review denied', 'success'),
  entry(24159, 'ANNOTATION_AWAITING_CONSENSUS_REVIEW', 'Annotation awaiting consensus review', 'success'),
  entry(24250, 'ANNOTATION_MODIFY_SUCCESS', 'Annotation modified', 'success'),
  entry(24251, 'ANNOTATION_MODIFY_PENDING', 'Annotation modification pending', 'pending'),
  entry(24252, 'ANNOTATION_MODIFY_FAILED', 'Annotation modification failed', 'permanent'),

  entry(30000, 'INPUT_SUCCESS', 'Download complete', 'success'),
  entry(30001, 'INPUT_PENDING', 'Download pending', 'pending'),
  entry(30002, 'INPUT_FAILED', 'Download failed', 'permanent'),
  entry(30003, 'INPUT_IN_PROGRESS', 'Download in progress', 'pending'),
  entry(30100, 'INPUT_DUPLICATE', 'Input already exists', 'permanent'),
  entry(30101, 'INPUT_UNSUPPORTED_FORMAT', 'Unsupported input format', 'permanent', 400),
  entry(30102, 'INPUT_DOES_NOT_EXIST', 'Input does not exist', 'permanent', 404),
  entry(30103, 'INPUT_PERMISSION_DENIED', 'Input permission denied', 'needsPerson', 403),
  entry(30104, 'INPUT_INVALID_ARGUMENT', 'Invalid input argument', 'permanent', 400),
  entry(30105, 'INPUT_OVER_LIMIT', 'Input over limit', 'permanent', 400),
  entry(30106, 'INPUT_INVALID_URL', 'Invalid input URL', 'permanent', 400),

  entry(39997, 'REQUEST_DISABLED_FOR_MAINTENANCE', 'Request disabled for maintenance', 'retryable', 503),
  entry(40001, 'PREDICT_INVALID_REQUEST', 'Invalid predict request', 'permanent', 400),
  entry(40002, 'SEARCH_INVALID_REQUEST', 'Invalid search request', 'permanent', 400),
  entry(40030, 'RPC_REQUEST_QUEUE_FULL', 'Request queue full', 'retryable', 503),
  entry(40031, 'RPC_SERVER_UNAVAILABLE', 'Server unavailable', 'retryable', 503),
  entry(40032, 'RPC_REQUEST_TIMEOUT', 'Request timed out', 'retryable', 504),
  entry(40034, 'EXTERNAL_CONNECTION_ERROR', 'Could not connect to an external service', 'retryable', 502),
  entry(41000, 'QUEUE_CONN_ERROR', 'Servers are busy', 'retryable', 503),

  entry(98004, 'INTERNAL_SERVER_ISSUE', 'Internal server issue', 'retryable', 500),
  entry(98005, 'INTERNAL_FETCHING_ISSUE', 'Internal fetching issue', 'retryable', 500),
  entry(98006, 'INTERNAL_DATABASE_ISSUE', 'Internal database issue', 'retryable', 500),
  entry(98008, 'INTERNAL_CONTEXT_CANCELED', 'Internal context canceled', 'retryable', 500),
  entry(98009, 'INTERNAL_UNEXPECTED_TIMEOUT', 'Internal unexpected timeout', 'retryable', 500),
  entry(98010, 'INTERNAL_UNEXPECTED_V1', 'Internal unexpected v1 issue', 'retryable', 500),
  entry(98011, 'INTERNAL_UNEXPECTED_PANIC', 'Internal unexpected panic', 'retryable', 500),
  entry(98012, 'INTERNAL_UNEXPECTED_SPIRE', 'Internal unexpected spire issue', 'retryable', 500),
  entry(98013, 'INTERNAL_REDIS_UNAVAILABLE', 'Internal cache unavailable', 'retryable', 500),
  entry(98014, 'INTERNAL_RESOURCE_EXHAUSTED', 'Internal resource exhausted', 'retryable', 500),
  entry(99009, 'INTERNAL_UNCATEGORIZED', 'Internal uncategorized issue', 'retryable', 500),
];

const byCode = new Map(statusCodeTable.map((info) => [info.code, info]));
const byName = new Map(statusCodeTable.map((info) => [info.name, info]));

/** The 98xxx block is "internal issues"; codes Clarifai adds there later are as retryable as the rest. */
const isInternalRange = (code: number) => code >= 98000 && code <= 98999;

/** Generic codes that say nothing beyond "it failed": the HTTP status decides. */
const genericFailureCodes: ReadonlySet<number> = new Set([0, 10020]);

/**
 * A status code as it may arrive (a number, or its enum name as in the rate-limit docs'
 * `"CONN_THROTTLED"`, or a number in a string) → the number, or undefined when unknown.
 */
export function statusCodeNumber(code: number | string | undefined): number | undefined {
  if (typeof code === 'number') return Number.isInteger(code) ? code : undefined;
  if (typeof code !== 'string') return undefined;
  if (/^\d+$/.test(code)) return Number(code);
  return byName.get(code)?.code;
}

export function statusCodeInfo(code: number | string | undefined): StatusCodeInfo | undefined {
  const number = statusCodeNumber(code);
  return number === undefined ? undefined : byCode.get(number);
}

export function statusCodeName(code: number | string | undefined): string | undefined {
  return statusCodeInfo(code)?.name;
}

/** The outcome of a code, including codes of the internal range that the table does not list. */
export function statusOutcome(code: number | string | undefined): StatusOutcome | undefined {
  const number = statusCodeNumber(code);
  if (number === undefined) return undefined;
  const info = byCode.get(number);
  if (info) return info.outcome;
  return isInternalRange(number) ? 'retryable' : undefined;
}

export interface FailureFacts {
  /** The request never got an HTTP answer. */
  transport?: 'network' | 'timeout';
  httpStatus?: number;
  /** The Clarifai status code of the body, when there was one. */
  code?: number | string;
}

/**
 * What a failed request means for whoever retries it. A specific Clarifai code wins over the
 * HTTP status (a 429 with 11004 is a quota, not a throttle); without one the HTTP status decides:
 * network errors, timeouts, 408, 429 and 5xx are retryable; 401/403 need a person; any other
 * answer is permanent.
 */
export function classifyFailure(facts: FailureFacts): FailureClass {
  if (facts.transport) return 'retryable';
  const code = statusCodeNumber(facts.code);
  if (code !== undefined && !genericFailureCodes.has(code)) {
    const outcome = statusOutcome(code);
    if (outcome === 'retryable' || outcome === 'permanent' || outcome === 'needsPerson') return outcome;
  }
  const http = facts.httpStatus;
  if (http === undefined) return 'permanent';
  if (http === 401 || http === 403) return 'needsPerson';
  if (http === 408 || http === 429 || http >= 500) return 'retryable';
  return 'permanent';
}
