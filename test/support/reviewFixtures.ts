import type { ReviewState, ReviewedRegion } from '../../shared/review.ts';

/** A predicted region with one concept, unreviewed. */
export function predictedRegion(
  key: string,
  box: ReviewedRegion['box'],
  concept?: string,
  value = 0.9,
): ReviewedRegion {
  return {
    key,
    source: 'predicted',
    regionId: key,
    predictedBox: box,
    box,
    confirmed: false,
    removed: false,
    concepts: concept ? [{ id: concept, name: concept, predictedValue: value, judgement: 'unsure' }] : [],
  };
}

export function sampleReview(overrides: Partial<ReviewState> = {}): ReviewState {
  return {
    outputId: 'out-1',
    inputId: 'in-1',
    modelId: 'logo',
    imageUrl: 'https://example.com/logo-002.jpg',
    imageConcepts: [{ id: 'ai_dog', name: 'dog', predictedValue: 0.97, judgement: 'unsure' }],
    regions: [
      predictedRegion('r1', { top: 0.3, left: 0.2, bottom: 0.7, right: 0.8 }, 'ai_TG4GHlnf'),
      predictedRegion('r2', { top: 0.1, left: 0.1, bottom: 0.2, right: 0.2 }, 'ai_other', 0.4),
    ],
    ...overrides,
  };
}
