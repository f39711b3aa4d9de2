/**
 * What a window keeps across reloads (issue 20): the confidence threshold, the list's filter, a
 * dismissed banner. In sessionStorage, so it is this window's own — a new window starts fresh, as
 * with the open image (imageNavigation.ts) — and a storage that refuses changes nothing else.
 */

export function recall(key: string): string | undefined {
  try {
    return sessionStorage.getItem(`loupe.${key}`) ?? undefined;
  } catch {
    return undefined;
  }
}

export function remember(key: string, value: string | undefined): void {
  try {
    if (value === undefined) sessionStorage.removeItem(`loupe.${key}`);
    else sessionStorage.setItem(`loupe.${key}`, value);
  } catch {
    // Storage full or denied: the window simply forgets on reload.
  }
}
