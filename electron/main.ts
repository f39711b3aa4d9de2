import { BrowserWindow, app, ipcMain, net, protocol, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLoupeApp } from './loupeApp.ts';
import { appOrigin, appScheme, resolveAppPath } from './shell/appProtocol.ts';
import { contentSecurityPolicy } from './shell/contentSecurityPolicy.ts';
import { registerIpc } from './shell/ipcTransport.ts';
import { secureWebPreferences } from './shell/window.ts';

// Transport A: the Electron shell. Thin on purpose; the services live in loupeApp.ts.
protocol.registerSchemesAsPrivileged([
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) app.quit();

const rendererRoot = join(__dirname, '..', 'renderer');

async function ready(): Promise<void> {
  await app.whenReady();
  const loupe = createLoupeApp({ dataDir: app.getPath('userData'), transport: 'electron' });

  protocol.handle(appScheme, async (request) => {
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
    loupe.close();
    app.quit();
  });
  await window.loadURL(`${appOrigin}/index.html`);
}

ready().catch((error: unknown) => {
  console.error('Loupe failed to start:', error);
  app.exit(1);
});
