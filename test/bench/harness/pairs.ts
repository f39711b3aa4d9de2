/** One measurement of one side: a duration, a rate, a footprint — whatever the rows report. */
export type Measure<T> = () => Promise<T>;

export interface Paired<T> {
  loupe: T[];
  reference: T[];
}

/**
 * Measures Loupe and its reference back to back, `samples` times, alternating which goes first
 * (ABBA…) so neither always runs on a warmer or cooler machine. Warm-up rounds are not kept.
 */
export async function measurePairs<T>(options: {
  samples: number;
  warmup?: number;
  loupe: Measure<T>;
  reference: Measure<T>;
}): Promise<Paired<T>> {
  const result: Paired<T> = { loupe: [], reference: [] };
  for (let round = -(options.warmup ?? 1); round < options.samples; round++) {
    const loupeFirst = round % 2 === 0;
    let loupe: T;
    let reference: T;
    if (loupeFirst) {
      loupe = await options.loupe();
      reference = await options.reference();
    } else {
      reference = await options.reference();
      loupe = await options.loupe();
    }
    if (round >= 0) {
      result.loupe.push(loupe);
      result.reference.push(reference);
    }
  }
  return result;
}

/** Mean milliseconds per call over `calls` calls in a row (one call is too short to time alone). */
export async function perCallMs(calls: number, call: () => unknown): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < calls; index++) await call();
  return (performance.now() - started) / calls;
}
