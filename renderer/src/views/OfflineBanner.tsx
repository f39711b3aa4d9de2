import { useAppStore } from '../state/appStore.ts';

/**
 * Offline and blocked sync, said plainly with what to do. Feedback is never lost either way: it
 * waits in the outbox.
 */
export function OfflineBanner() {
  const sync = useAppStore((state) => state.sync);
  const setView = useAppStore((state) => state.setView);
  if (sync?.state === 'offline') {
    return (
      <div className="banner banner-warning" role="status" data-testid="offline-banner">
        <span>
          The endpoint cannot be reached. {sync.pending} feedback request(s) are kept and will be sent when it
          answers again{sync.lastError ? ` (last error: ${sync.lastError.description})` : ''}.
        </span>
      </div>
    );
  }
  if (sync?.state === 'blocked' && sync.lastError) {
    return (
      <div className="banner banner-error" role="alert" data-testid="blocked-banner">
        {/* One span: the banner is a flex row, and bare text beside the links would become columns. */}
        <span>
          Sync stopped: {sync.lastError.description}. Fix the key or endpoint in{' '}
          <button type="button" className="link" onClick={() => setView('settings')}>
            Settings
          </button>
          , then retry from the{' '}
          <button type="button" className="link" onClick={() => setView('queue')}>
            queue
          </button>
          .
        </span>
      </div>
    );
  }
  return null;
}
