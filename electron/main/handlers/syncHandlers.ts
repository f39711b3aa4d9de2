import type { OutboxItemView } from '../../../shared/workspaceViews.ts';
import type { Handlers } from '../contract/dispatcher.ts';
import type { MainServices } from '../mainServices.ts';
import type { OutboxItem } from '../workspace/outboxRepo.ts';

export function syncHandlers(
  services: MainServices,
): Pick<
  Handlers,
  'outbox.list' | 'outbox.retry' | 'outbox.discard' | 'sync.status' | 'sync.pause' | 'sync.resume'
> {
  return {
    'outbox.list': ({ offset, limit, state }) => {
      const { workspace } = services.session();
      return {
        items: workspace.outbox
          .list({ offset, limit, state })
          .map((item) =>
            outboxItemView(
              item,
              item.imageId === null ? null : (workspace.images.get(item.imageId)?.source ?? null),
            ),
          ),
      };
    },
    'outbox.retry': ({ ids }) => {
      const session = services.session();
      const retried = session.workspace.outbox.retry(ids);
      session.sync.resume();
      return { retried };
    },
    'outbox.discard': ({ id }) => {
      const session = services.session();
      session.workspace.outbox.discard(id);
      return session.sync.status();
    },
    'sync.status': () => services.session().sync.status(),
    'sync.pause': () => {
      const session = services.session();
      session.sync.pause();
      return session.sync.status();
    },
    'sync.resume': () => {
      const session = services.session();
      session.sync.resume();
      return session.sync.status();
    },
  };
}

/** The queue view of an item: never its body (it may hold image URLs the user did not ask to see). */
export function outboxItemView(item: OutboxItem, imageSource: string | null): OutboxItemView {
  const { target } = item;
  return {
    id: item.id,
    kind: item.kind,
    imageId: item.imageId,
    imageSource,
    destination:
      target.kind === 'model_feedback'
        ? target.modelId
        : target.kind === 'platform_annotations'
          ? `${target.app.userId}/${target.app.appId}`
          : null,
    predictionId: item.predictionId,
    state: item.state,
    attempts: item.attempts,
    nextAttemptAt: item.nextAttemptAt,
    lastError: item.lastError,
    createdAt: item.createdAt,
    deliveredAt: item.deliveredAt,
  };
}
