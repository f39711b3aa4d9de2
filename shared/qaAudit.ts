import { Z95 } from './qaEstimates.ts';
import { createRandom } from './random.ts';

/**
 * Audit by sampling (docs/qa-estimates.md, "Audit by sampling"): instead of reviewing every
 * region, draw a stratified random sample, review it in order, and stop when the population's
 * precision is known to the target half-width. Pure and seeded: the same population and seed give
 * the same sample, so an audit can be repeated.
 */

export interface AuditUnit {
  /** Identifies the region (prediction and region key, say). */
  id: string;
  /** The stratum it belongs to (a confidence band, optionally with its concept). */
  stratum: string;
}

/** Confidence bands of a fifth each: the strata of an audit by confidence. */
export function confidenceStratum(confidence: number | undefined, concept?: string): string {
  const band = confidence === undefined ? 'none' : Math.min(4, Math.floor(confidence * 5)).toString();
  return concept === undefined ? band : `${band}/${concept}`;
}

/**
 * The order in which to review the units: within each stratum a seeded random permutation, and
 * across strata proportional allocation kept at every prefix (the next unit comes from the stratum
 * furthest below its share N_h / N of the units drawn so far). Any prefix is then a stratified
 * sample, so the audit can stop after any verdict.
 */
export function auditOrder<T extends AuditUnit>(units: readonly T[], seed: number): T[] {
  const random = createRandom(seed);
  const strata = new Map<string, T[]>();
  for (const unit of [...units].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const members = strata.get(unit.stratum) ?? [];
    members.push(unit);
    strata.set(unit.stratum, members);
  }
  const queues = [...strata.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, members]) => ({ members: random.shuffle(members), taken: 0 }));
  const total = units.length;
  const order: T[] = [];
  for (let drawn = 0; drawn < total; drawn++) {
    let best: (typeof queues)[number] | undefined;
    let bestDeficit = -Infinity;
    for (const queue of queues) {
      if (queue.taken >= queue.members.length) continue;
      const deficit = ((drawn + 1) * queue.members.length) / total - queue.taken;
      if (deficit > bestDeficit) {
        best = queue;
        bestDeficit = deficit;
      }
    }
    order.push(best!.members[best!.taken++]!);
  }
  return order;
}

export interface StratumTally {
  /** Units in the stratum (the population). */
  size: number;
  /** Of them, judged so far. */
  judged: number;
  /** Of the judged, correct (accurate or misplaced: lenient precision). */
  correct: number;
}

export interface AuditEstimate {
  estimate: number | null;
  low: number | null;
  high: number | null;
  halfWidth: number | null;
  judged: number;
  /** Verdicts still needed to reach the target half-width at the current estimates. */
  remaining: number;
  /** The target is reached: the audit stops here. */
  done: boolean;
}

/**
 * The stratified estimate of the population's precision, p = Σ W_h p_h with W_h = N_h / N, and
 * its 95 % interval from Var = Σ W_h² p̃_h (1 − p̃_h) / n_h · (1 − n_h / N_h). p̃_h = (k_h + 1) /
 * (n_h + 2) in the variance (never zero for a stratum whose few verdicts all agree); strata
 * with no verdict yet count at p̃ = ½. The remaining count is the proportional-allocation sample
 * size for the target, n = n₀ / (1 + n₀ / N) with n₀ = z² Σ W_h p̃_h (1 − p̃_h) / h², less the
 * verdicts given.
 */
export function auditEstimate(
  strata: readonly StratumTally[],
  targetHalfWidth: number,
  z = Z95,
): AuditEstimate {
  const population = strata.reduce((sum, stratum) => sum + stratum.size, 0);
  const judged = strata.reduce((sum, stratum) => sum + stratum.judged, 0);
  let spread = 0;
  for (const stratum of strata) {
    const smoothed = (stratum.correct + 1) / (stratum.judged + 2);
    spread += (stratum.size / population) * smoothed * (1 - smoothed);
  }
  const n0 = (z * z * spread) / (targetHalfWidth * targetHalfWidth);
  const needed = Math.min(population, Math.ceil(n0 / (1 + n0 / population)));
  const covered = strata.every((stratum) => stratum.size === 0 || stratum.judged > 0);
  if (population === 0 || judged === 0 || !covered) {
    return {
      estimate: null,
      low: null,
      high: null,
      halfWidth: null,
      judged,
      remaining: Math.max(0, needed - judged),
      done: population > 0 && judged >= population,
    };
  }
  let estimate = 0;
  let variance = 0;
  for (const stratum of strata) {
    if (stratum.size === 0) continue;
    const weight = stratum.size / population;
    estimate += weight * (stratum.correct / stratum.judged);
    const smoothed = (stratum.correct + 1) / (stratum.judged + 2);
    const correction = 1 - stratum.judged / stratum.size;
    variance += ((weight * weight * smoothed * (1 - smoothed)) / stratum.judged) * correction;
  }
  const halfWidth = z * Math.sqrt(variance);
  const done = halfWidth <= targetHalfWidth;
  return {
    estimate,
    low: Math.max(0, estimate - halfWidth),
    high: Math.min(1, estimate + halfWidth),
    halfWidth,
    judged,
    remaining: done ? 0 : Math.max(1, needed - judged),
    done,
  };
}
