import type { AppRef, PlatformRoute } from '../../../../shared/clarifai/platform/platformPaths.ts';
import { ApiError, rejection } from '../apiError.ts';
import { authorize } from '../authorize.ts';
import type { ApiRequest, LocalApiContext } from '../localApiContext.ts';
import type { Reply } from '../reply.ts';
import {
  handleDeleteAnnotation,
  handleListAnnotations,
  handlePatchAnnotations,
  handlePostAnnotations,
} from './platformAnnotationsHandler.ts';
import { handleGetInput, handleListInputs, handlePostInputs } from './platformInputsHandler.ts';
import { handlePlatformListModels } from './platformModelsHandler.ts';
import { handlePlatformPredict } from './platformPredictHandler.ts';
import { namedStatus } from './platformStatus.ts';

/**
 * Whether the platform routes answer this path (docs/clarifai-platform.md, "Which paths are the
 * platform's"): everything in a platform app; in any other app, inputs and annotations (to say
 * the app does not exist), while models and predictions keep their v2 behaviour there.
 */
export function servesPlatform(context: LocalApiContext, route: PlatformRoute): boolean {
  if (route.resource === 'models' || route.resource === 'modelOutputs')
    return context.platform.store.hasApp(route);
  return true;
}

function only(request: ApiRequest, ...allowed: readonly string[]): void {
  if (!allowed.includes(request.method)) throw rejection.methodNotAllowed(request.method, allowed);
}

function unknownApp(context: LocalApiContext, app: AppRef): ApiError {
  const known = context.platform.store
    .apps()
    .map((candidate) => `${candidate.userId}/${candidate.appId}`)
    .join(', ');
  return new ApiError(
    11101,
    `app "${app.userId.slice(0, 100)}/${app.appId.slice(0, 100)}" does not exist on this server; its apps are ${known} (loupe serve --platform-app USER/APP adds one)`,
    { httpStatus: 404 },
  );
}

async function dispatch(context: LocalApiContext, request: ApiRequest, route: PlatformRoute): Promise<Reply> {
  authorize(context, request);
  if (!context.platform.store.hasApp(route)) throw unknownApp(context, route);
  switch (route.resource) {
    case 'inputs':
      only(request, 'GET', 'POST');
      return request.method === 'GET'
        ? handleListInputs(context, request, route)
        : handlePostInputs(context, request, route);
    case 'input':
      only(request, 'GET');
      return handleGetInput(context, request, route, route.inputId);
    case 'annotations':
      only(request, 'GET', 'POST', 'PATCH');
      if (request.method === 'GET') return handleListAnnotations(context, request, route);
      return request.method === 'POST'
        ? handlePostAnnotations(context, request, route)
        : handlePatchAnnotations(context, request, route);
    case 'inputAnnotation':
      only(request, 'DELETE');
      return handleDeleteAnnotation(context, request, route, route.inputId, route.annotationId);
    case 'models':
      only(request, 'GET');
      return handlePlatformListModels(request);
    case 'modelOutputs':
      only(request, 'POST');
      return handlePlatformPredict(context, request, route);
  }
}

/**
 * The platform's calls under `/v2/users/{u}/apps/{a}/…`. Every answer, rejections included, names
 * its status codes (`"code":"CONN_KEY_NOT_FOUND"`), as the protobuf JSON mapping does.
 */
export async function routePlatform(
  context: LocalApiContext,
  request: ApiRequest,
  route: PlatformRoute,
): Promise<Reply> {
  try {
    return await dispatch(context, request, route);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const body = { status: namedStatus(error.code, error.details) };
    return Object.keys(error.headers).length > 0
      ? { httpStatus: error.httpStatus, body, headers: error.headers }
      : { httpStatus: error.httpStatus, body };
  }
}
