import { useEffect, useRef } from 'react';
import { comboFromEvent } from './keyCombo.ts';
import { controlConsumes, isTextEntry } from './keyTarget.ts';
import { actionsById, type ActionId, type ShortcutScope } from './shortcutActions.ts';
import { actionForKey, type ShortcutTable } from './shortcutRegistry.ts';

export type ShortcutPhase = 'down' | 'up';
export type ShortcutHandlers = Partial<Record<ActionId, (phase: ShortcutPhase) => void>>;

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.userAgent);

/**
 * One window-level key listener for a screen. `scopes` is asked on every key press (focus and
 * dialogs change without a render); handlers are read from a ref, so they may change every render
 * without re-subscribing. Held actions (space to pan) are also told when their key goes up.
 */
export function useShortcuts(
  table: ShortcutTable,
  scopes: () => readonly ShortcutScope[],
  handlers: ShortcutHandlers,
): void {
  const latest = useRef({ table, scopes, handlers });
  latest.current = { table, scopes, handlers };

  useEffect(() => {
    const held = new Map<string, ActionId>();
    const release = (code: string) => {
      const id = held.get(code);
      if (!id) return;
      held.delete(code);
      latest.current.handlers[id]?.('up');
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const target = document.activeElement;
      if (isTextEntry(target)) return;
      const combo = comboFromEvent(event, isMac);
      if (!combo || controlConsumes(target, combo)) return;
      const { table, scopes, handlers } = latest.current;
      const id = actionForKey(table, combo, scopes());
      const handler = id && handlers[id];
      if (!id || !handler) return;
      event.preventDefault();
      if (actionsById.get(id)?.hold) {
        if (held.has(event.code)) return;
        held.set(event.code, id);
      }
      handler('down');
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
