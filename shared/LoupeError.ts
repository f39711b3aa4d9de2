import type { ErrorCode } from './result.ts';

/** An expected failure a handler reports to the caller; its code and message cross the contract. */
export class LoupeError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LoupeError';
    this.code = code;
  }
}
