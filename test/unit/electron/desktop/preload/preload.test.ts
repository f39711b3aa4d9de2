import { describe, expect, it } from 'vitest';
import type { LoupeApi } from '../../../../../shared/contract.ts';
import { ipcChannels } from '../../../../../shared/contract.ts';
import { exposedInMainWorld, ipcRenderer } from '../../../../stubs/electron.ts';

describe('preload', () => {
  it('exposes exactly the contract as window.loupe', async () => {
    await import('../../../../../electron/desktop/preload/preload.ts');
    expect([...exposedInMainWorld.keys()]).toEqual(['loupe']);
    const api = exposedInMainWorld.get('loupe') as LoupeApi;
    expect(Object.keys(api).sort()).toEqual([
      'cropUrl',
      'invoke',
      'mediaUrl',
      'on',
      'onConnection',
      'pathForFile',
      'pickPaths',
      'uploadFile',
    ]);
    const dropped = { name: 'a.jpg', arrayBuffer: () => Promise.resolve(new ArrayBuffer(0)) };
    expect(api.pathForFile(dropped)).toBe('/dropped/a.jpg');
    // The desktop app imports a dropped file where it lies: nothing is uploaded.
    expect(await api.uploadFile(dropped)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(api.mediaUrl(7, 'thumb')).toBe('loupe://app/media/thumb/7');
    expect(api.cropUrl(7, 'face/1 a')).toBe('loupe://app/media/crop/7/face%2F1%20a');

    await api.pickPaths?.({ kind: 'folder' });
    expect(ipcRenderer.invocations.at(-1)).toEqual({
      channel: ipcChannels.pickPaths,
      args: [{ kind: 'folder' }],
    });

    await api.invoke('app.info', {});
    expect(ipcRenderer.invocations.at(-1)).toEqual({ channel: ipcChannels.invoke, args: ['app.info', {}] });

    const before = ipcRenderer.invocations.length;
    const refused = await api.invoke('vault.exportKey' as never, {} as never);
    expect(refused).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    expect(ipcRenderer.invocations.length).toBe(before);
  });

  it('delivers only the subscribed event and unsubscribes', async () => {
    await import('../../../../../electron/desktop/preload/preload.ts');
    const api = exposedInMainWorld.get('loupe') as LoupeApi;
    const received: unknown[] = [];
    const stop = api.on('settings.changed', (payload) => received.push(payload));
    ipcRenderer.emit(ipcChannels.event, 'settings.changed', { theme: 'dark' });
    ipcRenderer.emit(ipcChannels.event, 'something.else', { theme: 'light' });
    stop();
    ipcRenderer.emit(ipcChannels.event, 'settings.changed', { theme: 'light' });
    expect(received).toEqual([{ theme: 'dark' }]);
    expect(ipcRenderer.listenerCount(ipcChannels.event)).toBe(0);
  });
});
