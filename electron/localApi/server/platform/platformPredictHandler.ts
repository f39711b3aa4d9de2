import { SUCCESS } from '../../../../shared/clarifai/status.ts';
import type { WireRegion } from '../../../../shared/clarifai/data.ts';
import type { AppRef } from '../../../../shared/clarifai/platform/platformPaths.ts';
import {
  strictAnnotationDataSchema,
  type StrictAnnotationData,
} from '../../../../shared/clarifai/platform/platformData.ts';
import { postModelOutputsRequestSchema } from '../../../../shared/clarifai/platform/platformRequests.ts';
import type { ModelRoute } from '../../../../shared/clarifai/paths.ts';
import { inTransaction } from '../../../io/sqlite.ts';
import { newClarifaiId } from '../clarifaiIds.ts';
import { parseJsonBody, validateBody } from '../jsonBody.ts';
import type { ApiRequest, LocalApiContext } from '../localApiContext.ts';
import { checkInputCount } from '../maxInputs.ts';
import { handlePredict } from '../predictHandler.ts';
import type { Reply } from '../reply.ts';
import { resolveModel } from '../resolveModel.ts';
import { nameStatusCodes } from './platformStatus.ts';
import type { StoredAnnotation } from './platformStore.ts';

/** Model annotations wait for a reviewer: what the "review the platform's own annotations" flow lists. */
const awaitingReview = 24157;

interface WireOutput {
  id: string;
  status: { code: number };
  input: { id: string };
  data: { regions?: WireRegion[]; concepts?: unknown[] };
}

/**
 * PostModelOutputs in a platform app (docs/clarifai-platform.md): the v2 predict, which resolves
 * the model the same way and stores outputs for feedback, answered with enum names; and each
 * output also stored as model annotations of the input — one per region, or one input-level
 * annotation for a classifier's concepts — status ANNOTATION_AWAITING_REVIEW, worker the model
 * and its version. An input the app does not have yet is created (already processed: the model
 * has read its image).
 */
export async function handlePlatformPredict(
  context: LocalApiContext,
  request: ApiRequest,
  route: AppRef & { modelId: string; versionId?: string },
): Promise<Reply> {
  const modelRoute: ModelRoute = { resource: 'model', action: 'outputs', ...route };
  const model = resolveModel(modelRoute);
  const json = parseJsonBody(request.body);
  checkInputCount(json, 'inputs');
  const body = validateBody(postModelOutputsRequestSchema, json);
  const reply = await handlePredict(context, request, modelRoute);
  const outputs = (reply.body as { outputs?: WireOutput[] }).outputs ?? [];

  const now = new Date().toISOString();
  const app = { userId: route.userId, appId: route.appId };
  const store = context.platform.store;
  inTransaction(context.db, () => {
    outputs.forEach((output, index) => {
      if (output.status.code !== SUCCESS) return;
      const image = body.inputs[index]?.data.image;
      const v2Input = context.inputs.get(output.input.id);
      if (!store.getInput(app, output.input.id) && v2Input?.imageSha256) {
        store.insertInput(
          {
            ...app,
            id: output.input.id,
            imageUrl: image?.url ?? null,
            sourceKey: image?.url === undefined ? `sha256:${v2Input.imageSha256}` : `url:${image.url}`,
            imageSha256: v2Input.imageSha256,
            statusCode: 30000,
            statusDetails: null,
            metadata: null,
            createdAt: now,
            modifiedAt: now,
          },
          null,
        );
      }
      // An input id the app has not got and whose image was not read: nothing to hang annotations on.
      if (!store.getInput(app, output.input.id)) return;
      const annotation = (
        data: StrictAnnotationData,
        inputLevel: boolean,
        regionId?: string,
      ): StoredAnnotation => ({
        ...app,
        id: newClarifaiId(),
        inputId: output.input.id,
        data,
        annotationInfo:
          regionId === undefined ? { output_id: output.id } : { output_id: output.id, region_id: regionId },
        statusCode: awaitingReview,
        worker: { kind: 'model', id: model.id, versionId: model.versionId },
        inputLevel,
        taskId: null,
        createdAt: now,
        modifiedAt: now,
      });
      const made: StoredAnnotation[] = [];
      for (const region of output.data.regions ?? []) {
        const data = strictAnnotationDataSchema.safeParse({ regions: [region] });
        if (data.success) made.push(annotation(data.data, false, region.id));
      }
      if ((output.data.concepts?.length ?? 0) > 0) {
        const data = strictAnnotationDataSchema.safeParse({ concepts: output.data.concepts });
        if (data.success) made.push(annotation(data.data, true));
      }
      for (const item of made) store.insertAnnotation(item);
    });
  });
  return { ...reply, body: nameStatusCodes(reply.body) };
}
