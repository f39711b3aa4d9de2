import { useCallback, useEffect, useState } from 'react';
import type { OutboxItemView } from '../../../shared/workspaceViews.ts';
import { loupe } from '../loupe.ts';
import { useAppStore } from '../state/appStore.ts';
import { imageName } from '../review/ImageRow.tsx';
import { modelLabel, useModels } from '../state/models.ts';
import { BatchSubmitDialog } from './BatchSubmitDialog.tsx';

const kindLabels: Record<OutboxItemView['kind'], string> = {
  model_feedback: 'Review (v2 feedback)',
  platform_annotations: 'Review (platform annotations)',
  search_feedback: 'Search click',
};

/** Every outbox item with its state, attempts and last error; retry, discard, pause/resume. */
export function QueueView() {
  const report = useAppStore((state) => state.report);
  const sync = useAppStore((state) => state.sync);
  const openImage = useAppStore((state) => state.openImage);
  const models = useModels();
  const [items, setItems] = useState<OutboxItemView[]>([]);
  const [submitting, setSubmitting] = useState(false);

  const refresh = useCallback(async () => {
    const result = report(await loupe.invoke('outbox.list', { offset: 0, limit: 500 }));
    if (result) setItems(result.items);
  }, [report]);

  useEffect(() => {
    void refresh();
    return loupe.on('sync.status', () => void refresh());
  }, [refresh]);

  const act = async (run: () => Promise<unknown>) => {
    await run();
    await refresh();
  };

  return (
    <section className="queue" aria-labelledby="queue-title">
      <header className="queue-header">
        <h1 id="queue-title">Queue</h1>
        <button type="button" className="primary" onClick={() => setSubmitting(true)}>
          Submit reviews in progress…
        </button>
        {sync?.state === 'paused' ? (
          <button
            type="button"
            onClick={() => void act(async () => report(await loupe.invoke('sync.resume', {})))}
          >
            Resume sync
          </button>
        ) : (
          <button
            type="button"
            onClick={() => void act(async () => report(await loupe.invoke('sync.pause', {})))}
          >
            Pause sync
          </button>
        )}
        <button
          type="button"
          onClick={() => void act(async () => report(await loupe.invoke('outbox.retry', {})))}
        >
          Retry all
        </button>
      </header>
      {submitting && (
        <BatchSubmitDialog
          onClose={() => {
            setSubmitting(false);
            void refresh();
          }}
        />
      )}
      {/* Offline and blocked already say this in the banner above every screen. */}
      {sync?.lastError && sync.state !== 'offline' && sync.state !== 'blocked' && (
        <p className="banner banner-error" role="alert">
          {sync.lastError.description}
        </p>
      )}
      {items.length === 0 ? (
        <p className="muted">Nothing has been submitted yet.</p>
      ) : (
        <table className="table" data-testid="queue-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Kind</th>
              <th>Image</th>
              <th>To</th>
              <th>State</th>
              <th>Attempts</th>
              <th>Next attempt</th>
              <th>Last error</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} data-state={item.state}>
                <td>{item.id}</td>
                <td>{kindLabels[item.kind]}</td>
                <td>
                  {item.imageId ? (
                    <button
                      type="button"
                      className="link"
                      title={item.imageSource ?? undefined}
                      onClick={() => openImage(item.imageId!)}
                    >
                      {item.imageSource ? imageName(item.imageSource) : `#${item.imageId}`}
                    </button>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  {item.destination === null
                    ? '—'
                    : item.kind === 'model_feedback'
                      ? modelLabel(models, item.destination)
                      : item.destination}
                </td>
                <td>{item.state}</td>
                <td>{item.attempts}</td>
                <td>{item.state === 'pending' ? new Date(item.nextAttemptAt).toLocaleTimeString() : '—'}</td>
                <td className="error-text">{item.lastError?.description ?? ''}</td>
                <td>
                  {(item.state === 'failed' || item.state === 'pending') && (
                    <>
                      <button
                        type="button"
                        onClick={() =>
                          void act(async () => report(await loupe.invoke('outbox.retry', { ids: [item.id] })))
                        }
                      >
                        Retry
                      </button>
                      <button
                        type="button"
                        onClick={() => {
                          if (
                            window.confirm(
                              `Discard queued item #${item.id}${item.imageSource ? ` (${imageName(item.imageSource)})` : ''}? It will not be sent.`,
                            )
                          ) {
                            void act(async () =>
                              report(await loupe.invoke('outbox.discard', { id: item.id })),
                            );
                          }
                        }}
                      >
                        Discard
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
