import { describe, expect, it } from 'vitest';
import { deliveryPlanSchema } from '../../../../../shared/clarifai/platform/deliveryPlan.ts';
import {
  platformConceptId,
  reviewAnnotations,
  type ReviewAnnotationOptions,
} from '../../../../../shared/clarifai/platform/reviewAnnotations.ts';
import type { ReviewState, ReviewedRegion } from '../../../../../shared/review.ts';
import {
  nameBasedId,
  platformAnnotationId,
  platformInputId,
} from '../../../../../electron/main/clarifai/platformIds.ts';
import { predictedRegion, sampleReview } from '../../../../support/reviewFixtures.ts';

const inputId = 'a'.repeat(64);
const options: ReviewAnnotationOptions = {
  inputId,
  annotationId: (subject) => platformAnnotationId('ws-1', 'out-1', subject),
  endUserId: 'rev-7',
  sessionId: 'sess-9',
};
const box = { top: 0.3, left: 0.2, bottom: 0.7, right: 0.8 };
const moved = { top: 0.35, left: 0.25, bottom: 0.75, right: 0.85 };
const wireBox = { top_row: 0.3, left_col: 0.2, bottom_row: 0.7, right_col: 0.8 };

function reviewWith(
  regions: ReviewedRegion[],
  imageConcepts: ReviewState['imageConcepts'] = [],
): ReviewState {
  return sampleReview({ regions, imageConcepts });
}

function judged(region: ReviewedRegion, judgement: 'true' | 'false' | 'unsure'): ReviewedRegion {
  return { ...region, concepts: region.concepts.map((concept) => ({ ...concept, judgement })) };
}

/** Every annotation the mapping makes must fit the plan the outbox stores. */
function planned(review: ReviewState, extra: Partial<ReviewAnnotationOptions> = {}) {
  const annotations = reviewAnnotations(review, { ...options, ...extra });
  deliveryPlanSchema.parse({
    version: 1,
    input: { id: inputId, image: { imageId: 1 }, known: false },
    annotations,
    removals: [],
    statuses: [],
  });
  return annotations;
}

describe('review → platform annotations', () => {
  const region = predictedRegion('r1', box, 'ai_logo');

  it('accurate: the predicted box, concepts at 1, annotation_info with verdict, ids, reviewer and session', () => {
    const [annotation, ...rest] = planned(reviewWith([judged({ ...region, confirmed: true }, 'true')]));
    expect(rest).toEqual([]);
    expect(annotation).toEqual({
      id: platformAnnotationId('ws-1', 'out-1', 'r1'),
      input_id: inputId,
      data: {
        regions: [
          {
            region_info: { bounding_box: wireBox },
            data: { concepts: [{ id: 'ai_logo', name: 'ai_logo', value: 1 }] },
          },
        ],
      },
      annotation_info: {
        source: 'loupe',
        verdict: 'accurate',
        output_id: 'out-1',
        region_id: 'r1',
        end_user_id: 'rev-7',
        session_id: 'sess-9',
      },
    });
  });

  it("accurate or misplaced with the model's label unjudged: the label goes as 1, other unsure concepts not at all", () => {
    const twoLabels: ReviewedRegion = {
      ...region,
      concepts: [
        { id: 'ai_logo', name: 'logo', predictedValue: 0.9, judgement: 'unsure' },
        { id: 'ai_text', name: 'text', predictedValue: 0.4, judgement: 'unsure' },
      ],
    };
    for (const kept of [
      { ...twoLabels, confirmed: true },
      { ...twoLabels, box: moved },
    ]) {
      const [annotation] = planned(reviewWith([kept]));
      expect(annotation?.data).toMatchObject({
        regions: [{ data: { concepts: [{ id: 'ai_logo', name: 'logo', value: 1 }] } }],
      });
    }
    // A label the reviewer set true replaces the model's: nothing is implied then.
    const relabelled: ReviewedRegion = {
      ...twoLabels,
      box: moved,
      concepts: [twoLabels.concepts[0]!, { id: 'acme', name: 'Acme', judgement: 'true' }],
    };
    const [annotation] = planned(reviewWith([relabelled]));
    expect(annotation?.data).toMatchObject({
      regions: [{ data: { concepts: [{ id: 'acme', name: 'Acme', value: 1 }] } }],
    });
  });

  it('a concept judged false on a region is value 0', () => {
    const [annotation] = planned(reviewWith([judged({ ...region, confirmed: true }, 'false')]));
    expect(annotation?.data).toEqual({
      regions: [
        {
          region_info: { bounding_box: wireBox },
          data: { concepts: [{ id: 'ai_logo', name: 'ai_logo', value: 0 }] },
        },
      ],
    });
  });

  it('misplaced: the corrected box', () => {
    const [annotation] = planned(reviewWith([judged({ ...region, box: moved }, 'true')]));
    expect(annotation?.annotation_info.verdict).toBe('misplaced');
    expect(annotation?.data).toEqual({
      regions: [
        {
          region_info: { bounding_box: { top_row: 0.35, left_col: 0.25, bottom_row: 0.75, right_col: 0.85 } },
          data: { concepts: [{ id: 'ai_logo', name: 'ai_logo', value: 1 }] },
        },
      ],
    });
  });

  it('not_detected: the drawn box with the typed concept under a valid id, keyed by the region key', () => {
    const drawn: ReviewedRegion = {
      key: 'drawn-1',
      source: 'reviewer',
      box: moved,
      confirmed: true,
      removed: false,
      concepts: [{ id: 'Acme Co.', name: 'Acme Co.', judgement: 'true' }],
    };
    const [annotation] = planned(reviewWith([drawn]));
    expect(annotation?.id).toBe(platformAnnotationId('ws-1', 'out-1', 'drawn-1'));
    expect(annotation?.annotation_info).toMatchObject({ verdict: 'not_detected', region_id: 'drawn-1' });
    expect(annotation?.data).toEqual({
      regions: [
        {
          region_info: { bounding_box: { top_row: 0.35, left_col: 0.25, bottom_row: 0.75, right_col: 0.85 } },
          data: { concepts: [{ id: 'acme-co', name: 'Acme Co.', value: 1 }] },
        },
      ],
    });
  });

  it('a drawn region deleted again is not sent', () => {
    const drawn: ReviewedRegion = {
      key: 'd',
      source: 'reviewer',
      box,
      confirmed: true,
      removed: true,
      concepts: [],
    };
    expect(planned(reviewWith([drawn]))).toEqual([]);
  });

  it('false_positive: the predicted box (even if moved before) with every concept at 0, whatever its judgement', () => {
    for (const judgement of ['true', 'false', 'unsure'] as const) {
      const [annotation] = planned(reviewWith([judged({ ...region, box: moved, removed: true }, judgement)]));
      expect(annotation?.annotation_info.verdict).toBe('false_positive');
      expect(annotation?.data).toEqual({
        regions: [
          {
            region_info: { bounding_box: wireBox },
            data: { concepts: [{ id: 'ai_logo', name: 'ai_logo', value: 0 }] },
          },
        ],
      });
    }
  });

  it('an unreviewed region is not sent, unless the submit accepts them all', () => {
    const review = reviewWith([region]);
    expect(planned(review)).toEqual([]);
    const [annotation] = planned(review, { include: 'all' });
    expect(annotation?.annotation_info.verdict).toBe('accurate');
  });

  it('image concepts: one input-level annotation with 1 / 0, unsure left out', () => {
    const annotations = planned(
      reviewWith(
        [],
        [
          { id: 'ai_dog', name: 'dog', predictedValue: 0.9, judgement: 'true' },
          { id: 'ai_cat', name: 'cat', predictedValue: 0.2, judgement: 'false' },
          { id: 'ai_owl', name: 'owl', predictedValue: 0.5, judgement: 'unsure' },
        ],
      ),
    );
    expect(annotations).toEqual([
      {
        id: platformAnnotationId('ws-1', 'out-1', 'image'),
        input_id: inputId,
        data: {
          concepts: [
            { id: 'ai_dog', name: 'dog', value: 1 },
            { id: 'ai_cat', name: 'cat', value: 0 },
          ],
        },
        annotation_info: {
          source: 'loupe',
          verdict: 'image_concepts',
          output_id: 'out-1',
          end_user_id: 'rev-7',
          session_id: 'sess-9',
        },
      },
    ]);
  });

  it('image concepts all unsure: no input-level annotation', () => {
    expect(planned(reviewWith([], [{ id: 'ai_dog', name: 'dog', judgement: 'unsure' }]))).toEqual([]);
  });

  it('reviewer and session are left out when unset, never empty', () => {
    const [annotation] = planned(reviewWith([{ ...region, confirmed: true }]), {
      endUserId: '',
      sessionId: '',
    });
    expect(Object.keys(annotation?.annotation_info ?? {}).sort()).toEqual([
      'output_id',
      'region_id',
      'source',
      'verdict',
    ]);
  });
});

describe('deterministic ids', () => {
  it('the same (workspace, output, subject) gives the same id; any part changed gives another', () => {
    const id = platformAnnotationId('ws', 'out', 'r1');
    expect(platformAnnotationId('ws', 'out', 'r1')).toBe(id);
    expect(
      new Set([
        id,
        platformAnnotationId('ws2', 'out', 'r1'),
        platformAnnotationId('ws', 'out2', 'r1'),
        platformAnnotationId('ws', 'out', 'r2'),
      ]).size,
    ).toBe(4);
    // Parts cannot run into each other.
    expect(nameBasedId(['a/b', 'c'])).not.toBe(nameBasedId(['a', 'b/c']));
  });

  it('ids are UUID v5 layout as 32 lowercase hex digits: valid Clarifai id characters', () => {
    const id = platformAnnotationId('ws', 'out', 'r1');
    expect(id).toMatch(/^[0-9a-f]{12}5[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
  });

  it('the input id is the image content hash; anything else is refused', () => {
    expect(platformInputId('ab'.repeat(32))).toBe('ab'.repeat(32));
    expect(() => platformInputId('../x')).toThrow(RangeError);
  });

  it('typed concept names become valid ids, distinct for names in other scripts', () => {
    expect(platformConceptId('ai_8S2Vq3cR')).toBe('ai_8S2Vq3cR');
    expect(platformConceptId('New Brand!')).toBe('new-brand');
    expect(platformConceptId('日本')).toMatch(/^concept-[0-9a-f-]+$/);
    expect(platformConceptId('日本')).not.toBe(platformConceptId('中国'));
  });
});
