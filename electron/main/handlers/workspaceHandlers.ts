import { SUCCESS } from '../../../shared/clarifai/status.ts';
import { imageStatuses, type ImageStatus } from '../../../shared/imageStatus.ts';
import type { ImageSummary, WorkspaceInfo } from '../../../shared/workspaceViews.ts';
import { PlatformClient } from '../clarifai/platformClient.ts';
import type { Handlers } from '../contract/dispatcher.ts';
import { importForeignPredictions } from '../interop/interopImporter.ts';
import { importAppAnnotations } from '../predict/appAnnotationImporter.ts';
import { LoupeError } from '../../../shared/LoupeError.ts';
import type { MainServices } from '../mainServices.ts';
import type { ImageRecord } from '../workspace/imageRepo.ts';
import { importFiles, importUrls } from '../workspace/imageImporter.ts';
import type { Workspace } from '../workspace/workspace.ts';

export function workspaceHandlers(
  services: MainServices,
): Pick<
  Handlers,
  | 'workspace.info'
  | 'workspace.open'
  | 'images.import'
  | 'images.importPredictions'
  | 'images.importFromApp'
  | 'images.list'
  | 'images.concepts'
  | 'image.get'
> {
  return {
    'workspace.info': () => workspaceInfo(services.session().workspace),
    'workspace.open': async ({ file, create }) =>
      workspaceInfo((await services.openWorkspace(file, create)).workspace),
    'images.import': async ({ paths, urls }) => {
      const session = services.session();
      const fromFiles = await importFiles(session.workspace, paths, (progress) =>
        services.bus.emit('import.progress', { done: progress.done, total: progress.total }),
      );
      const fromUrls = importUrls(session.workspace, urls);
      const added = [...fromFiles.added, ...fromUrls.added];
      if (added.length > 0) {
        session.predict.enqueue(
          services.predictModel(),
          added.map((image) => image.id),
        );
        services.bus.emit('images.changed', { imageIds: added.map((image) => image.id) });
      }
      return {
        added: added.length,
        duplicates: fromFiles.duplicates.length + fromUrls.duplicates.length,
        failed: [...fromFiles.failed, ...fromUrls.failed],
      };
    },
    'images.importFromApp': async ({ modelVersionId, awaitingReviewOnly }) => {
      const { userId, appId } = services.settings.get().platform;
      const platform = new PlatformClient(await services.getClient(), { userId, appId });
      const { workspace } = services.session();
      const result = await importAppAnnotations(workspace, platform, {
        modelVersionId,
        awaitingReviewOnly,
        onProgress: (progress) => services.bus.emit('import.progress', progress),
      }).catch((error: unknown) => {
        // The platform's code and words (a wrong app: 11101; a missing scope: 11007).
        throw new LoupeError('unavailable', error instanceof Error ? error.message : String(error));
      });
      services.bus.emit('images.changed', { imageIds: [] });
      return { app: `${userId}/${appId}`, ...result };
    },
    'images.importPredictions': async ({ file, kind, imagesDir, modelName, classes }) => {
      const { workspace } = services.session();
      const report = await importForeignPredictions(workspace, file, {
        format: kind,
        ...(imagesDir ? { imagesDir } : {}),
        ...(modelName ? { modelName } : {}),
        ...(classes ? { classes } : {}),
        reviewer: services.settings.get().reviewerId || 'import',
        onProgress: (progress) => services.bus.emit('import.progress', progress),
      });
      services.bus.emit('images.changed', { imageIds: report.imageIds });
      return { ...report, imageIds: report.imageIds.slice(0, 200) };
    },
    'images.list': ({ offset, limit, sort, ...filter }) => {
      const { workspace } = services.session();
      return {
        total: workspace.images.countListed(filter),
        items: workspace.images.list({ offset, limit, sort, ...filter }),
      };
    },
    'images.concepts': () => ({ concepts: services.session().workspace.images.concepts() }),
    'image.get': ({ imageId }) => {
      const { workspace } = services.session();
      const image = workspace.images.get(imageId);
      if (!image) throw new LoupeError('not_found', `No image ${imageId} in this workspace`);
      return {
        image: imageSummary(image),
        predictions: workspace.predictions.forImage(imageId).map((prediction) => ({
          predictionId: prediction.id,
          modelId: prediction.modelId,
          modelVersionId: prediction.modelVersionId,
          statusCode: prediction.statusCode,
          statusDescription: prediction.statusDescription,
          review: prediction.statusCode === SUCCESS ? workspace.reviews.get(prediction.id) : null,
        })),
      };
    },
  };
}

export function workspaceInfo(workspace: Workspace): WorkspaceInfo {
  const byStatus = Object.fromEntries(imageStatuses.map((status) => [status, 0])) as Record<
    ImageStatus,
    number
  >;
  for (const [status, count] of workspace.images.countByStatus()) byStatus[status] = count;
  return { file: workspace.file, images: workspace.images.count(), byStatus };
}

export function imageSummary(image: ImageRecord): ImageSummary {
  return {
    id: image.id,
    source: image.source,
    sourceKind: image.sourceKind,
    width: image.width,
    height: image.height,
    status: image.status,
    error: image.error,
  };
}
