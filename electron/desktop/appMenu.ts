import type { MenuItemConstructorOptions } from 'electron';

/** What the menu can ask the app to do; the renderer is told through the same contract events. */
export interface MenuActions {
  importFiles(): void;
  importFolder(): void;
  openWorkspace(): void;
  showView(view: 'review' | 'queue' | 'settings'): void;
}

/**
 * The application menu: the main actions with their shortcuts. Review shortcuts themselves live in
 * the renderer's registry (remappable); the menu carries app-level ones only.
 */
export function appMenuTemplate(
  actions: MenuActions,
  platform: NodeJS.Platform,
): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Import Images…', accelerator: 'CmdOrCtrl+O', click: () => actions.importFiles() },
        { label: 'Import Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.importFolder() },
        { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+Alt+O', click: () => actions.openWorkspace() },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Review', accelerator: 'CmdOrCtrl+1', click: () => actions.showView('review') },
        { label: 'Queue', accelerator: 'CmdOrCtrl+2', click: () => actions.showView('queue') },
        { label: 'Settings', accelerator: 'CmdOrCtrl+,', click: () => actions.showView('settings') },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
