import {
  BrowserWindow,
  Menu,
  Notification,
  app,
  dialog,
  ipcMain,
  net,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appOrigin, appScheme } from '../../shared/contract.ts';
import { prepareFirstRun } from '../main/firstRun.ts';
import { createLoupeApp } from '../main/loupeApp.ts';
import { readCrop, readMedia, type MediaKind } from '../main/media/mediaService.ts';
import { appMenuTemplate } from './appMenu.ts';
import { resolveAppPath } from './appProtocol.ts';
import { contentSecurityPolicy } from '../main/bridge/contentSecurityPolicy.ts';
import { registerIpc } from './ipcTransport.ts';
import { registerPathPicker } from './nativeDialog.ts';
import { denyAllPermissions, guardWebContents } from './webContentsGuards.ts';
import { secureWebPreferences } from './window.ts';
import { defaultWindowSize, loadWindowState, minWindowSize, saveWindowState } from './windowState.ts';
import { SafeStorageKeyVault } from './safeStorageKeyVault.ts';

// Transport A: the Electron shell. Thin on purpose: services live in loupeApp.ts and everything
// here that decides something (guards, CSP, paths, menu, window state) is a tested function.
protocol.registerSchemesAsPrivileged([
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) app.quit();

const rendererRoot = join(__dirname, '..', 'renderer');

async function ready(): Promise<void> {
  await app.whenReady();
  const dataDir = app.getPath('userData');
  // The key is encrypted by the OS keychain; plain storage only when the user accepted it.
  let plainAccepted = false;
  const loupe = createLoupeApp({
    dataDir,
    transport: 'electron',
    vault: new SafeStorageKeyVault(join(dataDir, 'api-key.enc'), safeStorage, () => plainAccepted),
  });
  plainAccepted = loupe.services.settings.get().acceptPlainKeyStorage;

  protocol.handle(appScheme, async (request) => {
    const pathname = new URL(request.url).pathname;
    const media = /^\/media\/(image|thumb)\/(\d+)$/.exec(pathname);
    // A region's crop (the triage grid): named by prediction and region key, never by a file.
    const crop = /^\/media\/crop\/(\d+)\/([^/]+)$/.exec(pathname);
    if (media || crop) {
      try {
        const workspace = loupe.services.session().workspace;
        const { bytes, contentType } = media
          ? await readMedia(workspace, media[1] as MediaKind, Number(media[2]))
          : await readCrop(workspace, loupe.services.crops, Number(crop![1]), decodeURIComponent(crop![2]!));
        return new Response(new Uint8Array(bytes), { headers: { 'Content-Type': contentType } });
      } catch (error) {
        return new Response((error as Error).message, { status: 404 });
      }
    }
    const file = resolveAppPath(rendererRoot, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', contentSecurityPolicy);
    return new Response(response.body, { status: response.status, headers });
  });
  denyAllPermissions(session.defaultSession);

  const stateFile = join(dataDir, 'window-state.json');
  const saved = loadWindowState(stateFile);
  const window = new BrowserWindow({
    ...(saved ?? defaultWindowSize),
    minWidth: minWindowSize.width,
    minHeight: minWindowSize.height,
    title: 'Loupe',
    webPreferences: secureWebPreferences(join(__dirname, 'preload.cjs')),
  });
  if (saved?.maximized) window.maximize();
  guardWebContents(window.webContents, (url) => shell.openExternal(url));
  window.on('close', () =>
    saveWindowState(stateFile, { ...window.getNormalBounds(), maximized: window.isMaximized() }),
  );
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  const importWith = async (properties: ('openFile' | 'openDirectory' | 'multiSelections')[]) => {
    const picked = await dialog.showOpenDialog(window, {
      properties,
      filters: [{ name: 'Images', extensions: ['jpg', 'jpeg', 'png', 'webp', 'tif', 'tiff', 'gif', 'bmp'] }],
    });
    if (!picked.canceled) await loupe.dispatch('images.import', { paths: picked.filePaths });
  };
  const openWorkspace = async () => {
    const picked = await dialog.showOpenDialog(window, { properties: ['openFile', 'promptToCreate'] });
    const file = picked.filePaths[0];
    if (picked.canceled || !file) return;
    // An empty file is a workspace only if the person says so (it may be a file emptied by
    // accident, whose images would otherwise look gone).
    let create = false;
    if (statSync(file, { throwIfNoEntry: false })?.size === 0) {
      const answer = await dialog.showMessageBox(window, {
        type: 'question',
        message: `${file} is an empty file.`,
        detail: 'Create a new, empty workspace in it?',
        buttons: ['Create workspace', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
      });
      if (answer.response !== 0) return;
      create = true;
    }
    const result = await loupe.dispatch('workspace.open', { file, create });
    if (!result.ok) dialog.showErrorBox('Cannot open the workspace', result.error.message);
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate(
        {
          importFiles: () => void importWith(['openFile', 'multiSelections']),
          importFolder: () => void importWith(['openDirectory', 'multiSelections']),
          openWorkspace: () => void openWorkspace(),
          showView: (view) => loupe.bus.emit('ui.navigate', { view }),
        },
        process.platform,
      ),
    ),
  );

  // Dock/taskbar progress during sync; a notification when a long run ends in the background.
  loupe.bus.subscribe((name, payload) => {
    if (name === 'settings.changed')
      plainAccepted = (payload as { acceptPlainKeyStorage: boolean }).acceptPlainKeyStorage;
    if (name !== 'sync.status' || window.isDestroyed()) return;
    const status = payload as { state: string; pending: number; delivered: number };
    const total = status.pending + status.delivered;
    window.setProgressBar(status.state === 'syncing' && total > 0 ? status.delivered / total : -1);
    if (
      status.state === 'idle' &&
      status.delivered > 0 &&
      !window.isFocused() &&
      Notification.isSupported()
    ) {
      new Notification({ title: 'Loupe', body: `Feedback synced: ${status.delivered} delivered.` }).show();
    }
  });

  const unregister = registerIpc(ipcMain, loupe, () =>
    BrowserWindow.getAllWindows().map((w) => w.webContents),
  );
  const unregisterPicker = registerPathPicker(ipcMain, dialog, () =>
    window.isDestroyed() ? undefined : window,
  );
  app.on('window-all-closed', () => {
    unregister();
    unregisterPicker();
    void loupe.close().finally(() => app.quit());
  });
  await window.loadURL(`${appOrigin}/index.html`);
  await prepareFirstRun(loupe.services).catch((error: unknown) => console.error('Sample workspace:', error));
}

ready().catch((error: unknown) => {
  console.error('Loupe failed to start:', error);
  app.exit(1);
});
