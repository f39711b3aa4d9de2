import { formatCombo, parseCombo, type KeyCombo } from './keyCombo.ts';
import { actionsById, reviewActions, type ActionId } from '../review/reviewActions.ts';
import type { ShortcutScope } from './shortcutActions.ts';

/** Whether two scopes can be active at the same moment (then they cannot share keys). */
export function scopesOverlap(a: ShortcutScope, b: ShortcutScope): boolean {
  if (a === b) return true;
  if (a === 'dialog' || b === 'dialog') return false;
  // The triage grid is a screen of its own: only its keys (and the verdict keys it borrows from the
  // canvas, see triageKeys.ts) are live there.
  if (a === 'triage' || b === 'triage') return false;
  return a === 'global' || b === 'global';
}

export interface Conflict {
  keys: KeyCombo;
  actions: readonly [ActionId, ActionId];
}

/** The effective keys: the defaults with the reviewer's remaps over them. */
export interface ShortcutTable {
  keysOf: ReadonlyMap<ActionId, KeyCombo>;
  /** Actions bound to a combination, in table order. */
  actionsFor: ReadonlyMap<KeyCombo, readonly ActionId[]>;
  /** Pairs that clash (possible only when settings were edited outside the remap dialog). */
  conflicts: readonly Conflict[];
  /** Remaps that name no action or no valid key; they are not applied. */
  ignored: readonly string[];
}

export function resolveShortcuts(overrides: Readonly<Record<string, string>>): ShortcutTable {
  const ignored: string[] = [];
  const valid = new Map<string, KeyCombo>();
  for (const [id, text] of Object.entries(overrides)) {
    const combo = parseCombo(text);
    if (actionsById.has(id) && combo) valid.set(id, combo);
    else ignored.push(id);
  }
  const keysOf = new Map<ActionId, KeyCombo>();
  const actionsFor = new Map<KeyCombo, ActionId[]>();
  const conflicts: Conflict[] = [];
  for (const action of reviewActions) {
    const keys = valid.get(action.id) ?? action.keys;
    keysOf.set(action.id, keys);
    const sharing = actionsFor.get(keys) ?? [];
    for (const other of sharing) {
      if (scopesOverlap(actionsById.get(other)!.scope, action.scope))
        conflicts.push({ keys, actions: [other, action.id] });
    }
    actionsFor.set(keys, [...sharing, action.id]);
  }
  return { keysOf, actionsFor, conflicts, ignored };
}

/** The action a key press triggers where these scopes are active, if any. */
export function actionForKey(
  table: ShortcutTable,
  combo: KeyCombo,
  activeScopes: readonly ShortcutScope[],
): ActionId | undefined {
  return table.actionsFor.get(combo)?.find((id) => activeScopes.includes(actionsById.get(id)!.scope));
}

export type RemapResult = { ok: true; overrides: Record<string, string> } | { ok: false; message: string };

/**
 * Binds an action to new keys, refusing keys another action already uses where both can be
 * active. Returns the remaps to save: a remap back to the default is dropped rather than kept.
 */
export function remapShortcut(
  table: ShortcutTable,
  overrides: Readonly<Record<string, string>>,
  actionId: ActionId,
  combo: KeyCombo,
): RemapResult {
  const action = actionsById.get(actionId)!;
  const clash = (table.actionsFor.get(combo) ?? []).find(
    (other) => other !== actionId && scopesOverlap(actionsById.get(other)!.scope, action.scope),
  );
  if (clash) {
    return {
      ok: false,
      message: `${formatCombo(combo)} is already used by “${actionsById.get(clash)!.label}”. Change that one first.`,
    };
  }
  const next = Object.fromEntries(Object.entries(overrides).filter(([id]) => id !== actionId));
  if (combo !== action.keys) next[actionId] = combo;
  return { ok: true, overrides: next };
}
