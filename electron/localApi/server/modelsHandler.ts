import type { ModelRoute } from '../../../shared/clarifai/paths.ts';
import type { ApiRequest } from './localApiContext.ts';
import { localModels, wireModel } from './modelCatalog.ts';
import { pageQuery } from './pageQuery.ts';
import { okReply, type Reply } from './reply.ts';
import { resolveModel } from './resolveModel.ts';

/** `GET {models path}`: one model, by its id or an alias, with or without its version. */
export function handleGetModel(route: ModelRoute): Reply {
  return okReply({ model: wireModel(resolveModel(route)) });
}

/** `GET /v2/models`: the models this server answers, with names that say what answers. */
export function handleListModels(request: ApiRequest): Reply {
  const { page, perPage } = pageQuery(request);
  return okReply({ models: localModels.slice((page - 1) * perPage, page * perPage).map(wireModel) });
}
