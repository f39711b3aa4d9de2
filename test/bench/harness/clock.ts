import { performance } from 'node:perf_hooks';

/** Milliseconds `work` took, on the monotonic clock. */
export async function timeMs(work: () => unknown): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}
