import { useEffect, useState } from 'react';
import type { CommandOutput } from '../../../shared/contract.ts';
import { loupe } from '../loupe.ts';

export type Models = CommandOutput<'models.list'>['models'];

let modelsRequest: Promise<Models> | undefined;

/** The endpoint's models by name, asked once per page load (names instead of hex ids). */
export function useModels(): Models {
  const [models, setModels] = useState<Models>([]);
  useEffect(() => {
    modelsRequest ??= loupe
      .invoke('models.list', {})
      .then((result) => (result.ok ? result.value.models : []))
      .catch(() => []);
    let live = true;
    void modelsRequest.then((list) => live && setModels(list));
    return () => {
      live = false;
    };
  }, []);
  return models;
}

/** A model's name where the endpoint gave one, else its id. */
export function modelLabel(models: Models, modelId: string): string {
  return models.find((model) => model.id === modelId)?.name ?? modelId;
}
