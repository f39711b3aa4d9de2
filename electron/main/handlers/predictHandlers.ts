import type { Handlers } from '../contract/dispatcher.ts';
import { LoupeError } from '../../../shared/LoupeError.ts';
import type { MainServices } from '../mainServices.ts';

/** Predictions from the UI: run a model on some images, retry the failed, remove images. */
export function predictHandlers(
  services: MainServices,
): Pick<
  Handlers,
  'predict.run' | 'predict.retryFailed' | 'predict.status' | 'models.list' | 'images.remove'
> {
  const progress = () => {
    const { predict } = services.session();
    return { ...predict.progress(), blockedBy: predict.blockedBy ?? null };
  };
  return {
    'predict.run': ({ imageIds, status, model }) => {
      const { workspace, predict } = services.session();
      const ids = imageIds ?? (status ? workspace.images.ids(status) : undefined);
      const queued = predict.enqueue(model ?? services.predictModel(), ids);
      services.bus.emit('predict.progress', predict.progress());
      return { queued };
    },
    'predict.retryFailed': ({ imageIds }) => {
      const { predict } = services.session();
      const queued = predict.retryFailed(imageIds);
      services.bus.emit('predict.progress', predict.progress());
      return { queued };
    },
    'predict.status': progress,
    'models.list': async () => {
      try {
        const models = await (await services.getClient()).listModels({ per_page: 200 });
        return {
          models: models.map((model) => ({
            id: model.id,
            name: model.name ?? model.id,
            ...(model.model_type_id ? { modelTypeId: model.model_type_id } : {}),
          })),
        };
      } catch (error) {
        throw new LoupeError('unavailable', error instanceof Error ? error.message : String(error));
      }
    },
    'images.remove': ({ imageIds }) => {
      const removed = services.session().workspace.images.remove(imageIds);
      services.bus.emit('images.changed', { imageIds });
      return { removed };
    },
  };
}
