import { describe, expect, it } from 'vitest';
import {
  denyAllPermissions,
  guardWebContents,
  isSafeExternalUrl,
} from '../../../../electron/desktop/webContentsGuards.ts';

type Handler = (...args: unknown[]) => unknown;

function fakeContents() {
  const listeners = new Map<string, Handler>();
  let openHandler: Handler | undefined;
  return {
    contents: {
      setWindowOpenHandler: (handler: Handler) => void (openHandler = handler),
      on: (event: string, handler: Handler) => void listeners.set(event, handler),
    },
    open: (url: string) => openHandler?.({ url }),
    /** Fires a navigation-like event; returns whether the guard prevented it. */
    fire(event: string, url?: string): boolean {
      let prevented = false;
      listeners.get(event)?.({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    },
  };
}

describe('web contents guards', () => {
  it('denies every new window and opens only safe https links externally', () => {
    const opened: string[] = [];
    const fake = fakeContents();
    guardWebContents(fake.contents as never, (url) => {
      opened.push(url);
      return Promise.resolve();
    });
    for (const url of [
      'https://docs.clarifai.com/',
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://user:pass@example.com/',
      'loupe://app/index.html',
    ]) {
      expect(fake.open(url)).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://docs.clarifai.com/']);
  });

  it('prevents navigation and redirects away from the app, and webviews', () => {
    const fake = fakeContents();
    guardWebContents(fake.contents as never, () => Promise.resolve());
    expect(fake.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fake.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fake.fire('will-navigate', 'loupe://app/index.html')).toBe(false);
    expect(fake.fire('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(fake.fire('will-attach-webview')).toBe(true);
  });

  it('refuses every permission request and check', () => {
    let requestHandler: Handler | undefined;
    let checkHandler: Handler | undefined;
    denyAllPermissions({
      setPermissionRequestHandler: (handler: Handler) => void (requestHandler = handler),
      setPermissionCheckHandler: (handler: Handler) => void (checkHandler = handler),
    } as never);
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      requestHandler?.({}, permission, (granted: boolean) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false]);
    expect(checkHandler?.({}, 'media')).toBe(false);
  });

  it('accepts only credential-free https URLs as external', () => {
    expect(isSafeExternalUrl('https://clarifai.com/x')).toBe(true);
    expect(isSafeExternalUrl('HTTPS://clarifai.com/x')).toBe(true);
    expect(isSafeExternalUrl('ftp://clarifai.com')).toBe(false);
    expect(isSafeExternalUrl('not a url')).toBe(false);
  });
});
