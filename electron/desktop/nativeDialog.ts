import type { BrowserWindow, Dialog, IpcMain, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { ipcChannels } from '../../shared/contract.ts';
import { pathPickRequestSchema, type PathPickRequest } from '../../shared/fileBrowsing.ts';
import { describeIssues, fail, ok, type Result } from '../../shared/result.ts';
import { isTrustedSender } from './ipcTransport.ts';

/**
 * The system's open or save dialog for the renderer's PathPicker (docs/review.md, "Choosing
 * files and folders"): the same request the bridge build's own picker answers with `files.browse`.
 */
export function dialogOptions(
  request: PathPickRequest,
): { save: true; options: SaveDialogOptions } | { save: false; options: OpenDialogOptions } {
  const filters = request.extensions?.length ? [{ name: 'Files', extensions: request.extensions }] : [];
  const defaultPath = request.defaultPath ? { defaultPath: request.defaultPath } : {};
  if (request.kind === 'save') {
    return {
      save: true,
      options: { ...defaultPath, filters, properties: ['createDirectory', 'showOverwriteConfirmation'] },
    };
  }
  return {
    save: false,
    options: {
      ...defaultPath,
      filters: request.kind === 'file' ? filters : [],
      properties:
        request.kind === 'folder'
          ? ['openDirectory', 'createDirectory']
          : ['openFile', ...(request.multiple ? (['multiSelections'] as const) : [])],
    },
  };
}

/** Answers `LoupeApi.pickPaths` from the app's own main frame only, as every IPC channel does. */
export function registerPathPicker(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>,
  window: () => BrowserWindow | undefined,
): () => void {
  ipcMain.handle(ipcChannels.pickPaths, async (event, payload: unknown): Promise<Result<string[]>> => {
    if (!isTrustedSender(event)) return fail('unauthorized', 'Refused: IPC from a frame that is not the app');
    const request = pathPickRequestSchema.safeParse(payload);
    if (!request.success) return fail('invalid_input', `pickPaths: ${describeIssues(request.error)}`);
    const parent = window();
    const chosen = dialogOptions(request.data);
    if (chosen.save) {
      const picked = parent
        ? await dialog.showSaveDialog(parent, chosen.options)
        : await dialog.showSaveDialog(chosen.options);
      return ok(picked.canceled || !picked.filePath ? [] : [picked.filePath]);
    }
    const picked = parent
      ? await dialog.showOpenDialog(parent, chosen.options)
      : await dialog.showOpenDialog(chosen.options);
    return ok(picked.canceled ? [] : picked.filePaths);
  });
  return () => ipcMain.removeHandler(ipcChannels.pickPaths);
}
