import { create } from 'zustand';
import type { AppInfo, ConnectionState } from '../../../shared/contract.ts';
import type { ContractError, Result } from '../../../shared/result.ts';
import type { Settings, SettingsPatch } from '../../../shared/settings.ts';
import type { SyncStatusView } from '../../../shared/workspaceViews.ts';
import { loupe } from '../loupe.ts';
import { expireNotices } from './expiringNotice.ts';

export type View = 'review' | 'triage' | 'search' | 'import' | 'queue' | 'report' | 'team' | 'settings';

interface AppState {
  view: View;
  info: AppInfo | undefined;
  sync: SyncStatusView | undefined;
  settings: Settings | undefined;
  connection: ConnectionState;
  /** The last failure worth showing, with the main side's own message. */
  error: ContractError | undefined;
  /**
   * Whether it belongs to the app (settings or workspace could not be read at start) — shown until
   * dismissed — rather than to an action on one screen, which another screen or the next
   * successful action takes away (issue 20, bug 3).
   */
  errorOfApp: boolean;
  /** What just happened on no screen in particular (a drop imported); it expires (expiringNotice.ts). */
  notice: string | undefined;
  load: () => Promise<void>;
  setView: (view: View) => void;
  /** An image another screen (search, queue) asked the review screen to show. */
  focusImageId: number | undefined;
  openImage: (imageId: number) => void;
  /** A region the review screen selects once it has shown `focusImageId` (the triage grid's Enter). */
  focusRegion: { predictionId: number; regionKey: string } | undefined;
  openRegion: (imageId: number, predictionId: number, regionKey: string) => void;
  /** Shows a failed result's error; returns the value of a successful one. */
  report: <T>(result: Result<T>) => T | undefined;
  updateSettings: (patch: SettingsPatch) => Promise<boolean>;
  dismissError: () => void;
}

/** Counts settings changes seen, so a slower read cannot undo a newer change. */
let settingsVersion = 0;

export const useAppStore = create<AppState>((set) => ({
  view: 'review',
  sync: undefined,
  info: undefined,
  settings: undefined,
  connection: 'connecting',
  error: undefined,
  errorOfApp: false,
  notice: undefined,
  async load() {
    const asOf = settingsVersion;
    const [info, settings, sync] = await Promise.all([
      loupe.invoke('app.info', {}),
      loupe.invoke('settings.get', {}),
      loupe.invoke('sync.status', {}),
    ]);
    set({
      info: info.ok ? info.value : undefined,
      // A read that started before a change landed (a reconnect reads again) must not put the old
      // settings back.
      ...(asOf === settingsVersion ? { settings: settings.ok ? settings.value : undefined } : {}),
      sync: sync.ok ? sync.value : undefined,
      error: !info.ok ? info.error : !settings.ok ? settings.error : !sync.ok ? sync.error : undefined,
      errorOfApp: !info.ok || !settings.ok || !sync.ok,
    });
  },
  // An error banner belongs to the screen it happened on, and to the action that failed: another
  // screen, or the next action that succeeds, takes it away (issue 20, bug 3).
  setView: (view) =>
    set((state) => (state.view === view ? {} : { view, ...(state.errorOfApp ? {} : { error: undefined }) })),
  focusImageId: undefined,
  openImage: (imageId) => set({ view: 'review', focusImageId: imageId, focusRegion: undefined }),
  focusRegion: undefined,
  openRegion: (imageId, predictionId, regionKey) =>
    set({ view: 'review', focusImageId: imageId, focusRegion: { predictionId, regionKey } }),
  report(result) {
    if (result.ok) {
      const { error, errorOfApp } = useAppStore.getState();
      if (error && !errorOfApp) set({ error: undefined });
      return result.value;
    }
    set({ error: result.error, errorOfApp: false });
    return undefined;
  },
  async updateSettings(patch) {
    const result = await loupe.invoke('settings.set', patch);
    if (result.ok) {
      settingsVersion += 1;
      set({ settings: result.value, error: undefined });
    } else set({ error: result.error });
    return result.ok;
  },
  dismissError: () => set({ error: undefined, errorOfApp: false }),
}));

expireNotices(useAppStore);

// Keep every window in step: another window (or the CLI) may change settings.
loupe.on('settings.changed', (settings) => {
  settingsVersion += 1;
  useAppStore.setState({ settings });
});
loupe.on('sync.status', (sync) => useAppStore.setState({ sync }));
loupe.on('ui.navigate', ({ view }) => useAppStore.setState({ view }));
loupe.onConnection((connection) => useAppStore.setState({ connection }));
// An event sent before the socket opened, or while it was down, is lost: read the state again, but
// only then — App's load at mount reads the start state once (issue 21, one load per piece).
loupe.onEventsMissed?.(() => void useAppStore.getState().load());
