import {
  legacyModelFeedbackRequestSchema,
  legacySearchFeedbackRequestSchema,
  modelFeedbackRequestSchema,
  searchFeedbackRequestSchema,
} from '../../../shared/clarifai/feedback.ts';
import type { AppScope, ModelRoute } from '../../../shared/clarifai/paths.ts';
import { rejection } from './apiError.ts';
import type { FeedbackFlag } from './feedbackFlags.ts';
import { parseJsonBody, validateLenient } from './jsonBody.ts';
import type { ApiRequest, LocalApiContext } from './localApiContext.ts';
import { okReply, type Reply } from './reply.ts';
import { resolveModel } from './resolveModel.ts';

export const requestIdHeader = 'x-loupe-request-id';

/** `X-Loupe-Request-Id`, when sent: what makes a repeated delivery recognisable. */
function requestIdOf(request: ApiRequest): string | null {
  const value = request.headers[requestIdHeader];
  if (value === undefined) return null;
  if (typeof value !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(value)) {
    throw rejection.invalidRequest(
      'X-Loupe-Request-Id must be one value of 1 to 200 visible ASCII characters',
    );
  }
  return value;
}

function common(request: ApiRequest, scope: AppScope) {
  return {
    requestId: requestIdOf(request),
    method: request.method,
    path: request.path,
    userId: scope.userId ?? null,
    appId: scope.appId ?? null,
    body: request.body,
    receivedAt: request.receivedAt,
  };
}

/**
 * `POST {models path}/feedback`: concept and region feedback on one output (docs/clarifai-v2.md §2).
 * The row is committed (synchronous=FULL) before 10000 is answered, so an acknowledged request
 * survives a crash; a request id seen before is acknowledged again and counted, not stored twice.
 */
export async function handleModelFeedback(
  context: LocalApiContext,
  request: ApiRequest,
  route: ModelRoute,
): Promise<Reply> {
  const model = resolveModel(route);
  const requestCommon = common(request, route);
  const { body, legacy } = validateLenient(
    modelFeedbackRequestSchema,
    legacyModelFeedbackRequestSchema,
    parseJsonBody(request.body),
  );
  const { input } = body;
  const outputId = input.feedback_info.output_id;
  const flags: FeedbackFlag[] = [];
  const output = context.outputs.get(outputId);
  if (!output) flags.push('unknown_output');
  else {
    if (output.modelId !== model.id) flags.push('output_of_other_model');
    if (output.inputId !== input.id) flags.push('input_not_in_output');
  }
  if (legacy) flags.push('legacy_body');
  await context.feedback.record({
    ...requestCommon,
    kind: 'model',
    pathModelId: route.modelId,
    modelId: model.id,
    modelVersionId: route.versionId ?? null,
    inputId: input.id,
    outputId,
    searchId: null,
    parsed: body,
    flags,
  });
  return okReply();
}

/** `POST {searches path}/feedback`: a click on a search hit; stored like model feedback. */
export async function handleSearchFeedback(
  context: LocalApiContext,
  request: ApiRequest,
  scope: AppScope,
): Promise<Reply> {
  const requestCommon = common(request, scope);
  const { body, legacy } = validateLenient(
    searchFeedbackRequestSchema,
    legacySearchFeedbackRequestSchema,
    parseJsonBody(request.body),
  );
  const { input } = body;
  const searchId = input.feedback_info.search_id;
  const flags: FeedbackFlag[] = [];
  const hits = context.searches.hits(searchId);
  if (!hits) flags.push('unknown_search');
  else if (!hits.some((hit) => hit.inputId === input.id)) flags.push('input_not_in_search');
  if (legacy) flags.push('legacy_body');
  await context.feedback.record({
    ...requestCommon,
    kind: 'search',
    pathModelId: null,
    modelId: null,
    modelVersionId: null,
    inputId: input.id,
    outputId: null,
    searchId,
    parsed: body,
    flags,
  });
  return okReply();
}
