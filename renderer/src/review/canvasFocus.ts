/** The canvas element's id: keys go to the canvas scope while it (or nothing) has focus. */
export const canvasElementId = 'review-canvas';

/** Gives the keyboard back to the canvas (after a field, the list or a dialog). */
export function focusCanvas(): void {
  document.getElementById(canvasElementId)?.focus({ preventScroll: true });
}
