import type { Handlers } from '../contract/dispatcher.ts';
import type { MainServices } from '../mainServices.ts';
import { loadModelVocabulary } from '../predict/modelVocabularyLoader.ts';

export function vocabularyHandlers(services: MainServices): Pick<Handlers, 'model.vocabulary'> {
  return {
    'model.vocabulary': ({ modelId, refresh }) =>
      loadModelVocabulary(services.session().workspace, services.vocabularySource, modelId, refresh),
  };
}
