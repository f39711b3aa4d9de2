import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { appOrigin, ipcChannels } from '../../shared/contract.ts';
import { fail } from '../../shared/result.ts';
import type { LoupeApp } from '../main/loupeApp.ts';

/**
 * Whether an IPC message comes from the app itself: its main frame (not a subframe that some
 * content managed to embed) showing a page of the app's own origin.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame || frame.parent !== null) return false;
  try {
    const url = new URL(frame.url);
    // Compare scheme and host: Node's URL reports a custom scheme's origin as "null".
    return `${url.protocol}//${url.host}` === appOrigin;
  } catch {
    return false;
  }
}

/** Transport A: one `invoke` channel for every command, one event channel to every window. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  app: LoupeApp,
  windows: () => readonly Pick<WebContents, 'send' | 'isDestroyed'>[],
): () => void {
  ipcMain.handle(ipcChannels.invoke, (event, name: unknown, payload: unknown) => {
    if (!isTrustedSender(event)) {
      return fail('unauthorized', 'Refused: IPC from a frame that is not the app');
    }
    return app.dispatch(name, payload);
  });
  const unsubscribe = app.bus.subscribe((name, payload) => {
    for (const contents of windows()) {
      if (!contents.isDestroyed()) contents.send(ipcChannels.event, name, payload);
    }
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(ipcChannels.invoke);
  };
}
