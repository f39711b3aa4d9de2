import type { StrictAnnotation } from '../../../../shared/clarifai/platform/platformAnnotation.ts';
import type { AppRef } from '../../../../shared/clarifai/platform/platformPaths.ts';
import {
  patchAnnotationsRequestSchema,
  postAnnotationsRequestSchema,
} from '../../../../shared/clarifai/platform/platformRequests.ts';
import type { StrictWorker } from '../../../../shared/clarifai/platform/platformWorker.ts';
import { statusCodeInfo, statusCodeNumber } from '../../../../shared/clarifai/statusCodes.ts';
import { inTransaction } from '../../../io/sqlite.ts';
import { ApiError, rejection } from '../apiError.ts';
import { newClarifaiId } from '../clarifaiIds.ts';
import { parseJsonBody, validateBody } from '../jsonBody.ts';
import type { ApiRequest, LocalApiContext } from '../localApiContext.ts';
import { checkInputCount } from '../maxInputs.ts';
import type { Reply } from '../reply.ts';
import { patchAnnotation } from './annotationPatch.ts';
import { batchReply, okPlatformReply } from './platformBatchReply.ts';
import { checkQueryNames, platformPageQuery } from './platformPageQuery.ts';
import { namedStatus } from './platformStatus.ts';
import type { AnnotationFilter, StoredAnnotation, StoredWorker } from './platformStore.ts';
import { wireAnnotation } from './wirePlatform.ts';

const annotationSuccess = 24150;
const annotationInvalid = 24155;

function storedWorker(worker: StrictWorker | undefined): StoredWorker | undefined {
  if (worker === undefined) return undefined;
  if ('user' in worker) return { kind: 'user', id: worker.user.id, versionId: null };
  if ('model' in worker)
    return { kind: 'model', id: worker.model.id, versionId: worker.model.model_version?.id ?? null };
  return { kind: 'workflow', id: worker.workflow.id, versionId: worker.workflow.version?.id ?? null };
}

/** An item that failed: what was sent, with its own status. */
function failedItem(annotation: StrictAnnotation, id: string | undefined, code: number, details: string) {
  const wire: Record<string, unknown> = { input_id: annotation.input_id, status: namedStatus(code, details) };
  if (id !== undefined) wire['id'] = id;
  return { ok: false, wire };
}

/** The input must exist and be processed before it carries annotations; else the reason, as a status. */
function inputProblem(
  context: LocalApiContext,
  app: AppRef,
  inputId: string,
): { code: number; details: string } | undefined {
  const input = context.platform.store.getInput(app, inputId);
  if (!input) return { code: 30102, details: `app ${app.userId}/${app.appId} has no input "${inputId}"` };
  if (input.statusCode === 30000) return undefined;
  if (input.statusCode === 30002) {
    return {
      code: 30002,
      details: `input "${inputId}" failed to process, so it cannot be annotated: ${input.statusDetails ?? ''}`,
    };
  }
  return {
    code: input.statusCode,
    details: `input "${inputId}" is not processed yet; annotate it once GetInput says INPUT_SUCCESS`,
  };
}

/**
 * PostAnnotations: each annotation on its own — an id the app has already → `24155`; an input
 * that does not exist → `30102`; an input not processed yet → the input's own state (30001 /
 * 30003; 30002 when it failed). Without a worker, the user of the path made it; without a
 * status, it is ANNOTATION_SUCCESS.
 */
export function handlePostAnnotations(context: LocalApiContext, request: ApiRequest, app: AppRef): Reply {
  const json = parseJsonBody(request.body);
  checkInputCount(json, 'annotations');
  const body = validateBody(postAnnotationsRequestSchema, json);
  const now = new Date().toISOString();
  const store = context.platform.store;
  const answers = inTransaction(context.db, () =>
    body.annotations.map((annotation) => {
      const id = annotation.id ?? newClarifaiId();
      const inputId = annotation.input_id ?? '';
      const problem = inputProblem(context, app, inputId);
      if (problem) return failedItem(annotation, id, problem.code, problem.details);
      const data = annotation.data ?? {};
      const stored: StoredAnnotation = {
        ...app,
        id,
        inputId,
        data,
        annotationInfo: annotation.annotation_info ?? null,
        statusCode: annotation.status?.code ?? annotationSuccess,
        worker: storedWorker(annotation.worker) ?? { kind: 'user', id: app.userId, versionId: null },
        inputLevel: annotation.input_level ?? (data.regions === undefined || data.regions.length === 0),
        taskId: annotation.task_id ?? null,
        createdAt: now,
        modifiedAt: now,
      };
      if (!store.insertAnnotation(stored)) {
        return failedItem(
          annotation,
          id,
          annotationInvalid,
          `annotation "${id}" exists already in this app; PATCH it to change it`,
        );
      }
      return { ok: true, wire: wireAnnotation(stored) };
    }),
  );
  return batchReply(
    'annotations',
    answers.map((answer) => answer.wire),
    answers.filter((answer) => !answer.ok).length,
    'annotations',
  );
}

/** PatchAnnotations with `merge`, `overwrite` or `remove` (annotationPatch.ts); an unknown id → `24155`. */
export function handlePatchAnnotations(context: LocalApiContext, request: ApiRequest, app: AppRef): Reply {
  const json = parseJsonBody(request.body);
  checkInputCount(json, 'annotations');
  const body = validateBody(patchAnnotationsRequestSchema, json);
  const now = new Date().toISOString();
  const store = context.platform.store;
  const answers = inTransaction(context.db, () =>
    body.annotations.map((patch) => {
      const id = patch.id ?? '';
      const stored = store.getAnnotation(app, id);
      if (!stored)
        return failedItem(
          patch,
          id,
          annotationInvalid,
          `app ${app.userId}/${app.appId} has no annotation "${id}"`,
        );
      if (patch.input_id !== undefined && patch.input_id !== stored.inputId) {
        return failedItem(
          patch,
          id,
          annotationInvalid,
          `annotation "${id}" is on input "${stored.inputId}", not "${patch.input_id}"`,
        );
      }
      const outcome = patchAnnotation(stored, patch, body.action, {
        deleteIfEmptyData: body.delete_if_empty_data ?? false,
        modifiedAt: now,
        worker: storedWorker(patch.worker),
      });
      if (outcome.deleted) store.deleteAnnotation(app, stored.inputId, stored.id);
      else store.updateAnnotation(outcome.annotation);
      return { ok: true, wire: wireAnnotation(outcome.annotation) };
    }),
  );
  return batchReply(
    'annotations',
    answers.map((answer) => answer.wire),
    answers.filter((answer) => !answer.ok).length,
    'annotations',
  );
}

const listAnnotationsQueryNames = [
  'ids',
  'input_ids',
  'user_ids',
  'model_version_ids',
  'statuses.code',
  'list_all_annotations',
  'page',
  'per_page',
] as const;

function readBoolean(request: ApiRequest, name: string): boolean {
  const values = request.query.getAll(name);
  if (values.length === 0) return false;
  if (values.length === 1 && (values[0] === 'true' || values[0] === 'false')) return values[0] === 'true';
  throw rejection.invalidRequest(`${name} must be true or false, got "${values.join('", "').slice(0, 200)}"`);
}

/** `statuses.code`: status codes by enum name or number, each one the table knows. */
function readStatusCodes(request: ApiRequest): number[] {
  return request.query.getAll('statuses.code').map((text) => {
    const code = statusCodeNumber(text);
    if (code === undefined || statusCodeInfo(code) === undefined) {
      throw rejection.invalidRequest(
        `statuses.code "${text.slice(0, 100)}" is not a status code name or number`,
      );
    }
    return code;
  });
}

/** ListAnnotations with its filters (platformStore.ts says how they combine) and paging (default 128). */
export function handleListAnnotations(context: LocalApiContext, request: ApiRequest, app: AppRef): Reply {
  checkQueryNames(request, listAnnotationsQueryNames);
  const { page, perPage } = platformPageQuery(request);
  const filter: AnnotationFilter = {
    ids: request.query.getAll('ids'),
    inputIds: request.query.getAll('input_ids'),
    userIds: request.query.getAll('user_ids'),
    modelVersionIds: request.query.getAll('model_version_ids'),
    statusCodes: readStatusCodes(request),
    listAll: readBoolean(request, 'list_all_annotations'),
  };
  const annotations = context.platform.store.listAnnotations(app, filter, page, perPage);
  return okPlatformReply({ annotations: annotations.map((annotation) => wireAnnotation(annotation)) });
}

/** DeleteAnnotation: the annotation of that input, or 404 / 24155 when there is none. */
export function handleDeleteAnnotation(
  context: LocalApiContext,
  request: ApiRequest,
  app: AppRef,
  inputId: string,
  annotationId: string,
): Reply {
  checkQueryNames(request, []);
  if (!context.platform.store.deleteAnnotation(app, inputId, annotationId)) {
    throw new ApiError(
      annotationInvalid,
      `input "${inputId}" of app ${app.userId}/${app.appId} has no annotation "${annotationId}"`,
      {
        httpStatus: 404,
      },
    );
  }
  return okPlatformReply();
}
