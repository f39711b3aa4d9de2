import type { ReviewState } from '../../../shared/review.ts';

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
 * The concept a typed name means: a known one (any case) keeps its Clarifai id; a new name is its
 * own id, as review.ts allows for concepts the reviewer adds.
 */
export function resolveConcept(
  catalog: ReadonlyMap<string, ConceptRef>,
  typed: string,
): ConceptRef | undefined {
  const name = typed.trim();
  if (name === '') return undefined;
  return catalog.get(name.toLowerCase()) ?? { id: name, name };
}
