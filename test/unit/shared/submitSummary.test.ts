import { describe, expect, it } from 'vitest';
import { applyReviewOp } from '../../../shared/reviewOps.ts';
import { summarizeSubmit } from '../../../shared/submitSummary.ts';
import { sampleReview } from '../../support/reviewFixtures.ts';

describe('submit pre-flight summary', () => {
  it('counts verdicts, judged concepts and unreviewed regions, and flags accidental moves', () => {
    let state = sampleReview();
    // r1 nudged by a hair: misplaced, but IoU ≈ 0.99.
    state = applyReviewOp(state, {
      type: 'setBox',
      key: 'r1',
      box: { top: 0.301, left: 0.2, bottom: 0.7, right: 0.8 },
    }).state;
    state = applyReviewOp(state, {
      type: 'setConcept',
      target: 'image',
      concept: { id: 'ai_dog', name: 'dog' },
      judgement: 'false',
    }).state;
    const other = applyReviewOp(sampleReview(), { type: 'confirm', keys: ['r1', 'r2'] }).state;
    const summary = summarizeSubmit([
      { predictionId: 1, imageId: 10, state },
      { predictionId: 2, imageId: 10, state: other },
    ]);
    expect(summary).toMatchObject({
      predictionIds: [1, 2],
      images: 1,
      regions: { accurate: 2, misplaced: 1, false_positive: 0, not_detected: 0 },
      unreviewed: 1,
      concepts: { true: 2, false: 1 },
    });
    expect(summary.nearlyUnchanged).toEqual([
      { predictionId: 1, region: 'r1', iou: expect.closeTo(0.9975, 3) as unknown },
    ]);
  });

  it('counts a relabelled region as reviewed and names it when the label is its only change', () => {
    let state = sampleReview();
    state = applyReviewOp(state, {
      type: 'setConcept',
      target: { region: 'r1' },
      concept: { id: 'ai_TG4GHlnf', name: 'ai_TG4GHlnf' },
      judgement: 'false',
    }).state;
    state = applyReviewOp(state, {
      type: 'setConcept',
      target: { region: 'r1' },
      concept: { id: 'brand_omberlin', name: 'Omberlin' },
      judgement: 'true',
    }).state;
    const summary = summarizeSubmit([{ predictionId: 1, imageId: 10, state }]);
    expect(summary.regions.accurate).toBe(1);
    expect(summary.unreviewed).toBe(1);
    expect(summary.labelOnly).toEqual([
      { predictionId: 1, region: 'r1', label: 'Omberlin (not ai_TG4GHlnf)' },
    ]);
    // Accepted as well: no longer a label-only change.
    const accepted = applyReviewOp(state, { type: 'confirm', keys: ['r1'] }).state;
    expect(summarizeSubmit([{ predictionId: 1, imageId: 10, state: accepted }]).labelOnly).toEqual([]);
  });
});
