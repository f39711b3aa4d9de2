import { ipcMain } from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoupeApp, type LoupeApp } from '../../../../electron/main/loupeApp.ts';
import { isTrustedSender, registerIpc } from '../../../../electron/desktop/ipcTransport.ts';
import { appOrigin, ipcChannels } from '../../../../shared/contract.ts';
import { fakeIpcEvent } from '../../../stubs/electron.ts';
import { makeTempDir } from '../../../support/tempDir.ts';

const stubMain = ipcMain as typeof ipcMain & {
  invokeAs(event: unknown, channel: string, ...args: unknown[]): Promise<unknown>;
};

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

function setUp(): { app: LoupeApp; sent: unknown[][] } {
  const temp = makeTempDir();
  const app = createLoupeApp({ dataDir: temp.dir, transport: 'electron', log: () => {} });
  const sent: unknown[][] = [];
  const contents = { isDestroyed: () => false, send: (...args: unknown[]) => void sent.push(args) };
  const unregister = registerIpc(ipcMain, app, () => [contents]);
  cleanups.push(unregister, () => app.close(), temp.cleanup);
  return { app, sent };
}

describe('IPC sender check', () => {
  it('trusts only the main frame of the app origin', () => {
    expect(isTrustedSender(fakeIpcEvent({ url: `${appOrigin}/index.html` }) as never)).toBe(true);
    expect(isTrustedSender(fakeIpcEvent({ url: `${appOrigin}/index.html`, subframe: true }) as never)).toBe(
      false,
    );
    expect(isTrustedSender(fakeIpcEvent({ url: 'https://evil.example/' }) as never)).toBe(false);
    expect(isTrustedSender(fakeIpcEvent({ url: 'file:///etc/passwd' }) as never)).toBe(false);
    expect(isTrustedSender(fakeIpcEvent({ url: 'loupe://app.evil/index.html' }) as never)).toBe(false);
    expect(isTrustedSender({ sender: { mainFrame: null }, senderFrame: null } as never)).toBe(false);
  });

  it('answers the app main frame and refuses a subframe or foreign origin', async () => {
    setUp();
    const trusted = await stubMain.invokeAs(
      fakeIpcEvent({ url: `${appOrigin}/` }),
      ipcChannels.invoke,
      'app.info',
      {},
    );
    expect(trusted).toMatchObject({ ok: true, value: { transport: 'electron' } });
    const subframe = await stubMain.invokeAs(
      fakeIpcEvent({ url: `${appOrigin}/`, subframe: true }),
      ipcChannels.invoke,
      'app.info',
      {},
    );
    expect(subframe).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const foreign = await stubMain.invokeAs(
      fakeIpcEvent({ url: 'http://127.0.0.1:9/' }),
      ipcChannels.invoke,
      'settings.set',
      { reviewerId: 'x' },
    );
    expect(foreign).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('validates input over IPC too and pushes events to every window', async () => {
    const { sent } = setUp();
    const event = fakeIpcEvent({ url: `${appOrigin}/` });
    expect(
      await stubMain.invokeAs(event, ipcChannels.invoke, 'settings.set', { theme: 'neon' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    await stubMain.invokeAs(event, ipcChannels.invoke, 'settings.set', { theme: 'dark' });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.[0]).toBe(ipcChannels.event);
    expect(sent[0]?.[1]).toBe('settings.changed');
    expect(sent[0]?.[2]).toMatchObject({ theme: 'dark' });
  });
});
