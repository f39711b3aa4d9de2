import { useAppStore } from '../state/appStore.ts';

const labels = {
  idle: 'Synced',
  syncing: 'Syncing',
  paused: 'Paused',
  offline: 'Offline',
  blocked: 'Needs attention',
} as const;

/** Sync state in the top bar: state, pending and failed counts, and progress while sending. */
export function SyncIndicator() {
  const sync = useAppStore((state) => state.sync);
  const setView = useAppStore((state) => state.setView);
  if (!sync) return null;
  const total = sync.pending + sync.delivered;
  return (
    <button
      type="button"
      className={`sync sync-${sync.state}`}
      data-testid="sync-indicator"
      title={sync.lastError?.description ?? 'Open the queue'}
      onClick={() => setView('queue')}
    >
      <span className="sync-state">{labels[sync.state]}</span>
      <span className="sync-counts">
        {sync.pending} pending{sync.failed > 0 ? ` · ${sync.failed} failed` : ''}
      </span>
      {sync.state === 'syncing' && total > 0 && (
        <progress max={total} value={sync.delivered} aria-label="Sync progress" />
      )}
    </button>
  );
}
