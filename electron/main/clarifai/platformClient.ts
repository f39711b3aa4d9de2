import type { StrictAnnotationInput } from '../../../shared/clarifai/platform/platformAnnotation.ts';
import type { StrictInput } from '../../../shared/clarifai/platform/platformInput.ts';
import type { LenientModel } from '../../../shared/clarifai/platform/platformModel.ts';
import {
  platformAnnotationsPath,
  platformInputAnnotationPath,
  platformInputPath,
  platformInputsPath,
  platformModelsPath,
  type AppRef,
} from '../../../shared/clarifai/platform/platformPaths.ts';
import {
  listAnnotationsQuery,
  listModelsQuery,
  type ListAnnotationsParams,
  type ListModelsParams,
} from '../../../shared/clarifai/platform/platformQueries.ts';
import type { PatchAction } from '../../../shared/clarifai/platform/platformRequests.ts';
import {
  multiAnnotationResponseSchema,
  multiInputResponseSchema,
  multiModelResponseSchema,
  platformStatusResponseSchema,
  singleInputResponseSchema,
  type MultiAnnotationResponse,
  type MultiInputResponse,
} from '../../../shared/clarifai/platform/platformResponses.ts';
import type { LenientAnnotation } from '../../../shared/clarifai/platform/platformAnnotation.ts';
import type { LenientInput } from '../../../shared/clarifai/platform/platformInput.ts';
import type { CallOptions, ClarifaiClient } from './clarifaiClient.ts';
import { ClarifaiError } from './ClarifaiError.ts';

/**
 * The calls of today's Clarifai platform that a delivery and the model picker make, in one team
 * app (docs/clarifai-platform.md, "Auth and paths"). Requests go through the v2 client's exchange:
 * the same key handling, timeout and error classification. Batch calls answer per item (10010 /
 * 10020 with items are results, not errors): the caller reads each item's status.
 */
export class PlatformClient {
  readonly #client: ClarifaiClient;
  readonly app: AppRef;

  constructor(client: ClarifaiClient, app: AppRef) {
    this.#client = client;
    this.app = app;
  }

  postInputs(inputs: readonly StrictInput[], call?: CallOptions): Promise<MultiInputResponse> {
    return this.#client.exchange({
      method: 'POST',
      path: platformInputsPath(this.app),
      body: { inputs },
      schema: multiInputResponseSchema,
      call,
      hasItems: (parsed) => parsed.inputs.length > 0,
    });
  }

  async getInput(inputId: string, call?: CallOptions): Promise<LenientInput> {
    const response = await this.#client.exchange({
      method: 'GET',
      path: platformInputPath(this.app, inputId),
      schema: singleInputResponseSchema,
      call,
    });
    if (!response.input) {
      throw new ClarifaiError({
        kind: 'invalid_response',
        request: `GET ${platformInputPath(this.app, inputId)}`,
        reason: 'the answer carries no input',
        retryable: true,
      });
    }
    return response.input;
  }

  postAnnotations(
    annotations: readonly StrictAnnotationInput[],
    call?: CallOptions,
  ): Promise<MultiAnnotationResponse> {
    return this.#client.exchange({
      method: 'POST',
      path: platformAnnotationsPath(this.app),
      body: { annotations },
      schema: multiAnnotationResponseSchema,
      call,
      hasItems: (parsed) => parsed.annotations.length > 0,
    });
  }

  patchAnnotations(
    annotations: readonly StrictAnnotationInput[],
    action: PatchAction,
    call?: CallOptions,
  ): Promise<MultiAnnotationResponse> {
    return this.#client.exchange({
      method: 'PATCH',
      path: platformAnnotationsPath(this.app),
      body: { annotations, action },
      schema: multiAnnotationResponseSchema,
      call,
      hasItems: (parsed) => parsed.annotations.length > 0,
    });
  }

  async listAnnotations(params: ListAnnotationsParams, call?: CallOptions): Promise<LenientAnnotation[]> {
    const response = await this.#client.exchange({
      method: 'GET',
      path: platformAnnotationsPath(this.app) + listAnnotationsQuery(params),
      schema: multiAnnotationResponseSchema,
      call,
    });
    return response.annotations;
  }

  /**
   * Deletes one annotation; one that is not there (24155 naming it) counts as deleted. Any other
   * 404 (11101: the app does not exist) is an error.
   */
  async deleteAnnotation(inputId: string, annotationId: string, call?: CallOptions): Promise<void> {
    try {
      await this.#client.exchange({
        method: 'DELETE',
        path: platformInputAnnotationPath(this.app, inputId, annotationId),
        schema: platformStatusResponseSchema,
        call,
      });
    } catch (error) {
      if (error instanceof ClarifaiError && error.code === 24155) return;
      throw error;
    }
  }

  async listModels(params: ListModelsParams, call?: CallOptions): Promise<LenientModel[]> {
    const response = await this.#client.exchange({
      method: 'GET',
      path: platformModelsPath(this.app) + listModelsQuery(params),
      schema: multiModelResponseSchema,
      call,
    });
    return response.models;
  }
}
