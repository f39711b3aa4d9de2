import { describe, expect, it } from 'vitest';
import { regionConfidence, type ReviewedRegion } from '../../../../shared/review.ts';
import {
  countUnreviewed,
  isDimmed,
  isUnreviewed,
  regionLook,
} from '../../../../renderer/src/review/regionStatus.ts';
import { regionLabelText } from '../../../../renderer/src/review/regionStyle.ts';
import { predictedRegion } from '../../../support/reviewFixtures.ts';

const box = { top: 0.1, left: 0.1, bottom: 0.3, right: 0.3 };
const drawn: ReviewedRegion = {
  key: 'drawn-1',
  source: 'reviewer',
  box,
  confirmed: false,
  removed: false,
  concepts: [{ id: 'ai_face', name: 'face', judgement: 'true' }],
};

describe('how a region is shown', () => {
  it('follows its derived verdict', () => {
    const region = predictedRegion('r', box, 'face', 0.8);
    expect(regionLook(region)).toBe('unreviewed');
    expect(regionLook({ ...region, confirmed: true })).toBe('accurate');
    expect(regionLook({ ...region, box: { ...box, right: 0.4 } })).toBe('misplaced');
    expect(regionLook({ ...region, removed: true })).toBe('false_positive');
    expect(regionLook(drawn)).toBe('not_detected');
    expect(regionLook({ ...drawn, removed: true })).toBe('deleted');
  });

  it('counts only predicted regions nobody judged as unreviewed', () => {
    const region = predictedRegion('r', box, 'face', 0.8);
    expect(isUnreviewed(region)).toBe(true);
    expect(isUnreviewed(drawn)).toBe(false);
    expect(
      countUnreviewed([{ regions: [region, { ...region, confirmed: true }, drawn] }, { regions: [region] }]),
    ).toBe(2);
  });

  it('dims predicted regions under the threshold, never drawn ones', () => {
    const region = predictedRegion('r', box, 'face', 0.4);
    expect(regionConfidence(region)).toBe(0.4);
    expect(isDimmed(region, 0.5)).toBe(true);
    expect(isDimmed(region, 0.4)).toBe(false);
    expect(isDimmed(drawn, 0.9)).toBe(false);
  });

  it("uses the region's own confidence when the model gave one (face detection has no concepts)", () => {
    const face = { ...predictedRegion('f', box), predictedValue: 0.3 };
    expect(regionConfidence(face)).toBe(0.3);
    expect(isDimmed(face, 0.5)).toBe(true);
    expect(regionLabelText(face).text).toBe('region 30%');
  });

  it('labels a region with its top concept and confidence', () => {
    expect(regionLabelText(predictedRegion('r', box, 'face', 0.934)).text).toBe('face 93%');
    expect(regionLabelText(drawn).text).toBe('face');
    const rejected = predictedRegion('r', box, 'face', 0.5);
    rejected.concepts[0]!.judgement = 'false';
    expect(regionLabelText(rejected).text).toBe('✗ face 50%');
    expect(regionLabelText({ ...drawn, concepts: [] }).text).toBe('drawn');
  });
});
