import { parseV2Path } from '../../../shared/clarifai/paths.ts';
import { parsePlatformPath } from '../../../shared/clarifai/platform/platformPaths.ts';
import { rejection } from './apiError.ts';
import { authorize } from './authorize.ts';
import { handleModelFeedback, handleSearchFeedback } from './feedbackHandler.ts';
import { handleAddInputs, handleGetInput, handleListInputs } from './inputsHandler.ts';
import type { ApiRequest, LocalApiContext } from './localApiContext.ts';
import { handleGetModel, handleListModels } from './modelsHandler.ts';
import { routePlatform, servesPlatform } from './platform/platformRouter.ts';
import { handlePredict } from './predictHandler.ts';
import type { Reply } from './reply.ts';
import { handleLegacySearch, handleSearches } from './searchHandler.ts';

function only(request: ApiRequest, ...allowed: readonly string[]): void {
  if (!allowed.includes(request.method)) throw rejection.methodNotAllowed(request.method, allowed);
}

/**
 * Every path form of docs/clarifai-v2.md §1 — bare, with a version, under a user/app, both — through
 * the one parser of shared/clarifai/paths.ts. The key is checked before anything else is said.
 */
export async function routeV2(context: LocalApiContext, request: ApiRequest): Promise<Reply> {
  // Today's platform calls in an app (docs/clarifai-platform.md); the rest is v2 as it always was.
  const platform = parsePlatformPath(request.path);
  if (platform && servesPlatform(context, platform)) return routePlatform(context, request, platform);
  authorize(context, request);
  const route = parseV2Path(request.path);
  const noSuchPath = () => rejection.noSuchPath(`no endpoint at ${request.path}`);
  if (!route) throw noSuchPath();
  switch (route.resource) {
    case 'model':
      switch (route.action) {
        case undefined:
          only(request, 'GET');
          return handleGetModel(route);
        case 'outputs':
          only(request, 'POST');
          return handlePredict(context, request, route);
        case 'feedback':
          only(request, 'POST');
          return handleModelFeedback(context, request, route);
        default:
          throw noSuchPath();
      }
    case 'models':
      only(request, 'GET');
      return handleListModels(request);
    case 'searches':
      only(request, 'POST');
      return route.action === 'feedback'
        ? handleSearchFeedback(context, request, route)
        : handleLegacySearch(context, request);
    case 'inputs':
      if (route.inputId !== undefined) {
        only(request, 'GET');
        return handleGetInput(context, route.inputId);
      }
      only(request, 'GET', 'POST');
      return request.method === 'GET'
        ? handleListInputs(context, request)
        : handleAddInputs(context, request);
    case 'inputsSearches':
      only(request, 'POST');
      return handleSearches(context, request, 'inputs');
    case 'annotationsSearches':
      only(request, 'POST');
      return handleSearches(context, request, 'annotations');
    case 'annotations':
      throw rejection.noSuchPath(
        `${request.path}: the local API does not take annotations; it collects feedback`,
      );
  }
}
