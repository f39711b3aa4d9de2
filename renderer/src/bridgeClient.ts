import type { CommandName, ConnectionState, LoupeApi } from '../../shared/contract.ts';
import { eventCursorHeader, parseEventCursor } from '../../shared/eventCursor.ts';
import { isEventName, type EventName } from '../../shared/eventNames.ts';
import { fail, type Result } from '../../shared/result.ts';
import { EventGap } from './eventGap.ts';

const tokenKey = 'loupe.bridgeToken';

/**
 * The loopback-bridge implementation of `window.loupe`: commands over HTTP, events over one
 * WebSocket that reconnects by itself (the main side may restart). The per-launch token arrives
 * in the URL fragment, is kept in sessionStorage for reloads, and is removed from the address bar.
 */
export function createBridgeClient(location: Location, storage: Storage): LoupeApi {
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromFragment) {
    storage.setItem(tokenKey, fromFragment);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = storage.getItem(tokenKey) ?? '';
  const eventListeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  const missedListeners = new Set<() => void>();
  const gap = new EventGap();
  const missed = (possibly: boolean) => {
    if (possibly) for (const listener of missedListeners) listener();
  };
  let state: ConnectionState = 'connecting';
  let retryMs = 250;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const listener of connectionListeners) listener(state);
  };

  async function invoke(name: CommandName, input: unknown): Promise<Result<unknown>> {
    let response: Response;
    try {
      response = await fetch(`/api/invoke/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      return fail('unavailable', 'Loupe’s main side is not answering; it may be restarting');
    }
    if (response.status === 401 || response.status === 403) setState('refused');
    const cursor = parseEventCursor(response.headers.get(eventCursorHeader));
    try {
      const result = (await response.json()) as Result<unknown>;
      // After the answer's own caller has it (it resolves first), so a state read again on a
      // missed event lands after the one it replaces.
      if (cursor) queueMicrotask(() => missed(gap.answered(cursor)));
      return result;
    } catch {
      return fail('unavailable', `Loupe’s main side answered HTTP ${response.status} without a result`);
    }
  }

  function connect(): void {
    const url = new URL('/api/events', location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    const socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      retryMs = 250;
      setState('open');
    });
    socket.addEventListener('message', (message) => {
      let parsed: { event?: unknown; payload?: unknown; seq?: unknown; cursor?: unknown };
      try {
        parsed = JSON.parse(String(message.data)) as typeof parsed;
      } catch {
        return;
      }
      // The first frame: from which event on this socket delivers them.
      const cursor = parseEventCursor(parsed.cursor);
      if (cursor) return missed(gap.opened(cursor));
      if (typeof parsed.seq === 'number') gap.received(parsed.seq);
      if (!isEventName(parsed.event)) return;
      for (const listener of eventListeners.get(parsed.event) ?? []) listener(parsed.payload);
    });
    socket.addEventListener('close', () => {
      gap.closed();
      if (state !== 'refused') setState('closed');
      // A refused token will not become valid: stop retrying and let the UI say so.
      void invoke('app.info', {}).then((probe) => {
        if (!probe.ok && probe.error.code === 'unauthorized') return setState('refused');
        setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, 5000);
      });
    });
  }
  connect();

  return {
    invoke: invoke as LoupeApi['invoke'],
    on(name, listener) {
      const set = eventListeners.get(name) ?? new Set();
      eventListeners.set(name, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    // A browser never reveals where a dropped file lives: its bytes are sent instead.
    pathForFile: () => undefined,
    async uploadFile(file) {
      let response: Response;
      try {
        response = await fetch('/api/upload', {
          method: 'POST',
          headers: {
            'Content-Type': 'application/octet-stream',
            'X-Loupe-File-Name': encodeURIComponent(file.name),
            Authorization: `Bearer ${token}`,
          },
          body: await file.arrayBuffer(),
        });
      } catch {
        return fail('unavailable', 'Loupe’s main side is not answering; it may be restarting');
      }
      try {
        return (await response.json()) as Result<{ path: string }>;
      } catch {
        return fail('unavailable', `Loupe’s main side answered HTTP ${response.status} without a result`);
      }
    },
    mediaUrl: (imageId, kind) => `/api/media/${kind}/${imageId}?token=${encodeURIComponent(token)}`,
    cropUrl: (predictionId, regionKey) =>
      `/api/media/crop/${Number(predictionId)}/${encodeURIComponent(regionKey)}?token=${encodeURIComponent(token)}`,
    onEventsMissed(listener) {
      missedListeners.add(listener);
      return () => missedListeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
  };
}
