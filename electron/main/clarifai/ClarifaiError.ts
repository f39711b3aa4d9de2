import { classifyFailure, statusCodeName, statusCodeNumber } from '../../../shared/clarifai/statusCodes.ts';

/**
 * The one error the Clarifai client throws. It carries everything a caller needs to decide what
 * to do — the outbox retries `retryable`, pauses on `needsPerson`, and shows the rest with the
 * server's code and description — and nothing secret: the API key never appears in it (the
 * client also strips the key from anything the server echoes back).
 *
 * - `no_key`: no API key is set, or the stored one cannot be used (`reason` says why); no
 *   request was made.
 * - `network`: no HTTP answer (refused, reset, DNS).
 * - `timeout`: no complete answer within the time limit.
 * - `http`: the server answered with an error — an HTTP error status, or a Clarifai error code
 *   in an otherwise successful answer (e.g. 11005 inside a 200).
 * - `invalid_response`: a success answer Loupe cannot read (cut short, not JSON, wrong shape).
 */
export type ClarifaiErrorKind = 'no_key' | 'network' | 'timeout' | 'http' | 'invalid_response';

export interface ClarifaiErrorFacts {
  kind: ClarifaiErrorKind;
  /** `POST /v2/...`: what was asked, for the message. */
  request: string;
  httpStatus?: number;
  /** The Clarifai status code as sent (number or enum name). */
  code?: number | string;
  description?: string;
  details?: string;
  retryAfterMs?: number;
  /** Overrides the classification (a cut-short body is retryable whatever its HTTP status). */
  retryable?: boolean;
  /** A short, key-free summary of the cause when there is no Clarifai status to show. */
  reason?: string;
  cause?: unknown;
}

export class ClarifaiError extends Error {
  readonly kind: ClarifaiErrorKind;
  readonly request: string;
  readonly httpStatus: number | undefined;
  /** The Clarifai status code as a number (names such as `"CONN_THROTTLED"` are resolved). */
  readonly code: number | undefined;
  /** The code's enum name, e.g. `MODEL_DOES_NOT_EXIST`. */
  readonly statusName: string | undefined;
  readonly description: string | undefined;
  readonly details: string | undefined;
  readonly retryable: boolean;
  readonly needsPerson: boolean;
  /** From `Retry-After` (delta seconds or HTTP date), when the server sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(facts: ClarifaiErrorFacts) {
    super(describe(facts), facts.cause === undefined ? undefined : { cause: facts.cause });
    this.name = 'ClarifaiError';
    this.kind = facts.kind;
    this.request = facts.request;
    this.httpStatus = facts.httpStatus;
    this.code = statusCodeNumber(facts.code);
    this.statusName = statusCodeName(facts.code) ?? (typeof facts.code === 'string' ? facts.code : undefined);
    this.description = facts.description;
    this.details = facts.details;
    this.retryAfterMs = facts.retryAfterMs;

    if (facts.kind === 'no_key') {
      this.retryable = false;
      this.needsPerson = true;
    } else {
      const failureClass = classifyFailure({
        ...(facts.kind === 'network' || facts.kind === 'timeout' ? { transport: facts.kind } : {}),
        ...(facts.httpStatus === undefined ? {} : { httpStatus: facts.httpStatus }),
        ...(facts.code === undefined ? {} : { code: facts.code }),
      });
      this.retryable = facts.retryable ?? failureClass === 'retryable';
      this.needsPerson = !this.retryable && failureClass === 'needsPerson';
    }
  }
}

function describe(facts: ClarifaiErrorFacts): string {
  const parts: string[] = [];
  if (facts.httpStatus !== undefined) parts.push(`HTTP ${facts.httpStatus}`);
  if (facts.code !== undefined) {
    const name = statusCodeName(facts.code);
    parts.push(name ? `${String(facts.code)} ${name}` : String(facts.code));
  }
  const text = [facts.description, facts.details, facts.reason].filter(Boolean).join(' — ');
  const head = {
    no_key: 'No usable API key is set for the Clarifai endpoint',
    network: 'The Clarifai endpoint could not be reached',
    timeout: 'The Clarifai endpoint did not answer in time',
    http: 'The Clarifai endpoint answered with an error',
    invalid_response: 'The Clarifai endpoint sent an answer Loupe cannot read',
  }[facts.kind];
  const status = parts.length > 0 ? ` (${parts.join(', ')})` : '';
  return `${head}${status} to ${facts.request}${text ? `: ${text}` : ''}`;
}
