import { z } from 'zod';
import { regionConfidence, regionVerdict, type ReviewState, type ReviewedRegion } from './review.ts';

/**
 * Estimates with error bars from reviewers' verdicts (docs/qa-estimates.md has the formulas and
 * what each one assumes). Pure functions: the report, its exports and the tests share them.
 */

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959964;

export const intervalSchema = z.object({
  estimate: z.number(),
  low: z.number(),
  high: z.number(),
  /** Trials the proportion is of. */
  n: z.number().int(),
});
export type Interval = z.infer<typeof intervalSchema>;

/**
 * The Wilson score interval of a proportion k/n: unlike p ± z·√(p(1−p)/n) it stays inside [0, 1]
 * and keeps its coverage for small n and for p near 0 or 1 — the usual case for a good model.
 * Null when there are no trials.
 */
export function wilson(successes: number, trials: number, z = Z95): Interval | null {
  if (trials <= 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half), n: trials };
}

/** A region as the estimates see it: its verdict, the model's confidence, and its labels. */
interface Judged {
  verdict: ReturnType<typeof regionVerdict>;
  confidence: number | undefined;
  predicted: string;
  corrected: string;
}

export const thresholdPointSchema = z.object({
  threshold: z.number(),
  /** Lenient precision of the judged predicted regions at or above the threshold. */
  precision: intervalSchema.nullable(),
  /** Found at or above the threshold, of everything found plus the misses drawn. */
  recall: z.number().nullable(),
  f1: z.number().nullable(),
  /** Share of the judged predicted regions that the threshold keeps. */
  kept: z.number().nullable(),
});

export const reliabilityBinSchema = z.object({
  from: z.number(),
  to: z.number(),
  meanConfidence: z.number().nullable(),
  /** Observed (lenient) precision of the bin's judged regions. */
  precision: z.number().nullable(),
  regions: z.number().int(),
});

export const qaEstimatesSchema = z.object({
  /** Accurate only, of accurate + misplaced + false positive: a moved box counts as wrong. */
  strictPrecision: intervalSchema.nullable(),
  /** Accurate + misplaced, of those + false positive: the object is there, wherever the box was. */
  lenientPrecision: intervalSchema.nullable(),
  recall: intervalSchema.nullable(),
  /**
   * Whether every review counted is submitted, i.e. its reviewer drew the misses of the image. If
   * not, misses are undercounted and the recall is an upper bound.
   */
  recallIsUpperBound: z.boolean(),
  thresholds: z.array(thresholdPointSchema),
  /** The lowest threshold whose precision interval lies wholly at or above the target. */
  recommended: z
    .object({ target: z.number(), threshold: z.number().nullable(), precision: intervalSchema.nullable() })
    .strict(),
  reliability: z.array(reliabilityBinSchema),
  /** Expected calibration error: Σ (n_b / N) · |precision_b − mean confidence_b| over the bins. */
  expectedCalibrationError: z.number().nullable(),
  /** Predicted concept → corrected concept, "background" for false positives and misses. */
  confusion: z.array(z.object({ predicted: z.string(), corrected: z.string(), count: z.number().int() })),
});
export type QaEstimates = z.infer<typeof qaEstimatesSchema>;

export const BACKGROUND = 'background';
const thresholdStep = 0.05;

/** The model's label of a region: its top predicted concept. */
function predictedLabel(region: ReviewedRegion): string | undefined {
  let top: ReviewedRegion['concepts'][number] | undefined;
  for (const concept of region.concepts) {
    if (concept.predictedValue !== undefined && concept.predictedValue > (top?.predictedValue ?? -1))
      top = concept;
  }
  return top && (top.name || top.id);
}

/** The label a person gave it: the concept judged true, else the model's label left standing. */
function correctedLabel(region: ReviewedRegion): string | undefined {
  const judgedTrue = region.concepts.find((concept) => concept.judgement === 'true');
  if (judgedTrue) return judgedTrue.name || judgedTrue.id;
  return predictedLabel(region);
}

function judgedRegions(states: readonly ReviewState[]): Judged[] {
  const judged: Judged[] = [];
  for (const state of states) {
    for (const region of state.regions) {
      if (region.source === 'reviewer' && region.removed) continue;
      const verdict = regionVerdict(region);
      if (!verdict) continue;
      judged.push({
        verdict,
        confidence: regionConfidence(region),
        predicted: verdict === 'not_detected' ? BACKGROUND : (predictedLabel(region) ?? '(no concept)'),
        corrected: verdict === 'false_positive' ? BACKGROUND : (correctedLabel(region) ?? '(no concept)'),
      });
    }
  }
  return judged;
}

const isFound = (region: Judged) => region.verdict === 'accurate' || region.verdict === 'misplaced';
const isPredicted = (region: Judged) => region.verdict !== 'not_detected';

export function buildQaEstimates(
  states: readonly ReviewState[],
  options: { missesComplete: boolean; targetPrecision?: number } = { missesComplete: false },
): QaEstimates {
  const target = options.targetPrecision ?? 0.9;
  const regions = judgedRegions(states);
  const predicted = regions.filter(isPredicted);
  const found = predicted.filter(isFound).length;
  const accurate = predicted.filter((region) => region.verdict === 'accurate').length;
  const misses = regions.length - predicted.length;

  const thresholds = Array.from({ length: Math.round(1 / thresholdStep) }, (_, index) => {
    const threshold = Math.round(index * thresholdStep * 100) / 100;
    const kept = predicted.filter((region) => (region.confidence ?? 0) >= threshold);
    const keptFound = kept.filter(isFound).length;
    const precision = wilson(keptFound, kept.length);
    const recall = found + misses > 0 ? keptFound / (found + misses) : null;
    const f1 =
      precision && recall !== null && precision.estimate + recall > 0
        ? (2 * precision.estimate * recall) / (precision.estimate + recall)
        : null;
    return {
      threshold,
      precision,
      recall,
      f1,
      kept: predicted.length > 0 ? kept.length / predicted.length : null,
    };
  });
  const reaching = thresholds.find((point) => point.precision && point.precision.low >= target);

  const reliability = Array.from({ length: 10 }, (_, index) => {
    const from = index / 10;
    const to = (index + 1) / 10;
    const bin = predicted.filter(
      (region) =>
        region.confidence !== undefined &&
        region.confidence >= from &&
        (region.confidence < to || (index === 9 && region.confidence <= 1)),
    );
    const mean =
      bin.length > 0 ? bin.reduce((sum, region) => sum + region.confidence!, 0) / bin.length : null;
    return {
      from,
      to,
      meanConfidence: mean,
      precision: bin.length > 0 ? bin.filter(isFound).length / bin.length : null,
      regions: bin.length,
    };
  });
  const binned = reliability.reduce((sum, bin) => sum + bin.regions, 0);
  const expectedCalibrationError =
    binned > 0
      ? reliability.reduce(
          (sum, bin) =>
            bin.regions > 0
              ? sum + (bin.regions / binned) * Math.abs(bin.precision! - bin.meanConfidence!)
              : sum,
          0,
        )
      : null;

  const pairs = new Map<string, { predicted: string; corrected: string; count: number }>();
  for (const region of regions) {
    const key = JSON.stringify([region.predicted, region.corrected]);
    const pair = pairs.get(key) ?? { predicted: region.predicted, corrected: region.corrected, count: 0 };
    pair.count++;
    pairs.set(key, pair);
  }

  return {
    strictPrecision: wilson(accurate, predicted.length),
    lenientPrecision: wilson(found, predicted.length),
    recall: wilson(found, found + misses),
    recallIsUpperBound: !options.missesComplete,
    thresholds,
    recommended: {
      target,
      threshold: reaching?.threshold ?? null,
      precision: reaching?.precision ?? null,
    },
    reliability,
    expectedCalibrationError,
    confusion: [...pairs.values()].sort(
      (a, b) =>
        b.count - a.count || a.predicted.localeCompare(b.predicted) || a.corrected.localeCompare(b.corrected),
    ),
  };
}
