import type { ShortcutAction, ShortcutPhase } from '../shortcuts/shortcutActions.ts';
import { addConceptFieldId } from './AddConceptField.tsx';
import { focusCanvas } from './canvasFocus.ts';
import { toggleChosen } from './imageListStore.ts';
import { toggleRegions } from './displayStore.ts';
import { doneAndNext, nextAttention, stepImage, submitAndNext } from './imageNavigation.ts';
import {
  acceptAllRemaining,
  acceptAndNext,
  clearSelection,
  copySelected,
  judge,
  moveSelectedEdge,
  nudge,
  openRelabelPicker,
  pasteRegions,
  placeRegion,
  promote,
  relabelWithKey,
  removeFocusedConcept,
  removeSelected,
  confirmAllCarried,
  resetSelected,
  restoreSelected,
  selectAllShown,
  selectLowestConfidence,
  selectStep,
  stepConcept,
  toggleConceptTarget,
  toggleDrawMode,
} from './regionActions.ts';
import { redo, undo } from './reviewCommands.ts';
import {
  closeTriage,
  flipSort,
  moveFocus,
  openFocusedOnCanvas,
  openTriage,
  showTriageShortcuts,
  submitTriaged,
  undoLast,
} from '../triage/triageActions.ts';
import { activeReview, toggleMinimap, useReviewStore, type ReviewStoreState } from './reviewStore.ts';
import { fit, showActualSize, zoomIn, zoomOut, zoomToSelected } from './viewActions.ts';

type ReviewAction = ShortcutAction<ReviewStoreState>;

/** Most actions act once, when the key goes down (a button click counts as that). */
const press =
  (run: () => void) =>
  (phase: ShortcutPhase): void => {
    if (phase === 'down') run();
  };

const imageOpen = (state: ReviewStoreState) => state.predictionId !== undefined;

/** Arrow, key, the way it points, its step, the edge on that side, the edge opposite. */
const arrows = [
  ['Left', 'ArrowLeft', 'left', -1, 0, 'left', 'right'],
  ['Right', 'ArrowRight', 'right', 1, 0, 'right', 'left'],
  ['Up', 'ArrowUp', 'up', 0, -1, 'top', 'bottom'],
  ['Down', 'ArrowDown', 'down', 0, 1, 'bottom', 'top'],
] as const;

/**
 * Moving and resizing from the keyboard, the one table of arrow keys; every arrow moves something
 * the way it points. Alone it moves the box (1 px, 10 px with Shift); with Alt the edge on that
 * side (the box grows); with Ctrl the opposite edge (the box shrinks). Pixels are screen pixels
 * at the current zoom, or image pixels when Settings say so (docs/review.md, "Nudges").
 */
function boxActions() {
  return arrows.flatMap(([name, key, way, dx, dy, edge, opposite]) =>
    ([1, 10] as const).flatMap((step) => {
      const suffix = step === 10 ? '10' : '';
      const shift = step === 10 ? 'Shift+' : '';
      const common = { group: 'boxes', scope: 'canvas' } as const;
      return [
        {
          ...common,
          id: `region.nudge${name}${suffix}`,
          label: `Move ${way} ${step} px`,
          keys: `${shift}${key}`,
          docs: `move the region(s) 1 / 10 (\`Shift\`) screen px; image px if set`,
          perform: press(() => nudge(dx * step, dy * step)),
        },
        {
          ...common,
          id: `region.grow${name}${suffix}`,
          label: `Move the ${edge} edge ${way} ${step} px`,
          keys: `Alt+${shift}${key}`,
          docs: `move the edge on that side that way: grow 1 / 10 (\`Shift\`) screen px`,
          perform: press(() => moveSelectedEdge(edge, step)),
        },
        {
          ...common,
          id: `region.shrink${name}${suffix}`,
          label: `Move the ${opposite} edge ${way} ${step} px`,
          keys: `Ctrl+${shift}${key}`,
          docs: `move the opposite edge that way: shrink 1 / 10 (\`Shift\`) screen px`,
          perform: press(() => moveSelectedEdge(opposite, -step)),
        },
      ] as const;
    }),
  );
}

/** The label keys: 1–9 make the model's n-th most frequent concept the region's true label. */
function labelKeys() {
  return ([1, 2, 3, 4, 5, 6, 7, 8, 9] as const).map(
    (n) =>
      ({
        id: `label.key${n}`,
        label: `Label the region with the model's concept no. ${n}`,
        group: 'concepts',
        scope: 'canvas',
        keys: String(n),
        docs: "relabel: the model's n-th most frequent concept becomes the region's true label",
        perform: press(() => relabelWithKey(n)),
      }) as const,
  );
}

/** The arrows of the triage grid: focus one crop over, or (Shift) extend the selection to it. */
function triageArrows() {
  return arrows.flatMap(([name, key, way, dx, dy]) =>
    ([false, true] as const).map(
      (extend) =>
        ({
          id: `triage.${extend ? 'extend' : 'focus'}${name}`,
          label: extend ? `Extend the selection ${way}` : `Focus the crop ${way}`,
          group: 'triage',
          scope: 'triage',
          keys: `${extend ? 'Shift+' : ''}${key}`,
          docs: extend
            ? 'extend the selection (also Shift+click; Ctrl / ⌘+click adds or takes out one)'
            : 'focus the next crop that way (up and down by a row)',
          perform: press(() => moveFocus(dx, dy, extend)),
        }) as const,
    ),
  );
}

/**
 * The triage grid's own keys (docs/triage.md). Its verdict keys are not here: the grid borrows the
 * canvas's accept, false positive and 1–9 label keys, remaps included (triage/triageKeys.ts).
 */
function triageActions() {
  const common = { group: 'triage', scope: 'triage' } as const;
  return [
    ...triageArrows(),
    {
      ...common,
      id: 'triage.openOnCanvas',
      label: 'Open the image on the review canvas, the region selected',
      keys: 'Enter',
      perform: press(openFocusedOnCanvas),
    },
    {
      ...common,
      id: 'triage.back',
      label: 'Back to the screen the grid was opened from',
      keys: 'Escape',
      button: 'Back',
      perform: press(closeTriage),
    },
    {
      ...common,
      id: 'triage.flipSort',
      label: 'Flip the confidence order (lowest or highest first)',
      keys: 'S',
      button: 'Flip order',
      perform: press(flipSort),
    },
    {
      ...common,
      id: 'triage.undo',
      label: 'Undo the last verdict key (on every review it changed)',
      keys: 'Ctrl+Z',
      button: 'Undo',
      perform: press(undoLast),
    },
    {
      ...common,
      id: 'triage.submit',
      label: 'Submit: send the feedback of the reviews judged in the grid (reviewed regions only)',
      keys: 'D',
      button: 'Submit',
      perform: press(submitTriaged),
    },
    {
      ...common,
      id: 'triage.help',
      label: 'Show keyboard shortcuts (in the triage grid)',
      keys: '?',
      button: 'Shortcuts',
      perform: press(showTriageShortcuts),
    },
  ] as const;
}

const inSubmitStep = (state: ReviewStoreState) => state.dialog === 'submit';

/**
 * Every action of the review screen, once: its id, label, task, scope, default keys (remaps live
 * in settings), what it does and when it can. The shortcut registry, the toolbar, the cheat sheet
 * and the key table in docs/review.md are made from this list.
 */
export const reviewActions = [
  {
    id: 'help.toggle',
    label: 'Show keyboard shortcuts',
    group: 'help',
    scope: 'global',
    keys: '?',
    docs: 'keyboard shortcuts: cheat sheet (searchable, printable) and remapping',
    button: 'Shortcuts',
    perform: press(() => useReviewStore.setState({ dialog: 'shortcuts' })),
  },
  {
    id: 'image.next',
    label: 'Next image',
    group: 'images',
    scope: 'global',
    keys: 'J',
    perform: press(() => void stepImage(1)),
  },
  {
    id: 'image.previous',
    label: 'Previous image',
    group: 'images',
    scope: 'global',
    keys: 'K',
    perform: press(() => void stepImage(-1)),
  },
  {
    id: 'image.nextAttention',
    label: 'Next image needing attention (in the list’s order)',
    group: 'images',
    scope: 'global',
    keys: 'Shift+J',
    perform: press(() => void nextAttention()),
  },
  {
    id: 'image.doneAndNext',
    label: 'Done: submit the image and open the next unreviewed',
    group: 'images',
    scope: 'global',
    keys: 'D',
    button: 'Done & next',
    perform: press(() => void doneAndNext()),
    enabled: imageOpen,
  },
  {
    id: 'triage.open',
    label: 'Open the triage grid (every predicted box of the workspace as a crop)',
    group: 'images',
    scope: 'global',
    keys: 'Shift+T',
    button: 'Triage',
    perform: press(openTriage),
  },
  {
    id: 'list.focus',
    label: 'Go to the image list',
    group: 'images',
    scope: 'global',
    keys: 'G',
    perform: press(() => document.querySelector<HTMLElement>('.image-list [role="listbox"]')?.focus()),
  },
  {
    id: 'review.undo',
    label: 'Undo',
    group: 'history',
    scope: 'global',
    keys: 'Ctrl+Z',
    docs: "undo (the journal's: it survives a reload)",
    button: 'Undo',
    perform: press(undo),
    // An edit on its way will be undoable: a quick A then Ctrl+Z must undo it.
    enabled: (state) => (activeReview(state)?.canUndo ?? false) || state.pending > 0,
  },
  {
    id: 'review.redo',
    label: 'Redo',
    group: 'history',
    scope: 'global',
    keys: 'Ctrl+Shift+Z',
    button: 'Redo',
    perform: press(redo),
    enabled: (state) => (activeReview(state)?.canRedo ?? false) || state.pending > 0,
  },

  {
    id: 'region.next',
    label: 'Select the next region (reading order)',
    group: 'regions',
    scope: 'canvas',
    keys: 'Tab',
    perform: press(() => selectStep(1)),
  },
  {
    id: 'region.previous',
    label: 'Select the previous region',
    group: 'regions',
    scope: 'canvas',
    keys: 'Shift+Tab',
    perform: press(() => selectStep(-1)),
  },
  {
    id: 'region.nextLowest',
    label: 'Select the next unreviewed region, lowest confidence first',
    group: 'regions',
    scope: 'canvas',
    keys: 'L',
    docs: 'next unreviewed region above the threshold, lowest confidence first',
    perform: press(selectLowestConfidence),
  },
  {
    id: 'region.selectAll',
    label: 'Select every region shown (then the verdict and label keys act on all)',
    group: 'regions',
    scope: 'canvas',
    keys: 'Ctrl+A',
    docs: 'select every region shown; shift-click adds or takes out one, Shift-drag selects a box of them',
    perform: press(selectAllShown),
    enabled: imageOpen,
  },
  {
    id: 'region.deselect',
    label: 'Clear the selection, leave draw mode',
    group: 'regions',
    scope: 'canvas',
    keys: 'Escape',
    perform: press(clearSelection),
  },
  {
    id: 'region.copy',
    label: 'Copy the selected regions (boxes and labels)',
    group: 'regions',
    scope: 'canvas',
    keys: 'Ctrl+C',
    perform: press(copySelected),
  },
  {
    id: 'region.paste',
    label: 'Paste the copied regions on this image (drawn regions, one undo step)',
    group: 'regions',
    scope: 'canvas',
    keys: 'Ctrl+V',
    perform: press(pasteRegions),
    enabled: imageOpen,
  },
  {
    id: 'region.acceptNext',
    label: 'Accept the region and go to the next unreviewed',
    group: 'verdicts',
    scope: 'canvas',
    keys: 'A',
    perform: press(acceptAndNext),
  },
  {
    id: 'region.acceptAll',
    label: 'Accept all remaining regions above the threshold',
    group: 'verdicts',
    scope: 'canvas',
    keys: 'Shift+A',
    docs: 'accept all remaining regions above the threshold (one undo step)',
    button: 'Accept all',
    perform: press(acceptAllRemaining),
    enabled: imageOpen,
  },
  {
    id: 'region.promote',
    label: 'Promote a dimmed region (accept it) and go to the next dimmed',
    group: 'verdicts',
    scope: 'canvas',
    keys: 'P',
    perform: press(promote),
  },
  {
    id: 'region.remove',
    label: 'False positive (deletes a drawn region)',
    group: 'verdicts',
    scope: 'canvas',
    keys: 'X',
    perform: press(removeSelected),
  },
  {
    id: 'region.confirmCarried',
    label: 'Confirm every verdict carried from an earlier model version',
    group: 'verdicts',
    scope: 'canvas',
    keys: 'V',
    docs: 'confirm all verdicts carried from an earlier model version (one undo step)',
    perform: press(confirmAllCarried),
    enabled: imageOpen,
  },
  {
    id: 'region.restore',
    label: 'Restore a false positive',
    group: 'verdicts',
    scope: 'canvas',
    keys: 'Shift+X',
    perform: press(restoreSelected),
  },
  {
    id: 'region.resetBox',
    label: 'Reset the geometry to the prediction',
    group: 'verdicts',
    scope: 'canvas',
    keys: 'R',
    docs: 'reset the geometry to the prediction (back to the earlier verdict)',
    perform: press(resetSelected),
  },
  {
    id: 'region.drawMode',
    label: 'Draw a missed region (then drag, or Enter)',
    group: 'verdicts',
    scope: 'canvas',
    keys: 'N',
    button: 'Draw',
    perform: press(toggleDrawMode),
    enabled: imageOpen,
    pressed: (state) => state.tool === 'draw',
  },
  {
    id: 'region.place',
    label: 'In draw mode: place a region in the middle of the view',
    group: 'verdicts',
    scope: 'canvas',
    keys: 'Enter',
    perform: press(placeRegion),
  },
  ...boxActions(),

  {
    id: 'concept.true',
    label: 'Concept is right (true)',
    group: 'concepts',
    scope: 'canvas',
    keys: 'T',
    perform: press(() => judge('true')),
  },
  {
    id: 'concept.false',
    label: 'Concept is wrong (false)',
    group: 'concepts',
    scope: 'canvas',
    keys: 'F',
    perform: press(() => judge('false')),
  },
  {
    id: 'concept.unsure',
    label: 'Concept is unsure (not sent)',
    group: 'concepts',
    scope: 'canvas',
    keys: 'U',
    perform: press(() => judge('unsure')),
  },
  {
    id: 'concept.next',
    label: 'Next concept',
    group: 'concepts',
    scope: 'canvas',
    keys: 'C',
    perform: press(() => stepConcept(1)),
  },
  {
    id: 'concept.previous',
    label: 'Previous concept',
    group: 'concepts',
    scope: 'canvas',
    keys: 'Shift+C',
    perform: press(() => stepConcept(-1)),
  },
  {
    id: 'concept.toggleTarget',
    label: 'Switch between region and image concepts',
    group: 'concepts',
    scope: 'canvas',
    keys: 'I',
    perform: press(toggleConceptTarget),
  },
  {
    id: 'concept.add',
    label: 'Add a concept the model did not return',
    group: 'concepts',
    scope: 'canvas',
    keys: '+',
    docs: "add a concept the model did not return (completes from the model's vocabulary)",
    perform: press(() => document.getElementById(addConceptFieldId)?.focus()),
  },
  {
    id: 'concept.remove',
    label: 'Remove the concept (an added or inherited one goes; a predicted one is judged false)',
    group: 'concepts',
    scope: 'canvas',
    keys: 'Delete',
    perform: press(removeFocusedConcept),
  },
  {
    id: 'label.replace',
    label: "Replace the region's label (type-ahead over the model's concepts)",
    group: 'concepts',
    scope: 'canvas',
    keys: 'E',
    perform: press(openRelabelPicker),
  },
  ...labelKeys(),

  {
    id: 'show.toggleRegions',
    label: 'Hide / show all regions (the selected one stays)',
    group: 'show',
    scope: 'canvas',
    keys: 'H',
    perform: press(toggleRegions),
  },

  {
    id: 'view.zoomIn',
    label: 'Zoom in',
    group: 'view',
    scope: 'canvas',
    keys: '=',
    button: '+',
    perform: press(zoomIn),
  },
  {
    id: 'view.zoomOut',
    label: 'Zoom out',
    group: 'view',
    scope: 'canvas',
    keys: '-',
    button: '−',
    perform: press(zoomOut),
  },
  {
    id: 'view.fit',
    label: 'Fit the image',
    group: 'view',
    scope: 'canvas',
    keys: '0',
    button: 'Fit',
    perform: press(fit),
  },
  // Not `1`: the digits are the label keys (docs/review.md, "Relabel keys").
  {
    id: 'view.actualSize',
    label: 'Actual size (1:1)',
    group: 'view',
    scope: 'canvas',
    keys: 'Alt+1',
    button: '1:1',
    perform: press(showActualSize),
  },
  {
    id: 'view.zoomToRegion',
    label: 'Zoom to the selected region',
    group: 'view',
    scope: 'canvas',
    keys: 'Z',
    button: 'Zoom to region',
    perform: press(zoomToSelected),
  },
  {
    id: 'view.minimap',
    label: 'Show / hide the minimap (when zoomed in)',
    group: 'view',
    scope: 'canvas',
    keys: 'M',
    docs: 'show / hide the minimap while zoomed in: click or drag on it to pan',
    button: 'Minimap',
    perform: press(toggleMinimap),
    pressed: (state) => state.minimap,
  },
  {
    id: 'view.pan',
    label: 'Pan while held (with a drag; dragging empty space pans too)',
    group: 'view',
    scope: 'canvas',
    keys: 'Space',
    hold: true,
    perform: (phase) => useReviewStore.setState({ panning: phase === 'down' }),
  },

  {
    id: 'list.down',
    label: 'Open the next image in the list',
    group: 'list',
    scope: 'list',
    keys: 'ArrowDown',
    perform: press(() => void stepImage(1)),
  },
  {
    id: 'list.up',
    label: 'Open the previous image in the list',
    group: 'list',
    scope: 'list',
    keys: 'ArrowUp',
    perform: press(() => void stepImage(-1)),
  },
  {
    id: 'list.toggleSelect',
    label: 'Choose the image for a bulk action',
    group: 'list',
    scope: 'list',
    keys: 'Space',
    perform: press(() => {
      const { imageId } = useReviewStore.getState();
      if (imageId !== undefined) toggleChosen(imageId);
    }),
  },
  {
    id: 'list.toCanvas',
    label: 'Back to the image',
    group: 'list',
    scope: 'list',
    keys: 'Enter',
    perform: press(focusCanvas),
  },

  {
    id: 'submit.acceptAll',
    label: 'Submit: accept the unreviewed regions too',
    group: 'submit',
    scope: 'dialog',
    keys: 'A',
    perform: press(() => void submitAndNext('accept')),
    enabled: inSubmitStep,
  },
  {
    id: 'submit.reviewedOnly',
    label: 'Submit: send only reviewed regions',
    group: 'submit',
    scope: 'dialog',
    keys: 'S',
    perform: press(() => void submitAndNext('skip')),
    enabled: inSubmitStep,
  },
  ...triageActions(),
] as const satisfies readonly ReviewAction[];

export type ActionId = (typeof reviewActions)[number]['id'];

export const actionsById: ReadonlyMap<string, ReviewAction> = new Map(
  reviewActions.map((action) => [action.id, action]),
);

export function isActionId(id: string): id is ActionId {
  return actionsById.has(id);
}
