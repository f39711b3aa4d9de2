import { describe, expect, it } from 'vitest';
import { drawLabelAfter, type DrawLabel } from '../../../../renderer/src/review/drawLabel.ts';
import { applyReviewOp, type ReviewOp } from '../../../../shared/reviewOps.ts';
import type { ReviewState } from '../../../../shared/review.ts';
import { sampleReview } from '../../../support/reviewFixtures.ts';

function run(ops: ReviewOp[], start: DrawLabel | undefined = undefined): DrawLabel | undefined {
  let state: ReviewState = sampleReview();
  let label = start;
  for (const op of ops) {
    const applied = applyReviewOp(state, op);
    label = drawLabelAfter(label, state, applied.forward);
    state = applied.state;
  }
  return label;
}

const judge = (region: string, id: string, judgement: 'true' | 'false' | 'unsure'): ReviewOp => ({
  type: 'setConcept',
  target: { region },
  concept: { id, name: id },
  judgement,
});

describe('the label a drawn region starts with', () => {
  it('is none until the reviewer sets a label true; selecting or looking at a region sets nothing', () => {
    expect(run([])).toBeUndefined();
    expect(
      run([{ type: 'setBox', key: 'r1', box: { top: 0.3, left: 0.25, bottom: 0.7, right: 0.8 } }]),
    ).toBeUndefined();
  });

  it('is the last concept set true, by accepting or by judging', () => {
    expect(run([{ type: 'confirm', keys: ['r1'] }])).toEqual({
      id: 'ai_TG4GHlnf',
      name: 'ai_TG4GHlnf',
      modelId: 'logo',
    });
    expect(run([{ type: 'confirm', keys: ['r1'] }, judge('r2', 'brand_omberlin', 'true')])?.id).toBe(
      'brand_omberlin',
    );
  });

  it('is never a concept judged false, and is dropped when its concept is judged false', () => {
    expect(run([judge('r1', 'ai_TG4GHlnf', 'false')])).toBeUndefined();
    expect(run([{ type: 'confirm', keys: ['r1'] }, judge('r1', 'ai_TG4GHlnf', 'false')])).toBeUndefined();
    // A label of another model is not touched by a judgement here.
    const other = { id: 'ai_TG4GHlnf', name: 'x', modelId: 'faces' };
    expect(run([judge('r1', 'ai_TG4GHlnf', 'false')], other)).toEqual(other);
  });
});
