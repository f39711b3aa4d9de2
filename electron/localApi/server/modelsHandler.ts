import type { ModelRoute } from '../../../shared/clarifai/paths.ts';
import type { ApiRequest } from './localApiContext.ts';
import { localModels, modelConcepts, wireModel } from './modelCatalog.ts';
import { pageQuery } from './pageQuery.ts';
import { okReply, type Reply } from './reply.ts';
import { resolveModel } from './resolveModel.ts';

/**
 * `GET {models path}`: one model, by its id or an alias, with or without its version, with the
 * concepts it knows (`output_info.data.concepts`), as Clarifai's model listing has them.
 */
export function handleGetModel(route: ModelRoute): Reply {
  const model = resolveModel(route);
  const wire = wireModel(model);
  const concepts = modelConcepts(model).map((concept) => ({ ...concept, value: 1, app_id: 'main' }));
  return okReply({ model: { ...wire, output_info: { ...wire.output_info, data: { concepts } } } });
}

/** `GET /v2/models`: the models this server answers, with names that say what answers. */
export function handleListModels(request: ApiRequest): Reply {
  const { page, perPage } = pageQuery(request);
  return okReply({ models: localModels.slice((page - 1) * perPage, page * perPage).map(wireModel) });
}
