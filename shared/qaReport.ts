import { z } from 'zod';
import { iou } from './geometry.ts';
import { buildQaEstimates, intervalSchema, qaEstimatesSchema, wilson } from './qaEstimates.ts';
import {
  regionConfidence,
  regionVerdict,
  type ReviewState,
  type ReviewedRegion,
  type Verdict,
} from './review.ts';

/**
 * The QA report, computed from the reviewers' verdicts alone (no ground truth beyond them):
 * - precision ≈ (accurate + misplaced) / (accurate + misplaced + false_positive): of the regions
 *   the model predicted and a person judged, the share that exist;
 * - recall ≈ (accurate + misplaced) / (accurate + misplaced + not_detected): of the regions that
 *   exist, the share the model found;
 * - IoU of corrected boxes: how far misplaced boxes were from the truth.
 * Unreviewed predicted regions are counted apart and enter neither estimate.
 */

export const verdictCountsSchema = z.object({
  accurate: z.number().int(),
  misplaced: z.number().int(),
  false_positive: z.number().int(),
  not_detected: z.number().int(),
  unreviewed: z.number().int(),
  precision: z.number().nullable(),
  /** The precision's Wilson 95 % interval (docs/qa-estimates.md). */
  precisionInterval: intervalSchema.nullable(),
  recall: z.number().nullable(),
});
export type VerdictCounts = z.infer<typeof verdictCountsSchema>;

const groupSchema = z.object({ key: z.string(), counts: verdictCountsSchema });

export const qaReportSchema = z.object({
  reviews: z.number().int(),
  total: verdictCountsSchema,
  byModel: z.array(groupSchema),
  byConcept: z.array(groupSchema),
  byReviewer: z.array(groupSchema),
  /** Ten buckets of the model's confidence: [0,0.1), …, [0.9,1]. */
  byConfidence: z.array(groupSchema),
  /** Precision of the regions at or above each threshold (0, 0.1, …, 0.9). */
  precisionCurve: z.array(
    z.object({ threshold: z.number(), precision: z.number().nullable(), regions: z.number().int() }),
  ),
  /** Histogram of IoU(predicted, corrected) for misplaced regions, ten bins over [0,1]. */
  iouHistogram: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int() })),
  meanCorrectedIou: z.number().nullable(),
  /** Precision and recall with intervals, the threshold sweep, calibration, the confusion table. */
  estimates: qaEstimatesSchema,
  /**
   * Verdicts carried across model versions (docs/qa-estimates.md): of the predicted regions
   * counted, how many started with a carried verdict; of those, how many a reviewer looked at
   * (edited, or confirmed with V) and how many of these ended with another verdict.
   */
  carried: z.object({
    predicted: z.number().int(),
    carried: z.number().int(),
    confirmed: z.number().int(),
    changed: z.number().int(),
    /** changed / confirmed, with its Wilson 95 % interval. */
    changeRate: intervalSchema.nullable(),
  }),
});
export type QaReport = z.infer<typeof qaReportSchema>;

export interface ReviewForReport {
  state: ReviewState;
  /** Who last edited the review (from the journal); '' when nobody did. */
  reviewer: string;
}

type Tally = Record<Verdict | 'unreviewed', number>;
const emptyTally = (): Tally => ({
  accurate: 0,
  misplaced: 0,
  false_positive: 0,
  not_detected: 0,
  unreviewed: 0,
});

function finish(tally: Tally): VerdictCounts {
  const found = tally.accurate + tally.misplaced;
  const ratio = (denominator: number) => (denominator > 0 ? found / denominator : null);
  return {
    ...tally,
    precision: ratio(found + tally.false_positive),
    precisionInterval: wilson(found, found + tally.false_positive),
    recall: ratio(found + tally.not_detected),
  };
}

/** The label a region is counted under: the concept judged true, else the model's top concept. */
export function regionLabel(region: ReviewedRegion): string {
  const concept = labelConcept(region);
  return concept ? concept.name || concept.id : '(no concept)';
}

/** The concept `regionLabel` names (its id is what Clarifai knows it by), if the region has one. */
export function labelConcept(region: ReviewedRegion): ReviewedRegion['concepts'][number] | undefined {
  const judgedTrue = region.concepts.find((concept) => concept.judgement === 'true');
  if (judgedTrue) return judgedTrue;
  let top: ReviewedRegion['concepts'][number] | undefined;
  for (const concept of region.concepts) {
    if (concept.judgement !== 'false' && (concept.predictedValue ?? -1) > (top?.predictedValue ?? -1))
      top = concept;
  }
  return top;
}

const bucketOf = (confidence: number) => Math.min(9, Math.floor(confidence * 10));

export interface QaReportOptions {
  /** Every review counted is submitted: its reviewer drew the image's misses. */
  missesComplete: boolean;
  /** The precision the recommended threshold must reach (default 0.9). */
  targetPrecision?: number;
}

export function buildQaReport(
  reviews: readonly ReviewForReport[],
  options: QaReportOptions = { missesComplete: false },
): QaReport {
  const total = emptyTally();
  const groups = {
    model: new Map<string, Tally>(),
    concept: new Map<string, Tally>(),
    reviewer: new Map<string, Tally>(),
  };
  const buckets = Array.from({ length: 10 }, emptyTally);
  const ious: number[] = [];
  const carried = { predicted: 0, carried: 0, confirmed: 0, changed: 0 };
  const add = (map: Map<string, Tally>, key: string, verdict: keyof Tally) => {
    const tally = map.get(key) ?? emptyTally();
    tally[verdict] += 1;
    map.set(key, tally);
  };

  for (const { state, reviewer } of reviews) {
    for (const region of state.regions) {
      if (region.source === 'reviewer' && region.removed) continue;
      const verdict: keyof Tally = regionVerdict(region) ?? 'unreviewed';
      total[verdict] += 1;
      if (region.source === 'predicted') carried.predicted++;
      if (region.carried) {
        carried.carried++;
        if (region.carried.confirmed) carried.confirmed++;
        if (verdict !== region.carried.verdict) carried.changed++;
      }
      add(groups.model, state.modelId, verdict);
      add(groups.concept, regionLabel(region), verdict);
      add(groups.reviewer, reviewer || '(unknown)', verdict);
      const confidence = regionConfidence(region);
      if (confidence !== undefined) buckets[bucketOf(confidence)]![verdict] += 1;
      if (verdict === 'misplaced' && region.predictedBox) ious.push(iou(region.predictedBox, region.box));
    }
  }

  const sorted = (map: Map<string, Tally>) =>
    [...map.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, tally]) => ({ key, counts: finish(tally) }));

  const precisionCurve = buckets.map((_, index) => {
    const above = emptyTally();
    for (const bucket of buckets.slice(index)) {
      for (const key of Object.keys(above) as (keyof Tally)[]) above[key] += bucket[key];
    }
    const judged = above.accurate + above.misplaced + above.false_positive;
    return { threshold: index / 10, precision: finish(above).precision, regions: judged };
  });

  const iouHistogram = Array.from({ length: 10 }, (_, index) => ({
    from: index / 10,
    to: (index + 1) / 10,
    count: ious.filter((value) => bucketOf(value) === index).length,
  }));

  return {
    reviews: reviews.length,
    total: finish(total),
    byModel: sorted(groups.model),
    byConcept: sorted(groups.concept),
    byReviewer: sorted(groups.reviewer),
    byConfidence: buckets.map((tally, index) => ({
      key: `${(index / 10).toFixed(1)}–${((index + 1) / 10).toFixed(1)}`,
      counts: finish(tally),
    })),
    precisionCurve,
    iouHistogram,
    meanCorrectedIou: ious.length > 0 ? ious.reduce((sum, value) => sum + value, 0) / ious.length : null,
    estimates: buildQaEstimates(
      reviews.map((review) => review.state),
      options,
    ),
    carried: { ...carried, changeRate: wilson(carried.changed, carried.confirmed) },
  };
}

/** The report as CSV: one row per group (model, concept, reviewer, confidence bucket). */
export function qaReportCsv(report: QaReport): string {
  const header = [
    'group',
    'key',
    'accurate',
    'misplaced',
    'false_positive',
    'not_detected',
    'unreviewed',
    'precision',
    'precision_low',
    'precision_high',
    'recall',
  ];
  const rows: (string | number | null)[][] = [];
  const push = (group: string, entries: { key: string; counts: VerdictCounts }[]) => {
    for (const { key, counts } of entries) {
      rows.push([
        group,
        key,
        counts.accurate,
        counts.misplaced,
        counts.false_positive,
        counts.not_detected,
        counts.unreviewed,
        counts.precision,
        counts.precisionInterval?.low ?? null,
        counts.precisionInterval?.high ?? null,
        counts.recall,
      ]);
    }
  };
  push('total', [{ key: 'all', counts: report.total }]);
  push('model', report.byModel);
  push('concept', report.byConcept);
  push('reviewer', report.byReviewer);
  push('confidence', report.byConfidence);
  // The threshold sweep, in the same columns: its key is the threshold.
  for (const point of report.estimates.thresholds) {
    rows.push([
      'threshold',
      point.threshold.toFixed(2),
      null,
      null,
      null,
      null,
      null,
      point.precision?.estimate ?? null,
      point.precision?.low ?? null,
      point.precision?.high ?? null,
      point.recall,
    ]);
  }
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

/**
 * One CSV cell (RFC 4180), safe to open in a spreadsheet and to read line by line. Numbers as
 * they are, null as empty. Text that a spreadsheet would run as a formula — starting with
 * = + - @, a tab, CR or LF (OWASP "CSV Injection") — gets a leading ' and is quoted; quotes are
 * doubled; a cell holding the separator is quoted. Line breaks inside text (CR, LF, U+0085,
 * U+2028, U+2029) become spaces, so every line of the file is one record and text from a
 * concept name or a file name can never start a line of its own.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const defused = /^[=+\-@\t\r\n]/.test(value) ? `'${value}` : value;
  const oneLine = defused.replace(/[\r\n\u0085\u2028\u2029]/g, ' ');
  return /[",]/.test(oneLine) || oneLine !== value ? `"${oneLine.replaceAll('"', '""')}"` : oneLine;
}
