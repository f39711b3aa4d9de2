import { findByName, type ModelVocabulary } from '../../../shared/modelVocabulary.ts';
import type { ReviewedConcept, ReviewState } from '../../../shared/review.ts';

export interface ConceptRef {
  id: string;
  name: string;
}

/**
 * Concepts seen in the reviews opened so far, by lower-case name: what the add-concept field
 * completes from. Returns the same map when nothing new was seen (no needless re-render).
 */
export function withConceptsOf(
  catalog: ReadonlyMap<string, ConceptRef>,
  states: readonly ReviewState[],
): ReadonlyMap<string, ConceptRef> {
  let next: Map<string, ConceptRef> | undefined;
  for (const state of states) {
    for (const concept of [...state.imageConcepts, ...state.regions.flatMap((region) => region.concepts)]) {
      const name = concept.name.trim() || concept.id;
      const key = name.toLowerCase();
      if ((next ?? catalog).has(key)) continue;
      next ??= new Map(catalog);
      next.set(key, { id: concept.id, name });
    }
  }
  return next ?? catalog;
}

/**
 * The concept a typed name means: the model's own (its vocabulary, by name or id, any case), else
 * one seen in this session's reviews, else a new concept whose id is the typed name, as
 * review.ts allows for concepts the reviewer adds (docs/vocabulary.md).
 */
export function resolveConcept(
  catalog: ReadonlyMap<string, ConceptRef>,
  typed: string,
  vocabulary?: ModelVocabulary,
): ConceptRef | undefined {
  const name = typed.trim();
  if (name === '') return undefined;
  const known = vocabulary && findByName(vocabulary.concepts, name);
  if (known) return { id: known.id, name: known.name };
  return catalog.get(name.toLowerCase()) ?? { id: name, name };
}

/**
 * A concept the model does not know: added by the reviewer and in neither the model's listing
 * nor its predictions. Undecided until the vocabulary is loaded.
 */
export function isNewConcept(concept: ReviewedConcept, vocabulary: ModelVocabulary | undefined): boolean {
  if (concept.predictedValue !== undefined || !vocabulary) return false;
  return !vocabulary.concepts.some((known) => known.id === concept.id);
}
