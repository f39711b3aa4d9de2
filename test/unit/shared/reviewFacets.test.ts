import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReviewedRegion } from '../../../shared/review.ts';
import { FacetTally, reviewFacets } from '../../../shared/reviewFacets.ts';
import { predictedRegion, sampleReview } from '../../support/reviewFixtures.ts';

const box = { top: 0.1, left: 0.1, bottom: 0.5, right: 0.5 };
const moved = { top: 0.2, left: 0.1, bottom: 0.6, right: 0.5 };

/** A region under one of a few keys, in one of the states a review can leave it. */
const region: fc.Arbitrary<ReviewedRegion> = fc
  .record({
    key: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
    drawn: fc.boolean(),
    concept: fc.constantFrom('Nike', 'nike', 'Adidas', 'face'),
    confidence: fc.constantFrom(0.2, 0.5, 0.9),
    confirmed: fc.boolean(),
    removed: fc.boolean(),
    moved: fc.boolean(),
    judgement: fc.constantFrom('true', 'false', 'unsure'),
  })
  .map((r) => {
    const base = predictedRegion(r.key, box, r.concept, r.confidence);
    const concepts = base.concepts.map((concept) => ({ ...concept, judgement: r.judgement }));
    if (r.drawn)
      return { key: r.key, source: 'reviewer', box: moved, confirmed: false, removed: r.removed, concepts };
    return { ...base, concepts, confirmed: r.confirmed, removed: r.removed, box: r.moved ? moved : box };
  });

const comparable = ({ concepts, ...counts }: ReturnType<typeof reviewFacets>) => ({
  ...counts,
  concepts: concepts.map((name) => name.toLowerCase()).sort(),
});

describe('FacetTally', () => {
  it('counts a review as reviewFacets does', () => {
    expect(FacetTally.of(sampleReview()).facets()).toEqual({
      regions: 2,
      unreviewed: 2,
      accurate: 0,
      misplaced: 0,
      notDetected: 0,
      falsePositives: 0,
      minConfidence: 0.4,
      concepts: ['ai_TG4GHlnf', 'ai_other'],
    });
  });

  it('moved region by region, equals the facets counted anew (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(region, fc.constantFrom('a', 'b', 'c')), { minLength: 1, maxLength: 40 }),
        (steps) => {
          const regions = new Map<string, ReviewedRegion>();
          const tally = new FacetTally();
          let conceptsBefore = comparable(tally.facets()).concepts;
          for (const step of steps) {
            // A string is a region removed from the review; a region is set under its key.
            if (typeof step === 'string') regions.delete(step);
            else regions.set(step.key, step);
            tally.replace(typeof step === 'string' ? step : step.key, typeof step === 'string' ? null : step);
            const expected = comparable(reviewFacets({ ...sampleReview(), regions: [...regions.values()] }));
            expect(comparable(tally.facets())).toEqual(expected);
            // Said changed whenever the set moved (it may also say so when it did not).
            if (expected.concepts.join() !== conceptsBefore.join())
              expect(tally.takeConceptsChanged()).toBe(true);
            else tally.takeConceptsChanged();
            conceptsBefore = expected.concepts;
          }
        },
      ),
      { numRuns: 300, seed: 16 },
    );
  });
});
