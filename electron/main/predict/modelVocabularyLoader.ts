import type { ModelVocabulary } from '../../../shared/modelVocabulary.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { ModelVocabularySource } from './modelVocabularySource.ts';

/** Loads of a model's listing under way, so two windows opening the same model ask once. */
const loading = new Map<string, Promise<void>>();

/**
 * A model's vocabulary in this workspace: the listing is asked of the endpoint once per model
 * (stored in the workspace, migration 3); a failed listing is said in `listingError` and asked
 * again on the next read, since the endpoint may have been offline. `refresh` asks again anyway.
 */
export async function loadModelVocabulary(
  workspace: Workspace,
  source: ModelVocabularySource,
  modelId: string,
  refresh = false,
): Promise<ModelVocabulary> {
  const concepts = workspace.modelConcepts;
  const current = concepts.get(modelId);
  if (refresh || current.listedAt === undefined) {
    const key = `${workspace.file}\n${modelId}`;
    let pending = loading.get(key);
    if (!pending) {
      pending = source
        .listConcepts(modelId)
        .then(
          (listed) => concepts.recordListing(modelId, listed),
          (error: unknown) =>
            concepts.recordListingError(
              modelId,
              `The model's concept list could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
            ),
        )
        .finally(() => loading.delete(key));
      loading.set(key, pending);
    }
    await pending;
  }
  return concepts.get(modelId);
}
