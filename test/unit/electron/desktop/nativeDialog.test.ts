import { ipcMain } from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import { dialogOptions, registerPathPicker } from '../../../../electron/desktop/nativeDialog.ts';
import { appOrigin, ipcChannels } from '../../../../shared/contract.ts';
import { fakeIpcEvent } from '../../../stubs/electron.ts';

const stubMain = ipcMain as typeof ipcMain & {
  invokeAs(event: unknown, channel: string, ...args: unknown[]): Promise<unknown>;
};

/** A dialog that records what it was asked and answers as a person would have. */
function fakeDialog(answer: { canceled: boolean; filePaths?: string[]; filePath?: string }) {
  const asked: { kind: 'open' | 'save'; options: unknown }[] = [];
  return {
    asked,
    dialog: {
      showOpenDialog: (...args: unknown[]) => {
        asked.push({ kind: 'open', options: args.at(-1) });
        return Promise.resolve({ canceled: answer.canceled, filePaths: answer.filePaths ?? [] });
      },
      showSaveDialog: (...args: unknown[]) => {
        asked.push({ kind: 'save', options: args.at(-1) });
        return Promise.resolve({ canceled: answer.canceled, filePath: answer.filePath ?? '' });
      },
    },
  };
}

let unregister: (() => void) | undefined;
afterEach(() => {
  unregister?.();
  unregister = undefined;
});

const trusted = () => fakeIpcEvent({ url: `${appOrigin}/index.html` });

describe('native path dialog', () => {
  it('maps each kind of pick onto the dialog’s properties and filters', () => {
    expect(dialogOptions({ kind: 'folder', defaultPath: '/data' })).toEqual({
      save: false,
      options: { defaultPath: '/data', filters: [], properties: ['openDirectory', 'createDirectory'] },
    });
    expect(dialogOptions({ kind: 'file', extensions: ['jpg', 'png'], multiple: true })).toEqual({
      save: false,
      options: {
        filters: [{ name: 'Files', extensions: ['jpg', 'png'] }],
        properties: ['openFile', 'multiSelections'],
      },
    });
    expect(dialogOptions({ kind: 'save', extensions: ['json'] })).toMatchObject({
      save: true,
      options: { filters: [{ name: 'Files', extensions: ['json'] }] },
    });
  });

  it('answers the chosen paths, none when cancelled', async () => {
    const open = fakeDialog({ canceled: false, filePaths: ['/photos/a.jpg', '/photos/b.jpg'] });
    unregister = registerPathPicker(ipcMain, open.dialog, () => undefined);
    expect(
      await stubMain.invokeAs(trusted(), ipcChannels.pickPaths, { kind: 'file', multiple: true }),
    ).toEqual({
      ok: true,
      value: ['/photos/a.jpg', '/photos/b.jpg'],
    });
    unregister();

    const cancelled = fakeDialog({ canceled: true, filePath: '/ignored.json' });
    unregister = registerPathPicker(ipcMain, cancelled.dialog, () => undefined);
    expect(await stubMain.invokeAs(trusted(), ipcChannels.pickPaths, { kind: 'save' })).toEqual({
      ok: true,
      value: [],
    });
    expect(cancelled.asked.map((entry) => entry.kind)).toEqual(['save']);
  });

  it('refuses a foreign frame and a malformed request without opening a dialog', async () => {
    const fake = fakeDialog({ canceled: false, filePaths: ['/x'] });
    unregister = registerPathPicker(ipcMain, fake.dialog, () => undefined);
    expect(
      await stubMain.invokeAs(fakeIpcEvent({ url: 'https://evil.example/' }), ipcChannels.pickPaths, {
        kind: 'folder',
      }),
    ).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(
      await stubMain.invokeAs(trusted(), ipcChannels.pickPaths, { kind: 'folder', extensions: ['.jpg'] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(fake.asked).toEqual([]);
  });
});
