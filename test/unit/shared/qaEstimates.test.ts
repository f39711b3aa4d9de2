import { describe, expect, it } from 'vitest';
import { BACKGROUND, buildQaEstimates, wilson } from '../../../shared/qaEstimates.ts';
import { applyReviewOp, type ReviewOp } from '../../../shared/reviewOps.ts';
import type { ReviewState } from '../../../shared/review.ts';
import { predictedRegion } from '../../support/reviewFixtures.ts';

// Every expected value below was computed by hand from the formulas in docs/qa-estimates.md.
describe('QA estimates', () => {
  it('Wilson intervals', () => {
    expect(wilson(0, 0)).toBeNull();
    const three = wilson(3, 5)!;
    expect([three.estimate, three.low, three.high, three.n]).toEqual([
      0.6,
      expect.any(Number),
      expect.any(Number),
      5,
    ]);
    expect(three.low).toBeCloseTo(0.230725, 5);
    expect(three.high).toBeCloseTo(0.882381, 5);
    // None of ten: the interval still has width (0 … 0.2775), unlike p ± z·se.
    const none = wilson(0, 10)!;
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.277535, 5);
    expect(wilson(1, 1)!.low).toBeCloseTo(0.206549, 5);
  });

  const box = { top: 0.1, left: 0.1, bottom: 0.2, right: 0.2 };
  const ops: ReviewOp[] = [
    { type: 'confirm', keys: ['r1'] },
    { type: 'relabel', region: 'r2', concept: { id: 'B', name: 'B' } },
    { type: 'setBox', key: 'r3', box: { top: 0.1, left: 0.1, bottom: 0.3, right: 0.3 } },
    { type: 'remove', keys: ['r4', 'r5'] },
    { type: 'addRegion', key: 'r6', box, concepts: [{ id: 'A', name: 'A', judgement: 'true' }] },
  ];
  const state = ops.reduce<ReviewState>((current, op) => applyReviewOp(current, op).state, {
    outputId: 'o',
    inputId: 'i',
    modelId: 'm',
    imageConcepts: [],
    regions: [
      predictedRegion('r1', box, 'A', 0.95),
      predictedRegion('r2', box, 'A', 0.85),
      predictedRegion('r3', box, 'A', 0.75),
      predictedRegion('r4', box, 'B', 0.65),
      predictedRegion('r5', box, 'A', 0.45),
      predictedRegion('r7', box, 'A', 0.3), // unreviewed: in no estimate
    ],
  } satisfies ReviewState);
  // Accurate r1, r2 (relabelled) · misplaced r3 · false positive r4, r5 · missed r6.
  const estimates = buildQaEstimates([state], { missesComplete: true, targetPrecision: 0.4 });

  it('strict and lenient precision, and recall', () => {
    expect(estimates.strictPrecision).toMatchObject({ estimate: 2 / 5, n: 5 });
    expect(estimates.lenientPrecision).toMatchObject({ estimate: 3 / 5, n: 5 });
    expect(estimates.recall).toMatchObject({ estimate: 3 / 4, n: 4 });
    expect(estimates.recallIsUpperBound).toBe(false);
    expect(buildQaEstimates([state]).recallIsUpperBound).toBe(true);
  });

  it('the threshold sweep and the recommended threshold', () => {
    const at = (t: number) => estimates.thresholds.find((point) => point.threshold === t)!;
    expect(estimates.thresholds).toHaveLength(20);
    expect(at(0.7)).toMatchObject({ recall: 3 / 4, kept: 3 / 5 });
    expect(at(0.7).precision!.estimate).toBe(1);
    expect(at(0.7).f1).toBeCloseTo(6 / 7, 10);
    expect(at(0.5)).toMatchObject({ recall: 3 / 4, kept: 4 / 5, f1: 0.75 });
    expect(at(0.9)).toMatchObject({ recall: 1 / 4, kept: 1 / 5 });
    expect(at(0.9).f1).toBeCloseTo(0.4, 10);
    // 3/3 at 0.70 has Wilson low 0.4385 ≥ 0.4; 3/4 at 0.65 has 0.3006.
    expect(estimates.recommended.threshold).toBe(0.7);
    expect(estimates.recommended.precision!.low).toBeCloseTo(0.438504, 5);
    expect(
      buildQaEstimates([state], { missesComplete: true, targetPrecision: 0.5 }).recommended.threshold,
    ).toBeNull();
  });

  it('the reliability diagram and the expected calibration error', () => {
    const bins = estimates.reliability.filter((bin) => bin.regions > 0);
    expect(bins.map((bin) => [bin.from, bin.precision, bin.meanConfidence])).toEqual([
      [0.4, 0, 0.45],
      [0.6, 0, 0.65],
      [0.7, 1, 0.75],
      [0.8, 1, 0.85],
      [0.9, 1, 0.95],
    ]);
    // (|1−.95| + |1−.85| + |1−.75| + |0−.65| + |0−.45|) / 5
    expect(estimates.expectedCalibrationError).toBeCloseTo(0.31, 10);
  });

  it('the confusion table: relabels, false positives and misses', () => {
    expect(estimates.confusion).toEqual([
      { predicted: 'A', corrected: 'A', count: 2 },
      { predicted: 'A', corrected: 'B', count: 1 },
      { predicted: 'A', corrected: BACKGROUND, count: 1 },
      { predicted: 'B', corrected: BACKGROUND, count: 1 },
      { predicted: BACKGROUND, corrected: 'A', count: 1 },
    ]);
  });
});
