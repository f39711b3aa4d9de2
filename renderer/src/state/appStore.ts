import { create } from 'zustand';
import type { AppInfo, ConnectionState } from '../../../shared/contract.ts';
import type { ContractError } from '../../../shared/result.ts';
import type { Settings, SettingsPatch } from '../../../shared/settings.ts';
import { loupe } from '../loupe.ts';

interface AppState {
  info: AppInfo | undefined;
  settings: Settings | undefined;
  connection: ConnectionState;
  /** The last failure worth showing, with the main side's own message. */
  error: ContractError | undefined;
  load: () => Promise<void>;
  updateSettings: (patch: SettingsPatch) => Promise<boolean>;
  dismissError: () => void;
}

export const useAppStore = create<AppState>((set) => ({
  info: undefined,
  settings: undefined,
  connection: 'connecting',
  error: undefined,
  async load() {
    const [info, settings] = await Promise.all([
      loupe.invoke('app.info', {}),
      loupe.invoke('settings.get', {}),
    ]);
    set({
      info: info.ok ? info.value : undefined,
      settings: settings.ok ? settings.value : undefined,
      error: !info.ok ? info.error : !settings.ok ? settings.error : undefined,
    });
  },
  async updateSettings(patch) {
    const result = await loupe.invoke('settings.set', patch);
    if (result.ok) set({ settings: result.value, error: undefined });
    else set({ error: result.error });
    return result.ok;
  },
  dismissError: () => set({ error: undefined }),
}));

// Keep every window in step: another window (or the CLI) may change settings.
loupe.on('settings.changed', (settings) => useAppStore.setState({ settings }));
loupe.onConnection((connection) => {
  const wasDown = useAppStore.getState().connection !== 'open';
  useAppStore.setState({ connection });
  // Events sent while the connection was down are lost: read the state again.
  if (connection === 'open' && wasDown) void useAppStore.getState().load();
});
