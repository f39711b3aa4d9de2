import fc from 'fast-check';
import type { Box } from '../../shared/geometry.ts';
import type { ReviewedConcept, ReviewedRegion, ReviewState } from '../../shared/review.ts';

/** fast-check arbitraries for the review domain model (shared/review.ts), valid by its schema. */

// `+ 0` turns a generated -0 into 0.
const fraction = fc.double({ min: 0, max: 1, noNaN: true }).map((value) => value + 0);

export const boxArbitrary: fc.Arbitrary<Box> = fc
  .tuple(fraction, fraction, fraction, fraction)
  .filter(([a, b, c, d]) => a !== b && c !== d)
  .map(([a, b, c, d]) => ({
    top: Math.min(a, b),
    bottom: Math.max(a, b),
    left: Math.min(c, d),
    right: Math.max(c, d),
  }));

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

export const reviewedConceptArbitrary: fc.Arbitrary<ReviewedConcept> = fc
  .record({
    id: fc.string({ minLength: 1 }),
    name: fc.string(),
    predictedValue: optional(fraction),
    vocabId: optional(
      fc.constantFrom(
        '',
        'identity',
        'age_appearance',
        'gender_appearance',
        'multicultural_appearance',
        'color',
      ),
    ),
    judgement: fc.constantFrom('true', 'false', 'unsure'),
  } as const)
  .map(dropUndefined);

export const reviewedRegionArbitrary: fc.Arbitrary<ReviewedRegion> = fc
  .record({
    key: fc.string({ minLength: 1 }),
    source: fc.constantFrom('predicted', 'reviewer'),
    regionId: optional(fc.string()),
    predictedBox: boxArbitrary,
    moved: fc.boolean(),
    otherBox: boxArbitrary,
    confirmed: fc.boolean(),
    removed: fc.boolean(),
    concepts: fc.array(reviewedConceptArbitrary, { maxLength: 4 }),
  } as const)
  .map(({ moved, otherBox, predictedBox, regionId, ...region }): ReviewedRegion => {
    if (region.source === 'reviewer') return { ...region, box: otherBox };
    return dropUndefined({ ...region, regionId, predictedBox, box: moved ? otherBox : predictedBox });
  });

export const reviewStateArbitrary: fc.Arbitrary<ReviewState> = fc
  .record({
    outputId: fc.string({ minLength: 1 }),
    inputId: fc.string({ minLength: 1 }),
    modelId: fc.string({ minLength: 1 }),
    modelVersionId: optional(fc.string()),
    imageUrl: optional(fc.oneof(fc.webUrl(), fc.constant('/home/reviewer/photos/cat.jpg'), fc.constant(''))),
    imageConcepts: fc.array(reviewedConceptArbitrary, { maxLength: 6 }),
    regions: fc.array(reviewedRegionArbitrary, { maxLength: 6 }),
  })
  .map(dropUndefined);

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
