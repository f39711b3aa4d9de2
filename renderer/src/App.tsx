import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { ReviewScreen } from './review/ReviewScreen.tsx';
import { TriageScreen } from './triage/TriageScreen.tsx';
import { useAppStore, type View } from './state/appStore.ts';
import type { ConnectionState } from '../../shared/contract.ts';
import { AppNotice } from './views/AppNotice.tsx';
import { ConnectionBanner } from './views/ConnectionBanner.tsx';
import { DropImport } from './views/DropImport.tsx';
import { ErrorBanner } from './views/ErrorBanner.tsx';
import { FirstRunBanner } from './views/FirstRunBanner.tsx';
import { ReviewerPrompt } from './views/ReviewerPrompt.tsx';
import { ImportView } from './views/ImportView.tsx';
import { OfflineBanner } from './views/OfflineBanner.tsx';
import { QueueView } from './views/QueueView.tsx';
import { SearchView } from './views/SearchView.tsx';
import { SettingsView } from './views/SettingsView.tsx';
import { SyncIndicator } from './views/SyncIndicator.tsx';
import { TeamView } from './views/TeamView.tsx';

// The report pulls in the charting library: load it when it is first opened, not at start-up.
const ReportView = lazy(() =>
  import('./views/ReportView.tsx').then((module) => ({ default: module.ReportView })),
);

/** The app's screens, in the order of the top bar. */
const views: { id: View; label: string; render: () => ReactNode }[] = [
  { id: 'review', label: 'Review', render: () => <ReviewScreen /> },
  { id: 'triage', label: 'Triage', render: () => <TriageScreen /> },
  { id: 'search', label: 'Search', render: () => <SearchView /> },
  { id: 'import', label: 'Import', render: () => <ImportView /> },
  { id: 'queue', label: 'Queue', render: () => <QueueView /> },
  { id: 'report', label: 'Report', render: () => <ReportView /> },
  { id: 'team', label: 'Team', render: () => <TeamView /> },
  { id: 'settings', label: 'Settings', render: () => <SettingsView /> },
];

const connectionLabels: Record<ConnectionState, string> = {
  connecting: 'Starting…',
  open: 'Connected to Loupe',
  closed: 'Reconnecting to Loupe…',
  refused: 'Session ended',
};

export function App() {
  const load = useAppStore((state) => state.load);
  const view = useAppStore((state) => state.view);
  const setView = useAppStore((state) => state.setView);
  const connection = useAppStore((state) => state.connection);
  const theme = useAppStore((state) => state.settings?.theme);

  useEffect(() => {
    void load();
  }, [load]);

  // The stylesheet follows the OS unless Settings → Theme says otherwise (styles.css, :root).
  useEffect(() => {
    if (theme) document.documentElement.dataset.theme = theme;
  }, [theme]);

  const current = views.find((entry) => entry.id === view) ?? views[0]!;
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Loupe</span>
        <nav className="nav" aria-label="Screens">
          {views.map((entry) => (
            <button
              key={entry.id}
              type="button"
              className={entry.id === view ? 'nav-item active' : 'nav-item'}
              aria-current={entry.id === view ? 'page' : undefined}
              onClick={() => setView(entry.id)}
            >
              {entry.label}
            </button>
          ))}
        </nav>
        <span className="spacer" />
        <SyncIndicator />
        {/* The link to Loupe's own main side, not to the endpoint (that is the sync state beside it):
            said only while it is down, so "Connected" never sits beside "Offline". */}
        <span
          className={`connection connection-${connection}`}
          data-testid="connection-state"
          data-state={connection}
          hidden={connection === 'open'}
        >
          {connectionLabels[connection]}
        </span>
      </header>
      <ConnectionBanner />
      <DropImport />
      <OfflineBanner />
      <FirstRunBanner />
      <ReviewerPrompt />
      <ErrorBanner />
      <AppNotice />
      <main className="content">
        <Suspense fallback={<p className="muted">Loading…</p>}>{current.render()}</Suspense>
      </main>
    </div>
  );
}
