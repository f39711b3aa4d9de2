import type { InputRepo, StoredInput } from './inputRepo.ts';
import type { ConceptRef, OutputRepo } from './outputRepo.ts';
import type { ConceptSource, SearchIndex } from './searchRanking.ts';

/**
 * The store as search sees it, for one search: inputs whose image was read, the concepts models
 * predicted for them (output_concepts), and the concepts they were added with (by id only).
 */
export function createSearchIndex(inputs: InputRepo, outputs: OutputRepo): SearchIndex {
  let ready: StoredInput[] | undefined;
  const readyInputs = () => (ready ??= inputs.ready().reverse());

  const annotatedScores = (concept: ConceptRef) => {
    const wanted = [concept.id, concept.name?.toLowerCase()].filter((key) => key !== undefined);
    const scores = new Map<string, number>();
    for (const input of readyInputs()) {
      const found = input.concepts.find(
        (annotated) => wanted.includes(annotated.id) || wanted.includes(annotated.id.toLowerCase()),
      );
      if (found) scores.set(input.id, found.value ?? 1);
    }
    return scores;
  };

  return {
    inputIds: () => readyInputs().map((input) => input.id),
    conceptScores(concept: ConceptRef, source: ConceptSource) {
      const predicted = source === 'annotated' ? new Map<string, number>() : outputs.conceptScores(concept);
      if (source === 'predicted') return predicted;
      for (const [id, value] of annotatedScores(concept)) {
        predicted.set(id, Math.max(value, predicted.get(id) ?? 0));
      }
      return predicted;
    },
    inputsWithImage: (sha256) =>
      readyInputs()
        .filter((input) => input.imageSha256 === sha256)
        .map((input) => input.id),
    conceptNamesByInput() {
      const byInput = outputs.conceptNamesByInput();
      for (const input of readyInputs()) {
        if (input.concepts.length === 0) continue;
        const names = byInput.get(input.id) ?? new Set<string>();
        for (const concept of input.concepts)
          if ((concept.value ?? 1) > 0) names.add(concept.id.toLowerCase());
        byInput.set(input.id, names);
      }
      return byInput;
    },
  };
}
