import type { RefObject } from 'react';
import type { ShortcutPhase, ShortcutScope } from '../shortcuts/shortcutActions.ts';
import type { ShortcutTable } from '../shortcuts/shortcutRegistry.ts';
import { useShortcuts } from '../shortcuts/useShortcuts.ts';
import { actionsById, type ActionId } from './reviewActions.ts';
import { useReviewStore } from './reviewStore.ts';

/** Whether an action can act now (its record's `enabled`, read from the review store). */
export function isEnabled(id: ActionId): boolean {
  return actionsById.get(id)?.enabled?.(useReviewStore.getState()) ?? true;
}

/** Runs an action from its record, as a key or a button does; false when it is disabled now. */
export function runAction(id: ActionId, phase: ShortcutPhase = 'down'): boolean {
  const action = actionsById.get(id);
  // A held key's release always reaches it (panning must stop even if the state moved on).
  if (!action || (phase === 'down' && !isEnabled(id))) return false;
  action.perform(phase);
  return true;
}

/**
 * The review screen's keys. Scope follows focus: a dialog takes every key; the image list has
 * its own; anywhere else the canvas keys apply.
 */
export function useReviewShortcuts(table: ShortcutTable, listPanel: RefObject<HTMLElement | null>): void {
  const scopes = (): readonly ShortcutScope[] => {
    if (document.querySelector('dialog[open]')) return ['dialog'];
    if (listPanel.current?.contains(document.activeElement)) return ['list', 'global'];
    return ['canvas', 'global'];
  };
  useShortcuts(table, scopes, runAction);
}
