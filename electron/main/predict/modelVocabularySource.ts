import type { ClarifaiClient } from '../clarifai/clarifaiClient.ts';

/**
 * Where a model's own list of concepts comes from. The v2 endpoint answers it in
 * `GET {models path}` as `model.output_info.data.concepts`; another kind of endpoint implements
 * this interface its own way (docs/vocabulary.md).
 */
export interface ModelVocabularySource {
  listConcepts(modelId: string): Promise<{ id: string; name: string }[]>;
}

export function v2VocabularySource(getClient: () => Promise<ClarifaiClient>): ModelVocabularySource {
  return {
    async listConcepts(modelId) {
      const model = await (await getClient()).getModel({ modelId });
      return (model.output_info?.data?.concepts ?? []).map((concept) => ({
        id: concept.id,
        name: concept.name ?? concept.id,
      }));
    },
  };
}
