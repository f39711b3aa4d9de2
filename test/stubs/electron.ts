// A small, faithful stand-in for the parts of the `electron` module the shell uses. No Electron
// binary can run on these machines, so shell code is tested against this.
type Handler = (event: unknown, ...args: unknown[]) => unknown;
type Listener = (event: unknown, ...args: unknown[]) => void;

const handlers = new Map<string, Handler>();

export const ipcMain = {
  handle(channel: string, handler: Handler): void {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    handlers.delete(channel);
  },
  /** Test helper: what `ipcRenderer.invoke` from `event`'s frame would get. */
  invokeAs(event: unknown, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return Promise.resolve(handler(event, ...args));
  },
};

const rendererListeners = new Map<string, Set<Listener>>();
export const ipcRenderer = {
  invocations: [] as { channel: string; args: unknown[] }[],
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return Promise.resolve({ ok: true, value: { channel, args } });
  },
  on(channel: string, listener: Listener) {
    const set = rendererListeners.get(channel) ?? new Set();
    rendererListeners.set(channel, set);
    set.add(listener);
    return this;
  },
  removeListener(channel: string, listener: Listener) {
    rendererListeners.get(channel)?.delete(listener);
    return this;
  },
  /** Test helper: a message from main on `channel`. */
  emit(channel: string, ...args: unknown[]): void {
    for (const listener of rendererListeners.get(channel) ?? []) listener({}, ...args);
  },
  listenerCount(channel: string): number {
    return rendererListeners.get(channel)?.size ?? 0;
  },
};

export const webUtils = {
  getPathForFile: (file: { name: string }) => `/dropped/${file.name}`,
};

export const exposedInMainWorld = new Map<string, unknown>();
export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    exposedInMainWorld.set(key, api);
  },
};

/** Builds what Electron passes as an IPC event: the sender's WebContents and frame. */
export function fakeIpcEvent(options: { url: string; subframe?: boolean }) {
  const mainFrame = { url: options.url, parent: null as unknown };
  const senderFrame = options.subframe ? { url: options.url, parent: mainFrame } : mainFrame;
  return { sender: { mainFrame }, senderFrame };
}
