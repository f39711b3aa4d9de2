/**
 * What the renderer's modules touch when they load, for unit tests in Node: a `window.loupe` that
 * answers nothing (set before `loupe.ts` would install the bridge client) and a session storage.
 * Import it before any renderer module.
 */
const storage = new Map<string, string>();
const sessionStorage = {
  getItem: (key: string) => storage.get(key) ?? null,
  setItem: (key: string, value: string) => void storage.set(key, value),
  removeItem: (key: string) => void storage.delete(key),
};
const loupe = {
  invoke: () => Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'unit test' } }),
  on: () => () => undefined,
  onConnection: () => () => undefined,
};
Object.assign(globalThis, { window: Object.assign(globalThis, { loupe }), sessionStorage });
