import type { KeyCombo } from './keyCombo.ts';

/** What the dispatcher needs to know about the focused element (an Element, or a plain object in tests). */
export interface KeyTarget {
  tagName: string;
  type?: string;
  isContentEditable?: boolean;
}

const nonTextInputs = new Set([
  'checkbox',
  'radio',
  'range',
  'button',
  'submit',
  'reset',
  'color',
  'file',
  'image',
]);

/** Shortcuts never fire while the reviewer types: text fields, text areas, selects, editable content. */
export function isTextEntry(target: KeyTarget | null): boolean {
  if (!target) return false;
  const tag = target.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable) return true;
  return tag === 'INPUT' && !nonTextInputs.has((target.type ?? 'text').toLowerCase());
}

const focusKeys = ['Tab', 'Shift+Tab'];
const pressKeys = [...focusKeys, 'Enter', 'Space'];
const arrowKeys = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'];

/**
 * Keys a focused control answers itself, so a shortcut on the same key must not take them: Tab
 * keeps moving focus off a button, Enter still presses it, arrows still move a slider.
 */
export function controlConsumes(target: KeyTarget | null, combo: KeyCombo): boolean {
  if (!target) return false;
  const tag = target.tagName.toUpperCase();
  const type = (target.type ?? '').toLowerCase();
  let keys: readonly string[] = [];
  if (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY') keys = pressKeys;
  else if (tag === 'INPUT' && (type === 'checkbox' || type === 'radio')) keys = [...pressKeys, ...arrowKeys];
  else if (tag === 'INPUT' && type === 'range')
    keys = [...focusKeys, ...arrowKeys, 'Home', 'End', 'PageUp', 'PageDown'];
  return keys.includes(combo);
}
