import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../../../electron/main/net/rateLimiter.ts';

describe('the endpoint rate limiter', () => {
  it('lets a burst go at once, then one request per 1/rate, in the order they asked', async () => {
    const limiter = new RateLimiter({ rateLimitPerSecond: 100, burst: 3 });
    const started = performance.now();
    const order: number[] = [];
    const at: number[] = [];
    await Promise.all(
      Array.from({ length: 13 }, (_, index) =>
        limiter.acquire().then(() => {
          order.push(index);
          at.push(performance.now() - started);
        }),
      ),
    );
    expect(order).toEqual([...Array(13).keys()]);
    // Three at once, then ten more at 100/s: the last one no earlier than 100 ms.
    expect(at.slice(0, 3).every((ms) => ms < 50)).toBe(true);
    expect(at.at(-1)!).toBeGreaterThanOrEqual(95);
  });

  it('an aborted wait gives up with the caller’s reason; new pacing applies to later requests', async () => {
    const limiter = new RateLimiter({ rateLimitPerSecond: 1, burst: 1 });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('closing'));
    await expect(waiting).rejects.toThrow();
    limiter.configure({ rateLimitPerSecond: 1000, burst: 5 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 5 }, () => limiter.acquire()));
    expect(performance.now() - started).toBeLessThan(500);
  });
});
