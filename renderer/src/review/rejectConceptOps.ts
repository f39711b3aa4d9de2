import type { ReviewState } from '../../../shared/review.ts';
import type { ReviewOp } from '../../../shared/reviewOps.ts';
import type { ConceptRef } from './conceptCatalog.ts';

/**
 * The ops that mark one concept false wherever a review has it — the image's concepts and each
 * region that carries it — matched by id or by name (any case). Judgements already false are
 * left alone, so running it twice changes nothing and journals nothing.
 */
export function rejectConceptOps(state: ReviewState, concept: ConceptRef): ReviewOp[] {
  const name = concept.name.toLowerCase();
  const matches = (candidate: { id: string; name: string }) =>
    candidate.id === concept.id || candidate.name.toLowerCase() === name;
  const ops: ReviewOp[] = [];
  const image = state.imageConcepts.find(matches);
  if (image && image.judgement !== 'false')
    ops.push({
      type: 'setConcept',
      target: 'image',
      concept: { id: image.id, name: image.name },
      judgement: 'false',
    });
  for (const region of state.regions) {
    const found = region.concepts.find(matches);
    if (found && found.judgement !== 'false')
      ops.push({
        type: 'setConcept',
        target: { region: region.key },
        concept: { id: found.id, name: found.name },
        judgement: 'false',
      });
  }
  return ops;
}
