import type { OutboxItemView } from '../../shared/workspaceViews.ts';
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
    'outbox.list': ({ offset, limit, state }) => ({
      items: services.session().workspace.outbox.list({ offset, limit, state }).map(outboxItemView),
    }),
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
export function outboxItemView(item: OutboxItem): OutboxItemView {
  return {
    id: item.id,
    kind: item.kind,
    imageId: item.imageId,
    predictionId: item.predictionId,
    state: item.state,
    attempts: item.attempts,
    nextAttemptAt: item.nextAttemptAt,
    lastError: item.lastError,
    createdAt: item.createdAt,
    deliveredAt: item.deliveredAt,
  };
}
