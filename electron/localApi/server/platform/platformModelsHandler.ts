import type { ApiRequest } from '../localApiContext.ts';
import { rejection } from '../apiError.ts';
import { localModels, modelConcepts, wireModel, type LocalModel } from '../modelCatalog.ts';
import type { Reply } from '../reply.ts';
import { okPlatformReply } from './platformBatchReply.ts';
import { checkQueryNames, platformPageQuery } from './platformPageQuery.ts';
import { nameStatusCodes } from './platformStatus.ts';

/** A local model as ListModels answers it: with the concepts it can answer, by id and name. */
export function wirePlatformModel(model: LocalModel): unknown {
  const wire = wireModel(model);
  return nameStatusCodes({
    ...wire,
    output_info: { ...wire.output_info, data: { concepts: modelConcepts(model) } },
  });
}

/** ListModels: the local models, filtered by `model_type_id`, paged (default 128). */
export function handlePlatformListModels(request: ApiRequest): Reply {
  checkQueryNames(request, ['model_type_id', 'page', 'per_page']);
  const types = request.query.getAll('model_type_id');
  if (types.length > 1) throw rejection.invalidRequest('model_type_id must be given once');
  const type = types[0];
  const { page, perPage } = platformPageQuery(request);
  const models = localModels.filter((model) => type === undefined || model.modelTypeId === type);
  return okPlatformReply({
    models: models.slice((page - 1) * perPage, page * perPage).map(wirePlatformModel),
  });
}
