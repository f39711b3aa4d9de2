import {
  faceVocabularies,
  type FaceVocabulary,
  type WireConcept,
  type WireData,
  type WireRegionData,
} from './data.ts';

/**
 * Face models answer in two shapes (docs/clarifai-v2.md §2): the 2019 one groups a region's concepts
 * under `data.face.{identity, age_appearance, gender_appearance, multicultural_appearance}`, the
 * newer one lists them flat in `data.concepts` with a `vocab_id`. Loupe reads both into the flat
 * form (the face key becomes the `vocab_id`) and, when sending feedback, answers in the shape the
 * model used.
 */
export type RegionConceptShape = 'flat' | 'face';

export function isFaceVocabulary(value: string | undefined): value is FaceVocabulary {
  return (faceVocabularies as readonly string[]).includes(value ?? '');
}

/** A region's concepts in the flat form, whichever shape they came in. */
export function regionConcepts(data: WireRegionData | undefined): WireConcept[] {
  if (!data) return [];
  const concepts = [...(data.concepts ?? [])];
  for (const vocabulary of faceVocabularies) {
    for (const concept of data.face?.[vocabulary]?.concepts ?? []) {
      concepts.push({ ...concept, vocab_id: concept.vocab_id ?? vocabulary });
    }
  }
  return concepts;
}

/** The shape an output used for its regions' concepts, so feedback can answer in kind. */
export function regionConceptShapeOf(data: WireData | undefined): RegionConceptShape {
  return data?.regions?.some((region) => region.data?.face !== undefined) ? 'face' : 'flat';
}
