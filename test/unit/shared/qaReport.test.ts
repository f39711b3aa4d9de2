import { describe, expect, it } from 'vitest';
import { buildQaReport, csvCell, qaReportCsv } from '../../../shared/qaReport.ts';
import { applyReviewOp, type ReviewOp } from '../../../shared/reviewOps.ts';
import type { ReviewState } from '../../../shared/review.ts';
import { predictedRegion } from '../../support/reviewFixtures.ts';

function reviewed(state: ReviewState, ops: ReviewOp[]): ReviewState {
  return ops.reduce((current, op) => applyReviewOp(current, op).state, state);
}

const base = (modelId: string, regions: ReviewState['regions']): ReviewState => ({
  outputId: `out-${modelId}`,
  inputId: 'in',
  modelId,
  imageConcepts: [],
  regions,
});

describe('QA report', () => {
  // A scripted review, counted by hand below.
  const logo = reviewed(
    base('logo', [
      predictedRegion('a', { top: 0, left: 0, bottom: 0.5, right: 0.5 }, 'Norda', 0.95),
      predictedRegion('b', { top: 0.5, left: 0.5, bottom: 1, right: 1 }, 'Norda', 0.85),
      predictedRegion('c', { top: 0.1, left: 0.1, bottom: 0.2, right: 0.2 }, 'Vexa', 0.35),
      predictedRegion('d', { top: 0.3, left: 0.3, bottom: 0.4, right: 0.4 }, 'Vexa', 0.55),
    ]),
    [
      { type: 'confirm', keys: ['a'] },
      { type: 'setBox', key: 'b', box: { top: 0.5, left: 0.5, bottom: 1, right: 0.75 } },
      { type: 'remove', keys: ['c'] },
      { type: 'addRegion', key: 'n', box: { top: 0.6, left: 0.1, bottom: 0.7, right: 0.2 }, concepts: [] },
    ],
  );
  const faces = reviewed(
    base('face', [
      predictedRegion('f1', { top: 0, left: 0, bottom: 0.2, right: 0.2 }, 'face', 0.99),
      predictedRegion('f2', { top: 0.4, left: 0.4, bottom: 0.6, right: 0.6 }, 'face', 0.15),
    ]),
    [
      { type: 'confirm', keys: ['f1'] },
      { type: 'remove', keys: ['f2'] },
    ],
  );
  const report = buildQaReport([
    { state: logo, reviewer: 'ana' },
    { state: faces, reviewer: 'bo' },
  ]);

  it('counts verdicts and estimates precision and recall', () => {
    // accurate a, f1 · misplaced b · false positive c, f2 · not detected n · unreviewed d
    expect(report.total).toMatchObject({
      accurate: 2,
      misplaced: 1,
      false_positive: 2,
      not_detected: 1,
      unreviewed: 1,
      precision: 3 / 5,
      recall: 3 / 4,
    });
    // Wilson 95 % for 3 of 5, computed by hand (docs/qa-estimates.md): 0.2307 … 0.8824.
    expect(report.total.precisionInterval!.low).toBeCloseTo(0.2307, 4);
    expect(report.total.precisionInterval!.high).toBeCloseTo(0.8824, 4);
    expect(report.byModel.map((group) => [group.key, group.counts.precision, group.counts.recall])).toEqual([
      ['face', 1 / 2, 1],
      ['logo', 2 / 3, 2 / 3],
    ]);
    expect(
      report.byReviewer.map((group) => [group.key, group.counts.accurate + group.counts.misplaced]),
    ).toEqual([
      ['ana', 2],
      ['bo', 1],
    ]);
    const norda = report.byConcept.find((group) => group.key === 'Norda')!;
    expect([norda.counts.accurate, norda.counts.misplaced]).toEqual([1, 1]);
  });

  it('counts a relabelled region as reviewed, under its true label', () => {
    const relabelled = reviewed(
      base('logo', [predictedRegion('r', { top: 0, left: 0, bottom: 0.5, right: 0.5 }, 'Vexa', 0.8)]),
      [
        {
          type: 'setConcept',
          target: { region: 'r' },
          concept: { id: 'Vexa', name: 'Vexa' },
          judgement: 'false',
        },
        {
          type: 'setConcept',
          target: { region: 'r' },
          concept: { id: 'brand_omberlin', name: 'Omberlin' },
          judgement: 'true',
        },
      ],
    );
    const one = buildQaReport([{ state: relabelled, reviewer: 'ana' }]);
    expect([one.total.accurate, one.total.unreviewed]).toEqual([1, 0]);
    expect(one.byConcept.map((group) => group.key)).toEqual(['Omberlin']);
  });

  it('buckets by confidence and draws precision against it', () => {
    const bucket = (key: string) => report.byConfidence.find((group) => group.key === key)!.counts;
    expect(bucket('0.9–1.0')).toMatchObject({ accurate: 2 });
    expect(bucket('0.1–0.2')).toMatchObject({ false_positive: 1 });
    expect(report.precisionCurve[0]).toEqual({ threshold: 0, precision: 3 / 5, regions: 5 });
    expect(report.precisionCurve[5]).toEqual({ threshold: 0.5, precision: 1, regions: 3 });
  });

  it('reports the IoU of corrected boxes', () => {
    // b: predicted 0.5×0.5, corrected 0.5×0.25 inside it → IoU 0.5.
    expect(report.meanCorrectedIou).toBeCloseTo(0.5);
    expect(report.iouHistogram.find((bin) => bin.count > 0)).toEqual({ from: 0.5, to: 0.6, count: 1 });
  });

  it('exports CSV with one row per group and defused formulas', () => {
    const csv = qaReportCsv(report).trim().split('\n');
    expect(csv[0]).toBe(
      'group,key,accurate,misplaced,false_positive,not_detected,unreviewed,precision,precision_low,precision_high,recall',
    );
    expect(csv[1]).toMatch(/^total,all,2,1,2,1,1,0\.6,0\.2307\d*,0\.8823\d*,0\.75$/);
    expect(csv.filter((line) => line.startsWith('threshold,'))).toHaveLength(20);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a,b')).toBe('"a,b"');
  });
});
