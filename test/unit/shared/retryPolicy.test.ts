import { describe, expect, it } from 'vitest';
import { backoffDelayMs, TokenBucket } from '../../../shared/retryPolicy.ts';

describe('backoff', () => {
  it('grows exponentially up to the cap, with full jitter', () => {
    const options = { baseMs: 100, capMs: 1000 };
    expect([1, 2, 3, 4, 5, 10].map((attempt) => backoffDelayMs(attempt, options, () => 0.999999))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
    expect(backoffDelayMs(3, options, () => 0)).toBe(0);
  });

  it('never waits less than Retry-After', () => {
    expect(backoffDelayMs(1, { baseMs: 100, capMs: 1000 }, () => 0.5, 15_000)).toBe(15_000);
  });
});

describe('token bucket', () => {
  it('lets a burst through, then spaces requests at the rate', () => {
    const bucket = new TokenBucket(10, 2, 0);
    expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBe(100);
    expect(bucket.take(100)).toBe(100);
    expect(bucket.take(1000)).toBe(0);
  });
});
