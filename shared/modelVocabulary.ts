import { z } from 'zod';

/**
 * The concepts of one model: what the model lists for itself (`GET {models path}`,
 * `output_info.data.concepts`) and every concept its predictions in this workspace carried.
 * Typed names resolve against it by name, any case (docs/vocabulary.md).
 */
export const vocabularyConceptSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  /** `model`: the model's own listing; `seen`: only in predictions so far. */
  source: z.enum(['model', 'seen']),
  /** How many predicted regions and image concepts carried it: the order of the 1–9 keys. */
  seen: z.number().int().min(0),
});
export type VocabularyConcept = z.infer<typeof vocabularyConceptSchema>;

export const modelVocabularySchema = z.object({
  modelId: z.string().min(1),
  concepts: z.array(vocabularyConceptSchema),
  /** When the model's listing was loaded (once per model and workspace); absent until it was. */
  listedAt: z.string().optional(),
  /** Why the listing could not be loaded (the seen concepts still are). */
  listingError: z.string().optional(),
});
export type ModelVocabulary = z.infer<typeof modelVocabularySchema>;

/** The concept a typed name means in a vocabulary (by name or id, any case), if any. */
export function findByName(
  concepts: readonly { id: string; name: string }[],
  typed: string,
): { id: string; name: string } | undefined {
  const key = typed.trim().toLowerCase();
  if (key === '') return undefined;
  return (
    concepts.find((concept) => concept.name.trim().toLowerCase() === key) ??
    concepts.find((concept) => concept.id.toLowerCase() === key)
  );
}
