import type { KeyCombo } from './keyCombo.ts';

/**
 * Where a shortcut applies. `canvas` while the image and its regions have the keyboard, `list`
 * while the image list has it, `global` in both, `dialog` while a dialog is open (and nothing else
 * then), `triage` on the region triage grid (a screen of its own: the review screen's `global`
 * keys do not apply there, docs/triage.md). Two actions may share keys only when their scopes are
 * never active together.
 */
export type ShortcutScope = 'global' | 'canvas' | 'list' | 'dialog' | 'triage';

/** The task an action belongs to: the cheat sheet and the docs' key table are grouped by it. */
export const actionGroups = {
  images: 'Move between images',
  regions: 'Choose a region',
  verdicts: 'Judge a region',
  boxes: 'Move and resize the box',
  concepts: 'Concepts and labels',
  show: 'What is shown',
  view: 'Zoom and pan',
  history: 'Undo',
  list: 'In the image list',
  submit: 'In the submit step',
  triage: 'In the triage grid',
  help: 'Help',
} as const;
export type ActionGroup = keyof typeof actionGroups;

export type ShortcutPhase = 'down' | 'up';

/**
 * One action as data (docs/review.md, "Actions as data"): what the shortcut registry, the toolbar,
 * the cheat sheet and the docs' key table are all made from. `S` is the state `enabled` and
 * `pressed` read (the review screen's store).
 */
export interface ShortcutAction<S = never> {
  id: string;
  label: string;
  group: ActionGroup;
  scope: ShortcutScope;
  keys: KeyCombo;
  /** Also told when the key is released (space to pan while held). */
  hold?: boolean;
  /** Rows of the docs' key table: actions with the same `docs` text share one row. */
  docs?: string;
  /** What a toolbar button showing this action says; absent when no button shows it. */
  button?: string;
  perform: (phase: ShortcutPhase) => void;
  /** Whether the key and the button do anything now; always, when absent. */
  enabled?: (state: S) => boolean;
  /** A toggle's state, for its button's aria-pressed. */
  pressed?: (state: S) => boolean;
}
