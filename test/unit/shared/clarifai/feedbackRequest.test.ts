import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  legacyModelFeedbackRequestSchema,
  modelFeedbackRequestSchema,
  type ModelFeedbackRequest,
} from '../../../../shared/clarifai/feedback.ts';
import {
  buildModelFeedbackRequest,
  feedbackPathFor,
  type FeedbackRequestOptions,
} from '../../../../shared/clarifai/feedbackRequest.ts';
import { sameBox } from '../../../../shared/geometry.ts';
import {
  conceptsChanged,
  reviewStateSchema,
  type ReviewedRegion,
  type ReviewState,
} from '../../../../shared/review.ts';
import { reviewStateArbitrary } from '../../../support/reviewStateArbitrary.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/clarifai/${name}`, import.meta.url), 'utf8'));

/** What goes on the wire: JSON drops undefined fields. */
const wire = (body: unknown): unknown => JSON.parse(JSON.stringify(body));

const seedIds = { endUserId: '<end_user_id>', sessionId: '<session_id>' };
const asDocumented: FeedbackRequestOptions = { ...seedIds, conceptValueEncoding: 'boolean' };

/** The concept example of the seed docs: General model, dog.tiff. */
const conceptExample: ReviewState = {
  outputId: '<output_id>',
  inputId: '<input_id>',
  modelId: 'aaa03c23b3724a16a56b629203edc62c',
  imageUrl: 'https://samples.clarifai.com/dog.tiff',
  imageConcepts: [
    { id: 'ai_8S2Vq3cR', name: 'dog', predictedValue: 0.98, judgement: 'true' },
    { id: 'ai_mFqxrph2', name: 'cat', predictedValue: 0.61, judgement: 'false' },
  ],
  regions: [],
};

const logoBox = { top: 0.3, left: 0.2, bottom: 0.7, right: 0.8 };

/** The region example of the seed docs: Logo model, logo-002.jpg, one box confirmed. */
const regionExample: ReviewState = {
  outputId: '<output_id>',
  inputId: '<input_id>',
  modelId: 'c443119bf2ed4da98487520d01a0b1e3',
  imageUrl: 'https://clarifai.com/images/model-samples/logo-002.jpg',
  imageConcepts: [],
  regions: [
    {
      key: 'r1',
      source: 'predicted',
      predictedBox: logoBox,
      box: logoBox,
      confirmed: true,
      removed: false,
      concepts: [{ id: 'ai_TG4GHlnf', name: 'Apple Inc', predictedValue: 0.9, judgement: 'true' }],
    },
  ],
};

function predicted(overrides: Partial<ReviewedRegion> = {}): ReviewedRegion {
  return {
    key: 'p',
    source: 'predicted',
    regionId: 'region-1',
    predictedBox: logoBox,
    box: logoBox,
    confirmed: false,
    removed: false,
    concepts: [],
    ...overrides,
  };
}

function withRegions(...regions: ReviewedRegion[]): ReviewState {
  return { ...regionExample, regions };
}

const regionsOf = (body: ModelFeedbackRequest) => body.input.data?.regions ?? [];

describe('model feedback request: the seed examples (docs/clarifai-v2.md §2)', () => {
  it('builds the documented concept feedback body', () => {
    const body = buildModelFeedbackRequest(conceptExample, asDocumented);
    expect(wire(body)).toStrictEqual(fixture('concept-feedback.request.json'));
    expect(modelFeedbackRequestSchema.safeParse(body).success).toBe(true);
  });

  it('builds the documented region feedback body', () => {
    const body = buildModelFeedbackRequest(regionExample, asDocumented);
    expect(wire(body)).toStrictEqual(fixture('region-feedback.request.json'));
    expect(modelFeedbackRequestSchema.safeParse(body).success).toBe(true);
  });

  it('is valid JSON with none of the doc bugs (§7.1 trailing comma, §7.4 end_user_i_d, §7.5 nulls)', () => {
    for (const review of [conceptExample, regionExample]) {
      const text = JSON.stringify(buildModelFeedbackRequest(review, asDocumented));
      expect(() => JSON.parse(text) as unknown).not.toThrow();
      expect(text).not.toContain('end_user_i_d');
      expect(text).not.toContain('null');
      expect(text).toContain('"event_type":"annotation"');
    }
  });

  it('targets {models path}/feedback of the model that produced the output', () => {
    expect(feedbackPathFor(conceptExample)).toBe('/v2/models/aaa03c23b3724a16a56b629203edc62c/feedback');
    expect(feedbackPathFor(regionExample)).toBe('/v2/models/c443119bf2ed4da98487520d01a0b1e3/feedback');
    expect(
      feedbackPathFor(
        { modelId: 'general-image-recognition', modelVersionId: 'v1' },
        { userId: 'clarifai', appId: 'main' },
      ),
    ).toBe('/v2/users/clarifai/apps/main/models/general-image-recognition/versions/v1/feedback');
  });
});

describe('model feedback request: review → wire rules', () => {
  it('sends concept values as booleans or as 1/0', () => {
    const numbers = buildModelFeedbackRequest(conceptExample, { ...seedIds, conceptValueEncoding: 'number' });
    expect(numbers.input.data?.concepts).toEqual([
      { id: 'ai_8S2Vq3cR', value: 1 },
      { id: 'ai_mFqxrph2', value: 0 },
    ]);
    const booleans = buildModelFeedbackRequest(conceptExample, asDocumented);
    expect(booleans.input.data?.concepts?.map((concept) => concept.value)).toEqual([true, false]);
  });

  it('never sends a concept judged unsure, on the image or on a region', () => {
    const review: ReviewState = {
      ...regionExample,
      imageConcepts: [{ id: 'ai_unsure', name: 'maybe', judgement: 'unsure' }],
      regions: [
        predicted({
          confirmed: true,
          concepts: [
            { id: 'ai_yes', name: 'yes', judgement: 'true' },
            { id: 'ai_unsure', name: 'maybe', judgement: 'unsure' },
          ],
        }),
      ],
    };
    const body = buildModelFeedbackRequest(review, asDocumented);
    expect(body.input.data?.concepts).toBeUndefined();
    expect(regionsOf(body)[0]?.data).toEqual({ concepts: [{ id: 'ai_yes', value: true }] });
    expect(JSON.stringify(body)).not.toContain('ai_unsure');
  });

  it('sends a concept the reviewer added, by the id it was given', () => {
    const review: ReviewState = {
      ...conceptExample,
      imageConcepts: [{ id: 'labrador_retriever', name: 'labrador_retriever', judgement: 'true' }],
    };
    expect(buildModelFeedbackRequest(review, asDocumented).input.data?.concepts).toEqual([
      { id: 'labrador_retriever', value: true },
    ]);
  });

  it('gives each region its verdict and its corrected box', () => {
    const moved = { top: 0.25, left: 0.1, bottom: 0.65, right: 0.7 };
    const drawn = { top: 0, left: 0, bottom: 0.1, right: 0.1 };
    const body = buildModelFeedbackRequest(
      withRegions(
        predicted({ key: 'a', regionId: 'ra', confirmed: true }),
        predicted({ key: 'm', regionId: 'rm', box: moved }),
        predicted({ key: 'f', regionId: 'rf', box: moved, removed: true }),
        { key: 'n', source: 'reviewer', box: drawn, confirmed: false, removed: false, concepts: [] },
      ),
      asDocumented,
    );
    expect(regionsOf(body)).toEqual([
      {
        id: 'ra',
        region_info: {
          bounding_box: { top_row: 0.3, left_col: 0.2, bottom_row: 0.7, right_col: 0.8 },
          feedback: 'accurate',
        },
      },
      {
        id: 'rm',
        region_info: {
          bounding_box: { top_row: 0.25, left_col: 0.1, bottom_row: 0.65, right_col: 0.7 },
          feedback: 'misplaced',
        },
      },
      {
        // A false positive is about the region the model predicted, wherever it was dragged to.
        id: 'rf',
        region_info: {
          bounding_box: { top_row: 0.3, left_col: 0.2, bottom_row: 0.7, right_col: 0.8 },
          feedback: 'false_positive',
        },
      },
      {
        // Drawn by the reviewer: the model never had an id for it.
        region_info: {
          bounding_box: { top_row: 0, left_col: 0, bottom_row: 0.1, right_col: 0.1 },
          feedback: 'not_detected',
        },
      },
    ]);
  });

  it('sends no concepts for a false positive', () => {
    const body = buildModelFeedbackRequest(
      withRegions(predicted({ removed: true, concepts: [{ id: 'ai_x', name: 'x', judgement: 'true' }] })),
      asDocumented,
    );
    expect(regionsOf(body)[0]?.data).toBeUndefined();
    expect(regionsOf(body)[0]?.region_info.feedback).toBe('false_positive');
  });

  it('leaves out unreviewed predicted regions by default, and accepts them all with include: all', () => {
    const review = withRegions(
      predicted({ key: 'u', regionId: 'ru' }),
      predicted({ key: 'c', regionId: 'rc', confirmed: true }),
    );
    expect(regionsOf(buildModelFeedbackRequest(review, asDocumented)).map((region) => region.id)).toEqual([
      'rc',
    ]);
    const all = regionsOf(buildModelFeedbackRequest(review, { ...asDocumented, include: 'all' }));
    expect(all.map((region) => [region.id, region.region_info.feedback])).toEqual([
      ['ru', 'accurate'],
      ['rc', 'accurate'],
    ]);
  });

  it('sends a region whose only change is its label, as accurate (or misplaced when moved), even by default', () => {
    const relabel = [
      { id: 'brand_vexamoor', name: 'Vexamoor', predictedValue: 0.8, judgement: 'false' as const },
      { id: 'brand_omberlin', name: 'Omberlin', judgement: 'true' as const },
    ];
    const moved = { ...logoBox, left: 0.25 };
    const review = withRegions(
      predicted({ key: 'l', regionId: 'rl', concepts: relabel }),
      predicted({ key: 'm', regionId: 'rm', concepts: relabel, box: moved }),
      predicted({ key: 'u', regionId: 'ru', concepts: [{ ...relabel[0]!, judgement: 'unsure' }] }),
    );
    const regions = regionsOf(buildModelFeedbackRequest(review, asDocumented));
    expect(regions.map((region) => [region.id, region.region_info.feedback])).toEqual([
      ['rl', 'accurate'],
      ['rm', 'misplaced'],
    ]);
    expect(regions[0]?.data?.concepts).toEqual([
      { id: 'brand_vexamoor', value: false },
      { id: 'brand_omberlin', value: true },
    ]);
  });

  it('never sends a region the reviewer drew and deleted, even with include: all', () => {
    const review = withRegions({
      key: 'gone',
      source: 'reviewer',
      box: logoBox,
      confirmed: false,
      removed: true,
      concepts: [],
    });
    expect(
      buildModelFeedbackRequest(review, { ...asDocumented, include: 'all' }).input.data?.regions,
    ).toBeUndefined();
  });

  it('puts end_user_id and session_id in only when set, never as null or empty', () => {
    for (const ids of [{}, { endUserId: '', sessionId: '' }]) {
      const info = buildModelFeedbackRequest(conceptExample, { ...ids, conceptValueEncoding: 'boolean' })
        .input.feedback_info;
      expect(info).toEqual({ event_type: 'annotation', output_id: '<output_id>' });
    }
    const onlyUser = buildModelFeedbackRequest(conceptExample, {
      endUserId: 'ana',
      conceptValueEncoding: 'boolean',
    });
    expect(onlyUser.input.feedback_info).toEqual({
      event_type: 'annotation',
      output_id: '<output_id>',
      end_user_id: 'ana',
    });
  });

  it('sends the image URL only when the image is known by an http(s) URL', () => {
    const local = buildModelFeedbackRequest(
      { ...conceptExample, imageUrl: '/photos/dog.tiff' },
      asDocumented,
    );
    expect(local.input.data?.image).toBeUndefined();
    const none = buildModelFeedbackRequest(
      { ...conceptExample, imageUrl: undefined, imageConcepts: [] },
      asDocumented,
    );
    expect(none.input).toEqual({
      id: '<input_id>',
      feedback_info: {
        event_type: 'annotation',
        output_id: '<output_id>',
        end_user_id: '<end_user_id>',
        session_id: '<session_id>',
      },
    });
  });

  it('sends vocab_id back flat, or answers a 2019 face model in its data.face shape', () => {
    const faceRegion = predicted({
      confirmed: true,
      concepts: [
        { id: 'ai_age_30', name: '30', vocabId: 'age_appearance', judgement: 'true' },
        { id: 'ai_feminine', name: 'feminine', vocabId: 'gender_appearance', judgement: 'false' },
        { id: 'ai_other', name: 'other', judgement: 'true' },
      ],
    });
    const flat = buildModelFeedbackRequest(withRegions(faceRegion), asDocumented);
    expect(regionsOf(flat)[0]?.data).toEqual({
      concepts: [
        { id: 'ai_age_30', value: true, vocab_id: 'age_appearance' },
        { id: 'ai_feminine', value: false, vocab_id: 'gender_appearance' },
        { id: 'ai_other', value: true },
      ],
    });
    const face = buildModelFeedbackRequest(withRegions(faceRegion), {
      ...asDocumented,
      regionConceptShape: 'face',
    });
    expect(regionsOf(face)[0]?.data).toEqual({
      concepts: [{ id: 'ai_other', value: true }],
      face: {
        age_appearance: { concepts: [{ id: 'ai_age_30', value: true }] },
        gender_appearance: { concepts: [{ id: 'ai_feminine', value: false }] },
      },
    });
    expect(modelFeedbackRequestSchema.safeParse(face).success).toBe(true);
  });

  it('refuses to turn an invalid box into a request', () => {
    const broken = withRegions(
      predicted({ confirmed: true, box: { top: 0.5, left: 0.5, bottom: 0.5, right: 0.9 } }),
    );
    expect(() => buildModelFeedbackRequest(broken, asDocumented)).toThrow(/region p/);
  });
});

describe('model feedback request: properties', () => {
  const optionsArbitrary: fc.Arbitrary<FeedbackRequestOptions> = fc.record(
    {
      endUserId: fc.string(),
      sessionId: fc.string(),
      conceptValueEncoding: fc.constantFrom('boolean', 'number'),
      include: fc.constantFrom('reviewed', 'all'),
      regionConceptShape: fc.constantFrom('flat', 'face'),
    } as const,
    { requiredKeys: ['conceptValueEncoding'] },
  );

  it('the arbitrary produces valid review states', () => {
    fc.assert(fc.property(reviewStateArbitrary, (review) => reviewStateSchema.safeParse(review).success));
  });

  it('any review produces a body the strict feedback schema accepts, and the legacy one leaves unchanged', () => {
    fc.assert(
      fc.property(reviewStateArbitrary, optionsArbitrary, (review, options) => {
        const body = buildModelFeedbackRequest(review, options);
        const strict = modelFeedbackRequestSchema.safeParse(body);
        expect(strict.error).toBeUndefined();
        const legacy = legacyModelFeedbackRequestSchema.safeParse(body);
        expect(legacy.success).toBe(true);
        expect(wire(legacy.data)).toStrictEqual(wire(body));
        expect(JSON.stringify(body)).not.toContain('null');
      }),
    );
  });

  it('sends every value and verdict explicitly, and one region per reviewed (or accepted) region', () => {
    fc.assert(
      fc.property(reviewStateArbitrary, optionsArbitrary, (review, options) => {
        const body = buildModelFeedbackRequest(review, options);
        const regions = regionsOf(body);
        for (const region of regions) expect(region.region_info.feedback).toBeDefined();
        const concepts = [
          ...(body.input.data?.concepts ?? []),
          ...regions.flatMap((region) => [
            ...(region.data?.concepts ?? []),
            ...Object.values(region.data?.face ?? {}).flatMap((list) => list.concepts),
          ]),
        ];
        for (const concept of concepts) {
          expect(typeof concept.value).toBe(
            options.conceptValueEncoding === 'boolean' ? 'boolean' : 'number',
          );
        }
        const unreviewed = review.regions.filter(
          (region) =>
            region.source === 'predicted' &&
            !region.removed &&
            !region.confirmed &&
            region.predictedBox !== undefined &&
            sameBox(region.box, region.predictedBox) &&
            !conceptsChanged(region),
        ).length;
        const deletedDrawings = review.regions.filter(
          (region) => region.source === 'reviewer' && region.removed,
        ).length;
        const expected =
          review.regions.length - deletedDrawings - (options.include === 'all' ? 0 : unreviewed);
        expect(regions).toHaveLength(expected);
      }),
    );
  });
});
