import { describe, expect, it } from 'vitest';
import {
  classifyFailure,
  statusCodeInfo,
  statusCodeName,
  statusCodeNumber,
  statusCodeTable,
  statusOutcome,
  type StatusOutcome,
} from '../../../../shared/clarifai/statusCodes.ts';

/**
 * Every code of the table with the outcome docs/clarifai-v2.md §6 gives it, written out here so a
 * change to the table has to be a change to this list too.
 */
const expected: Record<number, [name: string, outcome: StatusOutcome]> = {
  10000: ['SUCCESS', 'success'],
  10010: ['MIXED_STATUS', 'permanent'],
  10020: ['FAILURE', 'permanent'],
  10030: ['TRY_AGAIN', 'retryable'],
  10040: ['NOT_IMPLEMENTED', 'permanent'],
  11000: ['CONN_ACCOUNT_ISSUES', 'needsPerson'],
  11001: ['CONN_TOKEN_INVALID', 'needsPerson'],
  11002: ['CONN_CREDENTIALS_INVALID', 'needsPerson'],
  11003: ['CONN_EXCEED_HOURLY_LIMIT', 'needsPerson'],
  11004: ['CONN_EXCEED_MONTHLY_LIMIT', 'needsPerson'],
  11005: ['CONN_THROTTLED', 'retryable'],
  11006: ['CONN_EXCEEDS_LIMITS', 'needsPerson'],
  11007: ['CONN_INSUFFICIENT_SCOPES', 'needsPerson'],
  11008: ['CONN_KEY_INVALID', 'needsPerson'],
  11009: ['CONN_KEY_NOT_FOUND', 'needsPerson'],
  11100: ['CONN_BAD_REQUEST_FORMAT', 'permanent'],
  11101: ['CONN_DOES_NOT_EXIST', 'permanent'],
  11102: ['CONN_INVALID_REQUEST', 'permanent'],
  11103: ['CONN_METHOD_NOT_ALLOWED', 'permanent'],
  11104: ['CONN_NO_GDPR_CONSENT', 'needsPerson'],
  11200: ['CONN_AUTH_METHOD_DISABLED', 'needsPerson'],
  21100: ['MODEL_TRAINED', 'success'],
  21200: ['MODEL_DOES_NOT_EXIST', 'permanent'],
  21201: ['MODEL_PERMISSION_DENIED', 'needsPerson'],
  21202: ['MODEL_INVALID_ARGUMENT', 'permanent'],
  21203: ['MODEL_INVALID_REQUEST', 'permanent'],
  21354: ['MODEL_BUSY_PLEASE_RETRY', 'retryable'],
  21355: ['MODEL_LOADING', 'retryable'],
  24150: ['ANNOTATION_SUCCESS', 'success'],
  24151: ['ANNOTATION_PENDING', 'success'],
  24152: ['ANNOTATION_FAILED', 'permanent'],
  24154: ['ANNOTATION_UNKNOWN_STATUS', 'permanent'],
  24155: ['ANNOTATION_INVALID_ARGUMENT', 'permanent'],
  24156: ['ANNOTATION_PERMISSION_DENIED', 'needsPerson'],
  24157: ['ANNOTATION_AWAITING_REVIEW', 'success'],
  24158: ['ANNOTATION_REVIEW_DENIED', 'success'],
  24159: ['ANNOTATION_AWAITING_CONSENSUS_REVIEW', 'success'],
  24250: ['ANNOTATION_MODIFY_SUCCESS', 'success'],
  24251: ['ANNOTATION_MODIFY_PENDING', 'pending'],
  24252: ['ANNOTATION_MODIFY_FAILED', 'permanent'],
  30000: ['INPUT_SUCCESS', 'success'],
  30001: ['INPUT_PENDING', 'pending'],
  30002: ['INPUT_FAILED', 'permanent'],
  30003: ['INPUT_IN_PROGRESS', 'pending'],
  30100: ['INPUT_DUPLICATE', 'permanent'],
  30101: ['INPUT_UNSUPPORTED_FORMAT', 'permanent'],
  30102: ['INPUT_DOES_NOT_EXIST', 'permanent'],
  30103: ['INPUT_PERMISSION_DENIED', 'needsPerson'],
  30104: ['INPUT_INVALID_ARGUMENT', 'permanent'],
  30105: ['INPUT_OVER_LIMIT', 'permanent'],
  30106: ['INPUT_INVALID_URL', 'permanent'],
  39997: ['REQUEST_DISABLED_FOR_MAINTENANCE', 'retryable'],
  40001: ['PREDICT_INVALID_REQUEST', 'permanent'],
  40002: ['SEARCH_INVALID_REQUEST', 'permanent'],
  40030: ['RPC_REQUEST_QUEUE_FULL', 'retryable'],
  40031: ['RPC_SERVER_UNAVAILABLE', 'retryable'],
  40032: ['RPC_REQUEST_TIMEOUT', 'retryable'],
  40034: ['EXTERNAL_CONNECTION_ERROR', 'retryable'],
  41000: ['QUEUE_CONN_ERROR', 'retryable'],
  98004: ['INTERNAL_SERVER_ISSUE', 'retryable'],
  98005: ['INTERNAL_FETCHING_ISSUE', 'retryable'],
  98006: ['INTERNAL_DATABASE_ISSUE', 'retryable'],
  98008: ['INTERNAL_CONTEXT_CANCELED', 'retryable'],
  98009: ['INTERNAL_UNEXPECTED_TIMEOUT', 'retryable'],
  98010: ['INTERNAL_UNEXPECTED_V1', 'retryable'],
  98011: ['INTERNAL_UNEXPECTED_PANIC', 'retryable'],
  98012: ['INTERNAL_UNEXPECTED_SPIRE', 'retryable'],
  98013: ['INTERNAL_REDIS_UNAVAILABLE', 'retryable'],
  98014: ['INTERNAL_RESOURCE_EXHAUSTED', 'retryable'],
  99009: ['INTERNAL_UNCATEGORIZED', 'retryable'],
};

const failureOf = (outcome: StatusOutcome) =>
  outcome === 'success' || outcome === 'pending' ? undefined : outcome;

describe('status code table', () => {
  it('lists exactly the expected codes, each once', () => {
    const codes = statusCodeTable.map((info) => info.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.toSorted((a, b) => a - b)).toEqual(Object.keys(expected).map(Number));
    expect(new Set(statusCodeTable.map((info) => info.name)).size).toBe(codes.length);
  });

  it('covers every code of docs/clarifai-v2.md §6', () => {
    const section6 = [
      10000, 10010, 10020, 10030, 11005, 11003, 11004, 11007, 11008, 11009, 11100, 11101, 11102, 21200, 21201,
      21202, 21203, 21354, 21355, 30000, 30001, 30002, 30003, 30100, 40030, 40031, 40032, 41000, 99009,
    ];
    for (const code of section6) expect(statusCodeInfo(code), String(code)).toBeDefined();
    expect(statusCodeTable.some((info) => info.code >= 98000 && info.code <= 98999)).toBe(true);
  });

  it.each(Object.entries(expected).map(([code, [name, outcome]]) => [Number(code), name, outcome] as const))(
    '%i %s is %s',
    (code, name, outcome) => {
      expect(statusCodeName(code)).toBe(name);
      expect(statusCodeNumber(name)).toBe(code);
      expect(statusOutcome(code)).toBe(outcome);
      expect(statusOutcome(name)).toBe(outcome);
      expect(statusCodeInfo(code)?.description).toMatch(/\S/);
      const failure = failureOf(outcome);
      // A specific code decides whatever the HTTP status (10020 is generic: see below).
      if (failure && code !== 10020) {
        for (const httpStatus of [undefined, 200, 400, 500]) {
          expect(classifyFailure({ code, ...(httpStatus ? { httpStatus } : {}) })).toBe(failure);
        }
      }
    },
  );
});

describe('status code numbers and names', () => {
  it('reads a code sent as a number, a name or a number in a string', () => {
    expect(statusCodeNumber(11005)).toBe(11005);
    expect(statusCodeNumber('CONN_THROTTLED')).toBe(11005);
    expect(statusCodeNumber('11005')).toBe(11005);
  });

  it('does not invent codes', () => {
    expect(statusCodeNumber('NOT_A_CODE')).toBeUndefined();
    expect(statusCodeNumber(10000.5)).toBeUndefined();
    expect(statusCodeNumber(undefined)).toBeUndefined();
    expect(statusCodeInfo(12345)).toBeUndefined();
  });

  it('treats the whole 98xxx internal range as retryable, listed or not', () => {
    expect(statusCodeInfo(98999)).toBeUndefined();
    expect(statusOutcome(98999)).toBe('retryable');
    expect(statusOutcome(98000)).toBe('retryable');
    expect(classifyFailure({ code: 98777, httpStatus: 400 })).toBe('retryable');
    expect(statusOutcome(97999)).toBeUndefined();
  });
});

describe('classifyFailure: HTTP status and transport', () => {
  it.each([
    [{ transport: 'network' }, 'retryable'],
    [{ transport: 'timeout' }, 'retryable'],
    [{ transport: 'network', httpStatus: 401 }, 'retryable'],
    [{ httpStatus: 408 }, 'retryable'],
    [{ httpStatus: 429 }, 'retryable'],
    [{ httpStatus: 500 }, 'retryable'],
    [{ httpStatus: 502 }, 'retryable'],
    [{ httpStatus: 503 }, 'retryable'],
    [{ httpStatus: 504 }, 'retryable'],
    [{ httpStatus: 401 }, 'needsPerson'],
    [{ httpStatus: 403 }, 'needsPerson'],
    [{ httpStatus: 400 }, 'permanent'],
    [{ httpStatus: 404 }, 'permanent'],
    [{ httpStatus: 405 }, 'permanent'],
    [{ httpStatus: 413 }, 'permanent'],
    [{ httpStatus: 422 }, 'permanent'],
    [{ httpStatus: 200, code: 12345 }, 'permanent'],
    [{}, 'permanent'],
  ] as const)('%j → %s', (facts, failureClass) => {
    expect(classifyFailure(facts)).toBe(failureClass);
  });

  it('lets a specific code win over the HTTP status, and the HTTP status decide for generic codes', () => {
    expect(classifyFailure({ httpStatus: 429, code: 11005 })).toBe('retryable');
    expect(classifyFailure({ httpStatus: 429, code: 11004 })).toBe('needsPerson');
    expect(classifyFailure({ httpStatus: 200, code: 'CONN_THROTTLED' })).toBe('retryable');
    expect(classifyFailure({ httpStatus: 404, code: 21200 })).toBe('permanent');
    expect(classifyFailure({ httpStatus: 401, code: 11008 })).toBe('needsPerson');
    expect(classifyFailure({ httpStatus: 400, code: 10020 })).toBe('permanent');
    expect(classifyFailure({ httpStatus: 503, code: 10020 })).toBe('retryable');
    expect(classifyFailure({ httpStatus: 403, code: 10020 })).toBe('needsPerson');
    expect(classifyFailure({ httpStatus: 500, code: 10000 })).toBe('retryable');
    expect(classifyFailure({ httpStatus: 418, code: 'SOMETHING_NEW' })).toBe('permanent');
  });
});
