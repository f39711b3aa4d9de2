import { describe, expect, it } from 'vitest';
import { buildModelFeedbackRequest } from '../../../../shared/clarifai/feedbackRequest.ts';
import { reviewFromPrediction } from '../../../../shared/reviewFromPrediction.ts';
import { applyReviewOp, type ReviewOp } from '../../../../shared/reviewOps.ts';
import type { ReviewState } from '../../../../shared/review.ts';
import {
  leasedImageOutput,
  parseTeamOutputId,
  teamOutputId,
  teamReviewFromFeedback,
  type LeasedImage,
} from '../../../../shared/team/teamAssignment.ts';

/**
 * A leased image becomes a prediction of the workspace, and its submitted review's feedback request
 * becomes the collector's review again (docs/team-collector.md, "The app").
 */

const leased: LeasedImage = {
  id: 'img-7',
  slot: 1,
  image: { base64: 'aGVsbG8=' },
  width: 40,
  height: 30,
  regions: [
    { id: 'r1', box: { top: 0.1, left: 0.1, bottom: 0.5, right: 0.5 }, concept: 'face', score: 0.9 },
    { id: 'r2', box: { top: 0.5, left: 0.5, bottom: 0.9, right: 0.9 }, concept: 'face', score: 0.6 },
    { id: 'r3', box: { top: 0.2, left: 0.6, bottom: 0.4, right: 0.8 } },
  ],
};

function reviewed(ops: ReviewOp[]): ReviewState {
  let state = reviewFromPrediction(leasedImageOutput('spring', 'face-detection', leased), 'face-detection');
  for (const op of ops) state = applyReviewOp(state, op).state;
  return state;
}

const keyOf = (state: ReviewState, regionId: string) =>
  state.regions.find((region) => region.regionId === regionId)!.key;

describe('team assignment', () => {
  it('names the campaign and image in the output id, and refuses ids that are not a team prediction', () => {
    expect(teamOutputId('spring', 'img-7')).toBe('team:spring:img-7');
    expect(parseTeamOutputId('team:spring:img-7')).toEqual({ campaignId: 'spring', imageId: 'img-7' });
    expect(parseTeamOutputId('ab12cd')).toBeUndefined();
    expect(parseTeamOutputId('team:spring')).toBeUndefined();
    expect(parseTeamOutputId('team:spring:img-7:extra')).toBeUndefined();
    expect(parseTeamOutputId('team:spr ing:img-7')).toBeUndefined();
    expect(parseTeamOutputId(undefined)).toBeUndefined();
  });

  it('a leased image becomes a prediction whose regions keep the campaign region ids', () => {
    const state = reviewed([]);
    expect(state.outputId).toBe('team:spring:img-7');
    expect(state.inputId).toBe('img-7');
    expect(state.regions.map((region) => [region.regionId, region.box])).toEqual(
      leased.regions.map((region) => [region.id, region.box]),
    );
  });

  it('the review comes back as the collector review: accurate, false positive, misplaced with its box, drawn', () => {
    const start = reviewed([]);
    const moved = { top: 0.52, left: 0.5, bottom: 0.92, right: 0.9 };
    const drawn = { top: 0.6, left: 0.05, bottom: 0.8, right: 0.25 };
    const state = reviewed([
      { type: 'confirm', keys: [keyOf(start, 'r1')] },
      { type: 'setBox', key: keyOf(start, 'r2'), box: moved },
      { type: 'remove', keys: [keyOf(start, 'r3')] },
      {
        type: 'addRegion',
        key: 'drawn-1',
        box: drawn,
        concepts: [{ id: 'face', name: 'face', judgement: 'true' }],
      },
    ]);
    const body = buildModelFeedbackRequest(state, { conceptValueEncoding: 'boolean' });
    const converted = teamReviewFromFeedback(body);
    expect(converted?.campaignId).toBe('spring');
    expect(converted?.review.image_id).toBe('img-7');
    const regions = converted!.review.regions;
    expect(regions.find((region) => 'id' in region && region.id === 'r1')).toEqual({
      id: 'r1',
      verdict: 'accurate',
    });
    expect(regions.find((region) => 'id' in region && region.id === 'r3')).toEqual({
      id: 'r3',
      verdict: 'false_positive',
    });
    const misplaced = regions.find((region) => 'id' in region && region.id === 'r2');
    expect(misplaced).toMatchObject({ id: 'r2', verdict: 'misplaced' });
    expect((misplaced as { box: Record<string, number> }).box.top).toBeCloseTo(moved.top, 6);
    const added = regions.filter((region) => region.verdict === 'not_detected');
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ verdict: 'not_detected', concept: 'face' });
  });

  it('a feedback request of an ordinary prediction is not a team review', () => {
    const state = { ...reviewed([]), outputId: 'ab12cd' };
    expect(
      teamReviewFromFeedback(buildModelFeedbackRequest(state, { conceptValueEncoding: 'boolean' })),
    ).toBeUndefined();
  });
});
