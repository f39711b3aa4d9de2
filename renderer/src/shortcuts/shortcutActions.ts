import type { KeyCombo } from './keyCombo.ts';

/**
 * Where a shortcut applies. `canvas` while the image and its regions have the keyboard, `list`
 * while the image list has it, `global` in both, `dialog` while a dialog is open (and nothing else
 * then). Two actions may share keys only when their scopes are never active together.
 */
export type ShortcutScope = 'global' | 'canvas' | 'list' | 'dialog';

export interface ShortcutAction {
  id: string;
  label: string;
  scope: ShortcutScope;
  keys: KeyCombo;
  /** Also told when the key is released (space to pan while held). */
  hold?: boolean;
}

/** Arrow, key, the way it points, the edge on that side, the edge opposite. */
const arrows = [
  ['Left', 'ArrowLeft', 'left', 'left', 'right'],
  ['Right', 'ArrowRight', 'right', 'right', 'left'],
  ['Up', 'ArrowUp', 'up', 'top', 'bottom'],
  ['Down', 'ArrowDown', 'down', 'bottom', 'top'],
] as const;

/**
 * Moving and resizing from the keyboard; every arrow moves something the way it points. Alone it
 * moves the box (1 px, 10 px with Shift); with Alt the edge on that side (the box grows); with
 * Ctrl the opposite edge (the box shrinks).
 */
function boxKeys() {
  return arrows.flatMap(([name, key, way, edge, opposite]) => [
    { id: `region.nudge${name}`, label: `Move ${way} 1 px`, scope: 'canvas', keys: key } as const,
    {
      id: `region.nudge${name}10`,
      label: `Move ${way} 10 px`,
      scope: 'canvas',
      keys: `Shift+${key}`,
    } as const,
    {
      id: `region.grow${name}`,
      label: `Move the ${edge} edge ${way} 1 px`,
      scope: 'canvas',
      keys: `Alt+${key}`,
    } as const,
    {
      id: `region.grow${name}10`,
      label: `Move the ${edge} edge ${way} 10 px`,
      scope: 'canvas',
      keys: `Alt+Shift+${key}`,
    } as const,
    {
      id: `region.shrink${name}`,
      label: `Move the ${opposite} edge ${way} 1 px`,
      scope: 'canvas',
      keys: `Ctrl+${key}`,
    } as const,
    {
      id: `region.shrink${name}10`,
      label: `Move the ${opposite} edge ${way} 10 px`,
      scope: 'canvas',
      keys: `Ctrl+Shift+${key}`,
    } as const,
  ]);
}

/** The label keys: 1–9 make the model's n-th most frequent concept the region's true label. */
function labelKeys() {
  return ([1, 2, 3, 4, 5, 6, 7, 8, 9] as const).map(
    (n) =>
      ({
        id: `label.key${n}`,
        label: `Label the region with the model's concept no. ${n}`,
        scope: 'canvas',
        keys: String(n),
      }) as const,
  );
}

/** The one table of keyboard actions with their default keys (remaps live in settings). */
export const shortcutActions = [
  { id: 'help.toggle', label: 'Show keyboard shortcuts', scope: 'global', keys: '?' },
  { id: 'image.next', label: 'Next image', scope: 'global', keys: 'J' },
  { id: 'image.previous', label: 'Previous image', scope: 'global', keys: 'K' },
  {
    id: 'image.nextAttention',
    label: 'Next image needing attention (in the list’s order)',
    scope: 'global',
    keys: 'Shift+J',
  },
  {
    id: 'image.doneAndNext',
    label: 'Done: submit the image and open the next unreviewed',
    scope: 'global',
    keys: 'D',
  },
  { id: 'list.focus', label: 'Go to the image list', scope: 'global', keys: 'G' },
  { id: 'review.undo', label: 'Undo', scope: 'global', keys: 'Ctrl+Z' },
  { id: 'review.redo', label: 'Redo', scope: 'global', keys: 'Ctrl+Shift+Z' },

  { id: 'region.next', label: 'Select the next region (reading order)', scope: 'canvas', keys: 'Tab' },
  { id: 'region.previous', label: 'Select the previous region', scope: 'canvas', keys: 'Shift+Tab' },
  {
    id: 'region.nextLowest',
    label: 'Select the next unreviewed region, lowest confidence first',
    scope: 'canvas',
    keys: 'L',
  },
  { id: 'region.deselect', label: 'Clear the selection, leave draw mode', scope: 'canvas', keys: 'Escape' },
  {
    id: 'region.acceptNext',
    label: 'Accept the region and go to the next unreviewed',
    scope: 'canvas',
    keys: 'A',
  },
  {
    id: 'region.acceptAll',
    label: 'Accept all remaining regions above the threshold',
    scope: 'canvas',
    keys: 'Shift+A',
  },
  {
    id: 'region.promote',
    label: 'Promote a dimmed region (accept it) and go to the next dimmed',
    scope: 'canvas',
    keys: 'P',
  },
  { id: 'region.remove', label: 'False positive (deletes a drawn region)', scope: 'canvas', keys: 'X' },
  { id: 'region.restore', label: 'Restore a false positive', scope: 'canvas', keys: 'Shift+X' },
  { id: 'region.resetBox', label: 'Reset the geometry to the prediction', scope: 'canvas', keys: 'R' },
  { id: 'region.drawMode', label: 'Draw a missed region (then drag, or Enter)', scope: 'canvas', keys: 'N' },
  {
    id: 'region.place',
    label: 'In draw mode: place a region in the middle of the view',
    scope: 'canvas',
    keys: 'Enter',
  },
  ...boxKeys(),

  { id: 'concept.true', label: 'Concept is right (true)', scope: 'canvas', keys: 'T' },
  { id: 'concept.false', label: 'Concept is wrong (false)', scope: 'canvas', keys: 'F' },
  { id: 'concept.unsure', label: 'Concept is unsure (not sent)', scope: 'canvas', keys: 'U' },
  { id: 'concept.next', label: 'Next concept', scope: 'canvas', keys: 'C' },
  { id: 'concept.previous', label: 'Previous concept', scope: 'canvas', keys: 'Shift+C' },
  {
    id: 'concept.toggleTarget',
    label: 'Switch between region and image concepts',
    scope: 'canvas',
    keys: 'I',
  },
  { id: 'concept.add', label: 'Add a concept the model did not return', scope: 'canvas', keys: '+' },
  {
    id: 'concept.remove',
    label: 'Remove the concept (an added or inherited one goes; a predicted one is judged false)',
    scope: 'canvas',
    keys: 'Delete',
  },
  {
    id: 'label.replace',
    label: "Replace the region's label (type-ahead over the model's concepts)",
    scope: 'canvas',
    keys: 'E',
  },
  ...labelKeys(),

  { id: 'view.zoomIn', label: 'Zoom in', scope: 'canvas', keys: '=' },
  { id: 'view.zoomOut', label: 'Zoom out', scope: 'canvas', keys: '-' },
  { id: 'view.fit', label: 'Fit the image', scope: 'canvas', keys: '0' },
  // Not `1`: the digits are the label keys (docs/review.md, "Relabel keys").
  { id: 'view.actualSize', label: 'Actual size (1:1)', scope: 'canvas', keys: 'Alt+1' },
  { id: 'view.zoomToRegion', label: 'Zoom to the selected region', scope: 'canvas', keys: 'Z' },
  { id: 'view.pan', label: 'Pan while held (with a drag)', scope: 'canvas', keys: 'Space', hold: true },

  { id: 'list.down', label: 'Open the next image in the list', scope: 'list', keys: 'ArrowDown' },
  { id: 'list.up', label: 'Open the previous image in the list', scope: 'list', keys: 'ArrowUp' },
  { id: 'list.toggleSelect', label: 'Select the image for a bulk action', scope: 'list', keys: 'Space' },
  { id: 'list.toCanvas', label: 'Back to the image', scope: 'list', keys: 'Enter' },

  { id: 'submit.acceptAll', label: 'Submit: accept the unreviewed regions too', scope: 'dialog', keys: 'A' },
  { id: 'submit.reviewedOnly', label: 'Submit: send only reviewed regions', scope: 'dialog', keys: 'S' },
] as const satisfies readonly ShortcutAction[];

export type ActionId = (typeof shortcutActions)[number]['id'];

export const actionsById: ReadonlyMap<string, ShortcutAction> = new Map(
  shortcutActions.map((action) => [action.id, action]),
);

export function isActionId(id: string): id is ActionId {
  return actionsById.has(id);
}
