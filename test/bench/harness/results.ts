import type { Summary } from './stats.ts';

/**
 * A target on one row: on the ratio to the row's reference (same run), or on the absolute value
 * where the brief sets an absolute budget (memory). `atMost` for costs, `atLeast` for rates.
 */
export interface Target {
  on: 'ratio' | 'value';
  atMost?: number;
  atLeast?: number;
}

export interface Row {
  case: string;
  metric: string;
  unit: string;
  /** Loupe, measured `n` times. */
  loupe: Summary;
  /** What Loupe is compared with, measured in the same run, interleaved with Loupe. */
  reference?: { name: string; value: Summary };
  /** Loupe ÷ reference, pair by pair; reference ÷ Loupe when `peer`. */
  ratio?: Summary;
  /**
   * The reference is a peer (another tool doing the same job), not a floor or ceiling: the ratio
   * is peer ÷ Loupe (above 1: the peer is slower), and the row is a comparison, never a target.
   */
  peer?: true;
  target?: Target;
  /** The target is met by the median; undefined when the row has no target. */
  met?: boolean;
  note?: string;
}

export interface BenchmarkResult {
  name: string;
  title: string;
  /** What the references are (the floor or ceiling of each row), for the report's reader. */
  references: string;
  startedAt: string;
  durationMs: number;
  /** The machine's 1-minute load average around the run: how noisy it was (2 cores here). */
  load: { before: number; after: number };
  rows: Row[];
  /** What the figures showed beyond the table: causes found with their evidence. */
  findings: string[];
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  chromium: string;
}

export interface Report {
  /** When the newest of the benchmarks below ran. */
  date: string;
  machine: Machine;
  benchmarks: Record<string, BenchmarkResult>;
}

/** Whether the median meets the target (ratio or absolute value). */
export function meets(row: Omit<Row, 'met'>): boolean | undefined {
  const { target } = row;
  if (!target) return undefined;
  const value = target.on === 'ratio' ? row.ratio?.median : row.loupe.median;
  if (value === undefined) return undefined;
  return (
    (target.atMost === undefined || value <= target.atMost) &&
    (target.atLeast === undefined || value >= target.atLeast)
  );
}

export function row(fields: Omit<Row, 'met'>): Row {
  const met = meets(fields);
  return met === undefined ? fields : { ...fields, met };
}
