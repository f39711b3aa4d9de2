import type { RefObject } from 'react';
import type { ShortcutScope } from '../shortcuts/shortcutActions.ts';
import type { ShortcutTable } from '../shortcuts/shortcutRegistry.ts';
import { useShortcuts, type ShortcutHandlers } from '../shortcuts/useShortcuts.ts';
import { addConceptFieldId } from './AddConceptField.tsx';
import { focusCanvas } from './canvasFocus.ts';
import { toggleChosen } from './imageListStore.ts';
import { doneAndNext, nextAttention, stepImage, submitAndNext } from './imageNavigation.ts';
import {
  acceptAllRemaining,
  acceptAndNext,
  clearSelection,
  judge,
  moveSelectedEdge,
  nudge,
  openRelabelPicker,
  relabelWithKey,
  removeFocusedConcept,
  placeRegion,
  promote,
  removeSelected,
  resetSelected,
  restoreSelected,
  selectLowestConfidence,
  selectStep,
  stepConcept,
  toggleConceptTarget,
  toggleDrawMode,
} from './regionActions.ts';
import { redo, undo } from './reviewCommands.ts';
import { useReviewStore } from './reviewStore.ts';
import { fit, showActualSize, zoomIn, zoomOut, zoomToSelected } from './viewActions.ts';

const press = (run: () => void) => (phase: 'down' | 'up') => {
  if (phase === 'down') run();
};

/**
 * Every arrow action moves something the way the arrow points: the box, the edge on that side
 * (Alt: grows), or the opposite edge (Ctrl: shrinks); 10 px with Shift.
 */
function boxHandlers(): ShortcutHandlers {
  const directions = {
    Left: { dx: -1, dy: 0, edge: 'left', opposite: 'right' },
    Right: { dx: 1, dy: 0, edge: 'right', opposite: 'left' },
    Up: { dx: 0, dy: -1, edge: 'top', opposite: 'bottom' },
    Down: { dx: 0, dy: 1, edge: 'bottom', opposite: 'top' },
  } as const;
  const handlers: ShortcutHandlers = {};
  for (const name of ['Left', 'Right', 'Up', 'Down'] as const) {
    const { dx, dy, edge, opposite } = directions[name];
    for (const step of [1, 10] as const) {
      const suffix = step === 10 ? '10' : '';
      handlers[`region.nudge${name}${suffix}`] = press(() => nudge(dx * step, dy * step));
      handlers[`region.grow${name}${suffix}`] = press(() => moveSelectedEdge(edge, step));
      handlers[`region.shrink${name}${suffix}`] = press(() => moveSelectedEdge(opposite, -step));
    }
  }
  return handlers;
}

const handlers: ShortcutHandlers = {
  'help.toggle': press(() => useReviewStore.setState({ dialog: 'shortcuts' })),
  'image.next': press(() => void stepImage(1)),
  'image.previous': press(() => void stepImage(-1)),
  'image.nextAttention': press(() => void nextAttention()),
  'image.doneAndNext': press(() => void doneAndNext()),
  'list.focus': press(() => document.querySelector<HTMLElement>('.image-list [role="listbox"]')?.focus()),
  'review.undo': press(undo),
  'review.redo': press(redo),

  'region.next': press(() => selectStep(1)),
  'region.previous': press(() => selectStep(-1)),
  'region.nextLowest': press(selectLowestConfidence),
  'region.deselect': press(clearSelection),
  'region.acceptNext': press(acceptAndNext),
  'region.acceptAll': press(acceptAllRemaining),
  'region.promote': press(promote),
  'region.remove': press(removeSelected),
  'region.restore': press(restoreSelected),
  'region.resetBox': press(resetSelected),
  'region.drawMode': press(toggleDrawMode),
  'region.place': press(placeRegion),
  ...boxHandlers(),

  'concept.true': press(() => judge('true')),
  'concept.false': press(() => judge('false')),
  'concept.unsure': press(() => judge('unsure')),
  'concept.next': press(() => stepConcept(1)),
  'concept.previous': press(() => stepConcept(-1)),
  'concept.toggleTarget': press(toggleConceptTarget),
  'concept.add': press(() => document.getElementById(addConceptFieldId)?.focus()),
  'concept.remove': press(removeFocusedConcept),
  'label.replace': press(openRelabelPicker),
  ...Object.fromEntries(
    [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => [`label.key${n}`, press(() => relabelWithKey(n))]),
  ),

  'view.zoomIn': press(zoomIn),
  'view.zoomOut': press(zoomOut),
  'view.fit': press(fit),
  'view.actualSize': press(showActualSize),
  'view.zoomToRegion': press(zoomToSelected),
  'view.pan': (phase) => useReviewStore.setState({ panning: phase === 'down' }),

  'list.down': press(() => void stepImage(1)),
  'list.up': press(() => void stepImage(-1)),
  'list.toggleSelect': press(() => {
    const { imageId } = useReviewStore.getState();
    if (imageId !== undefined) toggleChosen(imageId);
  }),
  'list.toCanvas': press(focusCanvas),
};

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
  const dialog = useReviewStore((state) => state.dialog);
  useShortcuts(table, scopes, {
    ...handlers,
    ...(dialog === 'submit'
      ? {
          'submit.acceptAll': press(() => void submitAndNext('accept')),
          'submit.reviewedOnly': press(() => void submitAndNext('skip')),
        }
      : {}),
  });
}
