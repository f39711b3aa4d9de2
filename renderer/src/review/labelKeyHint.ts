import type { ActionId } from './reviewActions.ts';
import { labelKeyConcepts } from './regionActions.ts';

/** The concept a label key (label.key1–9) assigns now, for the cheat sheet. */
export function labelKeyHint(id: ActionId): string | undefined {
  const n = /^label\.key(\d)$/.exec(id)?.[1];
  if (!n) return undefined;
  return labelKeyConcepts()[Number(n) - 1]?.name;
}
