import { setTimeout as sleep } from 'node:timers/promises';
import { TokenBucket } from '../../../shared/retryPolicy.ts';

export interface Pace {
  rateLimitPerSecond: number;
  /** Requests that may go at once after a quiet spell (the bucket's size). */
  burst: number;
}

/**
 * The one rate limit of the endpoint in use (docs/sync.md): every request the client makes —
 * predictions, feedback, each step of a platform delivery, listings — waits for its turn here, so
 * prediction and sync together keep to the documented rate instead of each spending its own.
 */
export class RateLimiter {
  #bucket: TokenBucket;
  readonly #now: () => number;

  constructor(pace: Pace, now: () => number = Date.now) {
    this.#now = now;
    this.#bucket = new TokenBucket(pace.rateLimitPerSecond, Math.max(1, pace.burst), now());
  }

  /** New pacing from settings, for the requests that ask from now on. */
  configure(pace: Pace): void {
    this.#bucket = new TokenBucket(pace.rateLimitPerSecond, Math.max(1, pace.burst), this.#now());
  }

  /**
   * Resolves when this request may go. The turn is reserved at the call, so callers go in the
   * order they asked and no wake-up lets one through early; an abort gives the turn up.
   */
  async acquire(signal?: AbortSignal): Promise<void> {
    const delay = this.#bucket.take(this.#now());
    if (delay > 0) await sleep(delay, undefined, signal ? { signal } : {});
  }
}
