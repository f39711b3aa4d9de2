import type { StoreApi } from 'zustand';

/** How long a status line stays (issue 20, missing 8): long enough to read, gone before it misleads. */
export const noticeLifetimeMs = 10_000;

/**
 * Clears a store's `notice` once it has been shown for `lifetime` ms, unless another has replaced
 * it meanwhile (that one gets its own full time). Errors are not notices: they stay until the
 * next action or a dismissal (appStore.ts).
 */
export function expireNotices<S extends { notice: string | undefined }>(
  store: Pick<StoreApi<S>, 'subscribe' | 'getState' | 'setState'>,
  lifetime = noticeLifetimeMs,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return store.subscribe((state, previous) => {
    if (state.notice === previous.notice) return;
    clearTimeout(timer);
    const shown = state.notice;
    if (shown === undefined) return;
    timer = setTimeout(() => {
      if (store.getState().notice === shown) store.setState({ notice: undefined } as Partial<S>);
    }, lifetime);
  });
}
