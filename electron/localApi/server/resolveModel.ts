import type { ModelRoute } from '../../../shared/clarifai/paths.ts';
import { rejection } from './apiError.ts';
import { findModel, type LocalModel } from './modelCatalog.ts';

/**
 * The model a path names (any alias), and its version when the path has one (its first, or its
 * shifted second: modelCatalog.ts): else 404 / 21200.
 */
export function resolveModel(route: ModelRoute): LocalModel {
  const model = findModel(route.modelId);
  if (!model) {
    throw rejection.noSuchModel(
      `model "${route.modelId}" does not exist on this server; GET /v2/models lists the models it has`,
    );
  }
  if (route.versionId !== undefined && route.versionId === model.shiftedVersionId)
    return { ...model, versionId: route.versionId, shifted: true };
  if (route.versionId !== undefined && route.versionId !== model.versionId) {
    throw rejection.noSuchModel(
      `model "${route.modelId}" has no version "${route.versionId}"; its version is "${model.versionId}"`,
    );
  }
  return model;
}
