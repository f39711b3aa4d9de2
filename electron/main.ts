import { BrowserWindow, app, ipcMain, net, protocol, safeStorage, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLoupeApp } from './loupeApp.ts';
import { readMedia, type MediaKind } from './media/mediaService.ts';
import { appOrigin, appScheme } from '../shared/contract.ts';
import { resolveAppPath } from './shell/appProtocol.ts';
import { contentSecurityPolicy } from './shell/contentSecurityPolicy.ts';
import { registerIpc } from './shell/ipcTransport.ts';
import { secureWebPreferences } from './shell/window.ts';
import { SafeStorageKeyVault } from './vault/safeStorageKeyVault.ts';

// Transport A: the Electron shell. Thin on purpose; the services live in loupeApp.ts.
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
  loupe.bus.subscribe((name, payload) => {
    if (name === 'settings.changed')
      plainAccepted = (payload as { acceptPlainKeyStorage: boolean }).acceptPlainKeyStorage;
  });

  protocol.handle(appScheme, async (request) => {
    const media = /^\/media\/(image|thumb)\/(\d+)$/.exec(new URL(request.url).pathname);
    if (media) {
      try {
        const { bytes, contentType } = await readMedia(
          loupe.services.session().workspace,
          media[1] as MediaKind,
          Number(media[2]),
        );
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
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Loupe',
    webPreferences: secureWebPreferences(join(__dirname, 'preload.cjs')),
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${appOrigin}/`)) event.preventDefault();
  });

  const unregister = registerIpc(ipcMain, loupe, () =>
    BrowserWindow.getAllWindows().map((w) => w.webContents),
  );
  app.on('window-all-closed', () => {
    unregister();
    void loupe.close().finally(() => app.quit());
  });
  await window.loadURL(`${appOrigin}/index.html`);
}

ready().catch((error: unknown) => {
  console.error('Loupe failed to start:', error);
  app.exit(1);
});
