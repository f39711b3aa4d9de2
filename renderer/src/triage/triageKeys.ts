import { actionsById, type ActionId } from '../review/reviewActions.ts';
import type { KeyCombo } from '../shortcuts/keyCombo.ts';
import type { ShortcutScope } from '../shortcuts/shortcutActions.ts';
import { actionForKey, type ShortcutTable } from '../shortcuts/shortcutRegistry.ts';
import { applyVerdict } from './triageActions.ts';
import type { TriageVerdictKind } from './triageOps.ts';

/**
 * The canvas's verdict actions the triage grid borrows (docs/triage.md): the same records, so the
 * same keys (remaps included) judge a crop as they judge a region on the canvas, and the cheat
 * sheet lists them once.
 */
const borrowed: ReadonlyMap<ActionId, TriageVerdictKind> = new Map<ActionId, TriageVerdictKind>([
  ['region.acceptNext', { kind: 'accept' }],
  ['region.remove', { kind: 'falsePositive' }],
  ...([1, 2, 3, 4, 5, 6, 7, 8, 9] as const).map(
    (n) => [`label.key${n}` as ActionId, { kind: 'relabel', n }] as [ActionId, TriageVerdictKind],
  ),
]);

/** A key press in the grid: its own action, else a borrowed verdict key of the canvas. */
export function triageActionForKey(
  table: ShortcutTable,
  combo: KeyCombo,
  scopes: readonly ShortcutScope[],
): ActionId | undefined {
  const own = actionForKey(table, combo, scopes);
  if (own || !scopes.includes('triage')) return own;
  const canvas = actionForKey(table, combo, ['canvas']);
  return canvas && borrowed.has(canvas) ? canvas : undefined;
}

/** Runs what a grid key means: a triage action from its record, or a borrowed verdict on the grid. */
export function runTriageAction(id: ActionId): boolean {
  const verdict = borrowed.get(id);
  if (verdict) {
    applyVerdict(verdict);
    return true;
  }
  const action = actionsById.get(id);
  // The review screen's other actions act on the canvas's image: never from the grid.
  if (action?.scope !== 'triage') return false;
  action.perform('down');
  return true;
}
