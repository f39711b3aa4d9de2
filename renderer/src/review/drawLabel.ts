import type { ReviewState } from '../../../shared/review.ts';
import type { ReviewPatch } from '../../../shared/reviewOps.ts';
import type { ConceptRef } from './conceptCatalog.ts';

/** The label a drawn region starts with, and the model whose vocabulary it belongs to. */
export interface DrawLabel extends ConceptRef {
  modelId: string;
}

/**
 * The label a newly drawn region gets after an edit: the last region concept the reviewer set
 * true (an accept sets its label true too); a concept judged false is never carried, and if it
 * was the draw label, the draw label is gone (docs/review.md, "A drawn region").
 */
export function drawLabelAfter(
  current: DrawLabel | undefined,
  before: ReviewState,
  forward: ReviewPatch,
): DrawLabel | undefined {
  let next = current;
  const previous = new Map(before.regions.map((region) => [region.key, region]));
  for (const [key, region] of Object.entries(forward.regions ?? {})) {
    if (!region || region.removed) continue;
    const was = new Map(
      (previous.get(key)?.concepts ?? []).map((concept) => [concept.id, concept.judgement]),
    );
    for (const concept of region.concepts) {
      const judgement = was.get(concept.id);
      if (concept.judgement === judgement) continue;
      if (concept.judgement === 'true')
        next = { id: concept.id, name: concept.name, modelId: before.modelId };
      else if (concept.judgement === 'false' && next?.id === concept.id && next.modelId === before.modelId)
        next = undefined;
    }
  }
  return next;
}
