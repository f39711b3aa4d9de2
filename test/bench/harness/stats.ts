/** Median and spread of repeated measurements: what every figure of the benchmark report shows. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** The q-quantile (0…1) of `values`, linearly interpolated between the closest ranks. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('quantile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const lower = sorted[below]!;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return lower + (upper - lower) * (position - below);
}

export function summarize(values: readonly number[]): Summary {
  return {
    median: quantile(values, 0.5),
    min: Math.min(...values),
    max: Math.max(...values),
    n: values.length,
  };
}

/**
 * Ratios pair by pair (subject i ÷ reference i): each pair was measured back to back, so noise
 * that hits both (another job on the machine) cancels out of the ratio.
 */
export function pairedRatios(subject: readonly number[], reference: readonly number[]): number[] {
  if (subject.length !== reference.length) throw new RangeError('paired ratios need equal sample counts');
  return subject.map((value, index) => value / reference[index]!);
}
