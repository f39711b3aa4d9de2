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
  const { loupe, reference } = await measureRounds({
    samples: options.samples,
    ...(options.warmup === undefined ? {} : { warmup: options.warmup }),
    sides: { loupe: options.loupe, reference: options.reference },
  });
  return { loupe, reference };
}

/**
 * Measures several sides back to back, `samples` rounds of one measurement each, the order turned
 * by one place every round (ABC, BCA, CAB…: with two sides, ABBA as measurePairs), so each side
 * goes first as often as the others; the i-th values of two sides are a pair for pairedRatios.
 * Warm-up rounds are not kept.
 */
export async function measureRounds<Name extends string, T>(options: {
  samples: number;
  warmup?: number;
  sides: Record<Name, Measure<T>>;
}): Promise<Record<Name, T[]>> {
  const names = Object.keys(options.sides) as Name[];
  const result = Object.fromEntries(names.map((name) => [name, [] as T[]])) as Record<Name, T[]>;
  for (let round = -(options.warmup ?? 1); round < options.samples; round++) {
    const start = ((round % names.length) + names.length) % names.length;
    const order = [...names.slice(start), ...names.slice(0, start)];
    const values = new Map<Name, T>();
    for (const name of order) values.set(name, await options.sides[name]());
    if (round >= 0) for (const name of names) result[name].push(values.get(name)!);
  }
  return result;
}

/** Mean milliseconds per call over `calls` calls in a row (one call is too short to time alone). */
export async function perCallMs(calls: number, call: () => unknown): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < calls; index++) await call();
  return (performance.now() - started) / calls;
}
