import { useEffect, useRef } from 'react';
import { comboFromEvent, type KeyCombo } from './keyCombo.ts';
import { controlConsumes, isTextEntry } from './keyTarget.ts';
import { actionsById, type ActionId } from '../review/reviewActions.ts';
import type { ShortcutPhase, ShortcutScope } from './shortcutActions.ts';
import { actionForKey, type ShortcutTable } from './shortcutRegistry.ts';

/** Which action a key press means where these scopes are active (the registry's lookup by default). */
export type ResolveKey = (
  table: ShortcutTable,
  combo: KeyCombo,
  scopes: readonly ShortcutScope[],
) => ActionId | undefined;

/** Runs an action if it is enabled now; says whether it did (then the key is the app's). */
export type RunAction = (id: ActionId, phase: ShortcutPhase) => boolean;

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.userAgent);

/**
 * One window-level key listener for a screen. `scopes` is asked on every key press (focus and
 * dialogs change without a render); `run` is read from a ref, so it may change every render
 * without re-subscribing. Held actions (space to pan) are also told when their key goes up.
 */
export function useShortcuts(
  table: ShortcutTable,
  scopes: () => readonly ShortcutScope[],
  run: RunAction,
  resolve: ResolveKey = actionForKey,
): void {
  const latest = useRef({ table, scopes, run, resolve });
  latest.current = { table, scopes, run, resolve };

  useEffect(() => {
    const held = new Map<string, ActionId>();
    const release = (code: string) => {
      const id = held.get(code);
      if (!id) return;
      held.delete(code);
      latest.current.run(id, 'up');
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const target = document.activeElement;
      if (isTextEntry(target)) return;
      const combo = comboFromEvent(event, isMac);
      if (!combo || controlConsumes(target, combo)) return;
      const { table, scopes, run, resolve } = latest.current;
      const id = resolve(table, combo, scopes());
      if (!id) return;
      if (actionsById.get(id)?.hold && held.has(event.code)) {
        event.preventDefault();
        return;
      }
      if (!run(id, 'down')) return;
      event.preventDefault();
      if (actionsById.get(id)?.hold) held.set(event.code, id);
    };
    const onKeyUp = (event: KeyboardEvent) => release(event.code);
    const onBlur = () => [...held.keys()].forEach(release);
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', onBlur);
    };
  }, []);
}
