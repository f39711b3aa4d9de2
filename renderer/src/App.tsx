import { useEffect } from 'react';
import { useAppStore } from './state/appStore.ts';
import { ConnectionBanner } from './views/ConnectionBanner.tsx';
import { ErrorBanner } from './views/ErrorBanner.tsx';
import { SettingsView } from './views/SettingsView.tsx';

export function App() {
  const load = useAppStore((state) => state.load);
  const info = useAppStore((state) => state.info);
  const connection = useAppStore((state) => state.connection);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Loupe</span>
        {info && <span className="muted">v{info.version}</span>}
        <span className="spacer" />
        <span className={`connection connection-${connection}`} data-testid="connection-state">
          {connection === 'open' ? 'Connected' : connection}
        </span>
      </header>
      <ConnectionBanner />
      <ErrorBanner />
      <main className="content">
        <SettingsView />
      </main>
    </div>
  );
}
