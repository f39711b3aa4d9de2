import { contextBridge, ipcRenderer, webUtils } from 'electron';
import {
  appOrigin,
  ipcChannels,
  isCommandName,
  isEventName,
  type LoupeApi,
} from '../../../shared/contract.ts';
import { fail } from '../../../shared/result.ts';

// Exposes exactly the contract: one invoke for the commands of the table, one subscription for
// its events. Nothing else of ipcRenderer reaches the page.
const api: LoupeApi = {
  invoke: (name, input) =>
    isCommandName(name)
      ? ipcRenderer.invoke(ipcChannels.invoke, name, input)
      : Promise.resolve(fail('unknown_command', `Unknown command: ${String(name)}`)),
  on: (name, listener) => {
    if (!isEventName(name)) return () => {};
    const handler = (_event: unknown, eventName: unknown, payload: unknown) => {
      if (eventName === name) (listener as (payload: unknown) => void)(payload);
    };
    ipcRenderer.on(ipcChannels.event, handler);
    return () => ipcRenderer.removeListener(ipcChannels.event, handler);
  },
  pathForFile: (file) =>
    webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]) || undefined,
  // The desktop app imports a dropped file where it is (pathForFile); nothing is copied.
  uploadFile: () =>
    Promise.resolve(fail('unavailable', 'The desktop app imports dropped files from where they are')),
  pickPaths: (request) => ipcRenderer.invoke(ipcChannels.pickPaths, request),
  mediaUrl: (imageId, kind) => `${appOrigin}/media/${kind}/${Number(imageId)}`,
  cropUrl: (predictionId, regionKey) =>
    `${appOrigin}/media/crop/${Number(predictionId)}/${encodeURIComponent(regionKey)}`,
  onConnection: (listener) => {
    // IPC has no connection to lose while the window exists.
    listener('open');
    return () => {};
  },
};

contextBridge.exposeInMainWorld('loupe', api);
