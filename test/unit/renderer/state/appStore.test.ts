import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { useAppStore as useAppStoreType } from '../../../../renderer/src/state/appStore.ts';
import { defaultSettings, type Settings } from '../../../../shared/settings.ts';

/**
 * The app store over the real bridge client, against a fake main side whose event socket opens
 * when the test says: the order of "state read", "event sent" and "socket open" is the test's.
 * An event sent after the start state was read and before the socket subscribed must not be lost
 * (the start state is read once, not again when the socket opens: issue 21).
 */
class FakeMainSide {
  stream = 'first';
  seq = 0;
  settings: Settings = { ...defaultSettings, theme: 'light' };
  readonly sockets: FakeSocket[] = [];
  readonly calls: string[] = [];

  /** A change whose event reaches only the sockets open now. */
  change(settings: Partial<Settings>): void {
    this.settings = { ...this.settings, ...settings };
    this.seq += 1;
    for (const socket of this.sockets)
      if (socket.isOpen) socket.deliver({ event: 'settings.changed', payload: this.settings, seq: this.seq });
  }

  /** A new process: a new stream, numbered from 0 again. */
  restart(stream: string): void {
    this.stream = stream;
    this.seq = 0;
  }

  readonly fetch = (url: string) => {
    const name = url.replace('/api/invoke/', '');
    this.calls.push(name);
    const cursor = `${this.stream}:${this.seq}`;
    const value =
      name === 'settings.get'
        ? this.settings
        : name === 'app.info'
          ? { version: 'test' }
          : name === 'sync.status'
            ? { state: 'idle' }
            : undefined;
    return Promise.resolve(
      new Response(JSON.stringify({ ok: true, value }), {
        headers: { 'X-Loupe-Event-Cursor': cursor },
      }),
    );
  };

  latest(): FakeSocket {
    return this.sockets.at(-1)!;
  }
}

let main: FakeMainSide;

class FakeSocket {
  isOpen = false;
  readonly #listeners = new Map<string, ((event: { data?: string }) => void)[]>();
  constructor(readonly url: URL) {
    main.sockets.push(this);
  }
  addEventListener(type: string, listener: (event: { data?: string }) => void): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }
  #fire(type: string, event: { data?: string } = {}): void {
    for (const listener of this.#listeners.get(type) ?? []) listener(event);
  }
  /** The main side accepts the socket: subscribed from its current event on (bridgeServer.ts). */
  open(): void {
    this.isOpen = true;
    this.#fire('open');
    this.deliver({ cursor: `${main.stream}:${main.seq}` });
  }
  deliver(frame: unknown): void {
    this.#fire('message', { data: JSON.stringify(frame) });
  }
  drop(): void {
    this.isOpen = false;
    this.#fire('close');
  }
}

async function startPage(): Promise<typeof useAppStoreType> {
  const storage = new Map<string, string>();
  vi.stubGlobal('window', {
    location: { hash: '', href: 'http://127.0.0.1:9/', pathname: '/', search: '' },
    sessionStorage: {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => storage.set(key, value),
    },
  });
  vi.stubGlobal('fetch', main.fetch);
  vi.stubGlobal('WebSocket', FakeSocket);
  const { useAppStore } = await import('../../../../renderer/src/state/appStore.ts');
  return useAppStore;
}

const settingsReads = () => main.calls.filter((name) => name === 'settings.get').length;

describe('app store: events sent before the event socket opens', () => {
  beforeEach(() => {
    vi.resetModules();
    main = new FakeMainSide();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('reads the state again when an event was sent between the start read and the socket opening', async () => {
    const store = await startPage();
    await store.getState().load();
    expect(store.getState().settings?.theme).toBe('light');

    main.change({ theme: 'dark' }); // no socket open yet: this event reaches no one
    main.latest().open();

    await vi.waitFor(() => expect(store.getState().settings?.theme).toBe('dark'));
    expect(settingsReads()).toBe(2);
  });

  it('reads the start state once when nothing was sent before the socket opened', async () => {
    const store = await startPage();
    await store.getState().load();
    main.latest().open();
    main.change({ theme: 'dark' }); // delivered by the open socket
    expect(store.getState().settings?.theme).toBe('dark');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settingsReads()).toBe(1);
  });

  it('reads again when the socket opened first and a read already under way saw an older state', async () => {
    const store = await startPage();
    const loading = store.getState().load();
    // The answers above were cut at the cursor before this change; the socket subscribes after it.
    main.change({ theme: 'dark' });
    main.latest().open();
    await loading;
    await vi.waitFor(() => expect(store.getState().settings?.theme).toBe('dark'));
    expect(settingsReads()).toBe(2);
  });

  it('reads again after a reconnect only when an event was sent while the socket was down', async () => {
    const store = await startPage();
    await store.getState().load();
    main.latest().open();
    main.latest().drop();
    await vi.waitFor(() => expect(main.sockets).toHaveLength(2), { timeout: 3000 });
    main.latest().open();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settingsReads()).toBe(1);

    main.latest().drop();
    main.change({ theme: 'dark' });
    await vi.waitFor(() => expect(main.sockets).toHaveLength(3), { timeout: 3000 });
    main.latest().open();
    await vi.waitFor(() => expect(store.getState().settings?.theme).toBe('dark'));
    expect(settingsReads()).toBe(2);
  });

  it('reads again when the main side restarted while the socket was down', async () => {
    const store = await startPage();
    await store.getState().load();
    main.latest().open();
    main.latest().drop();
    main.restart('second');
    main.settings = { ...main.settings, theme: 'dark' };
    await vi.waitFor(() => expect(main.sockets).toHaveLength(2), { timeout: 3000 });
    main.latest().open();
    await vi.waitFor(() => expect(store.getState().settings?.theme).toBe('dark'));
  });
});
