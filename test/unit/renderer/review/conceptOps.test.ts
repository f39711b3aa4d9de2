import { describe, expect, it } from 'vitest';
import { resolveConcept, withConceptsOf } from '../../../../renderer/src/review/conceptCatalog.ts';
import { rejectConceptOps } from '../../../../renderer/src/review/rejectConceptOps.ts';
import { sampleReview } from '../../../support/reviewFixtures.ts';

describe('the concept catalog', () => {
  it('collects image and region concepts by name, and stays the same map when nothing is new', () => {
    const catalog = withConceptsOf(new Map(), [sampleReview()]);
    expect([...catalog.keys()].sort()).toEqual(['ai_other', 'ai_tg4ghlnf', 'dog']);
    expect(withConceptsOf(catalog, [sampleReview()])).toBe(catalog);
  });

  it('resolves a typed name to a known concept in any case, else to a new concept named by it', () => {
    const catalog = withConceptsOf(new Map(), [sampleReview()]);
    expect(resolveConcept(catalog, ' DOG ')).toEqual({ id: 'ai_dog', name: 'dog' });
    expect(resolveConcept(catalog, 'Bicycle')).toEqual({ id: 'Bicycle', name: 'Bicycle' });
    expect(resolveConcept(catalog, '   ')).toBeUndefined();
  });
});

describe('marking a concept false on chosen images', () => {
  it('makes one op per place the concept appears, matched by id or by name', () => {
    const state = sampleReview();
    state.regions[1]!.concepts.push({ id: 'ai_dog', name: 'dog', predictedValue: 0.3, judgement: 'unsure' });
    expect(rejectConceptOps(state, { id: 'dog', name: 'Dog' })).toEqual([
      { type: 'setConcept', target: 'image', concept: { id: 'ai_dog', name: 'dog' }, judgement: 'false' },
      {
        type: 'setConcept',
        target: { region: 'r2' },
        concept: { id: 'ai_dog', name: 'dog' },
        judgement: 'false',
      },
    ]);
  });

  it('does nothing where the concept is already false or absent', () => {
    const state = sampleReview();
    state.imageConcepts[0]!.judgement = 'false';
    expect(rejectConceptOps(state, { id: 'ai_dog', name: 'dog' })).toEqual([]);
    expect(rejectConceptOps(state, { id: 'cat', name: 'cat' })).toEqual([]);
  });
});
