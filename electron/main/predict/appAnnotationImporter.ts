import { SUCCESS } from '../../../shared/clarifai/status.ts';
import type { LenientAnnotation } from '../../../shared/clarifai/platform/platformAnnotation.ts';
import type { AppRef } from '../../../shared/clarifai/platform/platformPaths.ts';
import type { PredictOutput } from '../../../shared/clarifai/predict.ts';
import type { WireRegion } from '../../../shared/clarifai/data.ts';
import { nameBasedId } from '../clarifai/platformIds.ts';
import type { PlatformClient } from '../clarifai/platformClient.ts';
import { inTransaction } from '../../io/sqlite.ts';
import type { ImageRecord } from '../workspace/imageRepo.ts';
import { importUrls } from '../workspace/imageImporter.ts';
import type { Workspace } from '../workspace/workspace.ts';

/** ListAnnotations' page size: the platform's maximum and default. */
const pageSize = 128;

export interface AppImportOptions {
  modelVersionId: string;
  /** Only annotations waiting for a reviewer (ANNOTATION_AWAITING_REVIEW). */
  awaitingReviewOnly: boolean;
  onProgress?: (progress: { done: number; total: number }) => void;
}

export interface AppImportReport {
  /** Model annotations listed. */
  annotations: number;
  /** Inputs they are on. */
  inputs: number;
  /** Predictions made to review (one per input). */
  predictions: number;
  /** Inputs whose annotations this workspace holds already. */
  alreadyImported: number;
  skipped: { inputId: string; reason: string }[];
}

/** The model id a workspace gives predictions imported from an app's model annotations. */
export const appModelId = (app: AppRef, modelId: string): string =>
  `app:${app.userId}/${app.appId}/${modelId}`;

/**
 * "Clarifai app" as an import source (auto-annotation QA, docs/clarifai-platform.md): the
 * annotations a model version made in the team's app (ListAnnotations by `model_version_ids`,
 * paged) become one prediction per input to review. Each region keeps its annotation's id as its
 * region id, so submitting can set that annotation's status; the prediction remembers the app's
 * input, so the reviewer's annotations land beside the model's. An input is matched to a workspace
 * image by content hash (Loupe's input ids) or URL; an input given by URL only is added as a URL
 * image; anything else is skipped with the reason.
 */
export async function importAppAnnotations(
  workspace: Workspace,
  platform: PlatformClient,
  options: AppImportOptions,
): Promise<AppImportReport> {
  const byInput = new Map<string, LenientAnnotation[]>();
  let listed = 0;
  for (let page = 1; ; page++) {
    const annotations = await platform.listAnnotations({
      modelVersionIds: [options.modelVersionId],
      ...(options.awaitingReviewOnly ? { statusCodes: ['ANNOTATION_AWAITING_REVIEW'] } : {}),
      page,
      perPage: pageSize,
    });
    for (const annotation of annotations) {
      if (!annotation.input_id || annotation.input_level) continue;
      const list = byInput.get(annotation.input_id) ?? [];
      list.push(annotation);
      byInput.set(annotation.input_id, list);
    }
    listed += annotations.length;
    options.onProgress?.({ done: listed, total: listed + (annotations.length === pageSize ? pageSize : 0) });
    if (annotations.length < pageSize) break;
  }

  const report: AppImportReport = {
    annotations: listed,
    inputs: byInput.size,
    predictions: 0,
    alreadyImported: 0,
    skipped: [],
  };
  for (const [inputId, annotations] of byInput) {
    const image = await imageOf(workspace, platform, inputId);
    if (typeof image === 'string') {
      report.skipped.push({ inputId, reason: image });
      continue;
    }
    const modelId = annotations.find((annotation) => annotation.worker?.model)?.worker?.model?.id ?? 'model';
    const output = outputOf(platform.app, inputId, options.modelVersionId, modelId, annotations);
    const model = appModelId(platform.app, modelId);
    inTransaction(workspace.db, () => {
      const existing = workspace.predictions.forImage(image.id).find((p) => p.modelId === model);
      if (existing?.statusCode === SUCCESS) {
        report.alreadyImported += 1;
        return;
      }
      const prediction = workspace.predictions.record(image.id, model, output);
      workspace.db
        .prepare(
          `INSERT OR REPLACE INTO platform_sources (prediction_id, user_id, app_id, input_id, model_version_id)
           VALUES (?, ?, ?, ?, ?)`,
        )
        .run(prediction.id, platform.app.userId, platform.app.appId, inputId, options.modelVersionId);
      report.predictions += 1;
    });
  }
  return report;
}

/** The workspace image an input of the app shows, or why there is none. */
async function imageOf(
  workspace: Workspace,
  platform: PlatformClient,
  inputId: string,
): Promise<ImageRecord | string> {
  // Loupe's own inputs are named by the image's content hash.
  const byHash = /^[0-9a-f]{64}$/.test(inputId) ? workspace.images.byHash(inputId) : undefined;
  if (byHash) return byHash;
  let url: string | undefined;
  try {
    const input = await platform.getInput(inputId);
    const image = input.data?.['image'] as { url?: unknown } | undefined;
    url = typeof image?.url === 'string' ? image.url : undefined;
  } catch (error) {
    return `the input could not be read (${error instanceof Error ? error.message : String(error)})`;
  }
  if (url === undefined) return 'its image is not in this workspace and the app gives no URL for it';
  const imported = importUrls(workspace, [url]);
  return imported.added[0] ?? imported.duplicates[0] ?? imported.failed[0]?.reason ?? 'its URL was refused';
}

/**
 * The model annotations of one input as a predict output: each annotation's region keeps the
 * annotation id (`id#n` for the n-th of several), and the concepts with their values.
 */
function outputOf(
  app: AppRef,
  inputId: string,
  versionId: string,
  modelId: string,
  annotations: readonly LenientAnnotation[],
): PredictOutput {
  const regions: WireRegion[] = annotations.flatMap((annotation) => {
    const list = annotation.data?.regions ?? [];
    return list.map((region, index) => ({
      ...region,
      id: list.length === 1 ? annotation.id : `${annotation.id}#${index}`,
    }));
  });
  return {
    id: nameBasedId(['app-output', app.userId, app.appId, versionId, inputId]),
    status: { code: SUCCESS, description: 'Ok' },
    model: { id: modelId, model_version: { id: versionId } },
    input: { id: inputId },
    data: { regions },
  };
}
