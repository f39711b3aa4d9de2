/**
 * Key combinations as canonical strings: modifiers in the order Ctrl, Alt, Shift, Meta, then the
 * key (`Ctrl+Shift+Z`, `Alt+ArrowLeft`, `?`, `Space`). Letters are upper case. For other printable
 * characters Shift is not written, because the character already says it (`?` is Shift+/ on one
 * layout and a key of its own on another); remaps and defaults are compared in this one form.
 */
export type KeyCombo = string;

/** The parts of a KeyboardEvent that decide the combination (a plain object in tests). */
export interface KeyInput {
  key: string;
  code?: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

const modifierOrder = ['Ctrl', 'Alt', 'Shift', 'Meta'] as const;
type Modifier = (typeof modifierOrder)[number];

const modifierKeys = new Set(['Control', 'Alt', 'Shift', 'Meta', 'AltGraph', 'CapsLock', 'OS']);

/**
 * The combination a key press means, or undefined for a lone modifier or a dead key. With
 * `macCommandIsCtrl`, ⌘ counts as Ctrl so one table serves both platforms.
 */
export function comboFromEvent(event: KeyInput, macCommandIsCtrl = false): KeyCombo | undefined {
  if (modifierKeys.has(event.key) || event.key === 'Dead' || event.key === 'Unidentified') return undefined;
  const ctrl = event.ctrlKey || (macCommandIsCtrl && event.metaKey);
  const meta = event.metaKey && !macCommandIsCtrl;
  let key = event.key;
  // With Ctrl or Alt held some layouts report a different character (Alt+A is "å" on a Mac):
  // the physical key is what the reviewer meant.
  if ((ctrl || event.altKey || meta) && event.code) {
    const letter = /^Key([A-Z])$/.exec(event.code)?.[1];
    const digit = /^Digit(\d)$/.exec(event.code)?.[1];
    if (letter) key = letter;
    else if (digit) key = digit;
  }
  return combine({ ctrl, alt: event.altKey, shift: event.shiftKey, meta }, key);
}

/** Parses a stored combination; undefined when it is not one. */
export function parseCombo(text: string): KeyCombo | undefined {
  const modifiers = new Set<Modifier>();
  let rest = text.trim();
  for (;;) {
    const match = /^(Ctrl|Alt|Shift|Meta)\+(.+)$/i.exec(rest);
    if (!match?.[1] || match[2] === undefined) break;
    const name = modifierOrder.find((modifier) => modifier.toLowerCase() === match[1]!.toLowerCase());
    if (!name || modifiers.has(name)) return undefined;
    modifiers.add(name);
    rest = match[2];
  }
  if (rest === '' || modifierKeys.has(rest)) return undefined;
  const key = rest === ' ' ? 'Space' : rest;
  if (key.length > 1 && !/^[A-Z][A-Za-z0-9]*$/.test(key)) return undefined;
  return combine(
    {
      ctrl: modifiers.has('Ctrl'),
      alt: modifiers.has('Alt'),
      shift: modifiers.has('Shift'),
      meta: modifiers.has('Meta'),
    },
    key,
  );
}

function combine(
  modifiers: { ctrl: boolean; alt: boolean; shift: boolean; meta: boolean },
  rawKey: string,
): KeyCombo {
  let key = rawKey === ' ' ? 'Space' : rawKey;
  let shift = modifiers.shift;
  if (key.length === 1) {
    if (/[a-z]/i.test(key)) key = key.toUpperCase();
    else shift = false;
  }
  const parts: string[] = [];
  if (modifiers.ctrl) parts.push('Ctrl');
  if (modifiers.alt) parts.push('Alt');
  if (shift) parts.push('Shift');
  if (modifiers.meta) parts.push('Meta');
  parts.push(key);
  return parts.join('+');
}

const symbols: Record<string, string> = {
  ArrowLeft: '←',
  ArrowRight: '→',
  ArrowUp: '↑',
  ArrowDown: '↓',
  Escape: 'Esc',
};

/** How a combination is shown in the cheat sheet and on buttons. */
export function formatCombo(combo: KeyCombo): string {
  const parts =
    combo === '+' ? ['+'] : combo.endsWith('++') ? [...combo.slice(0, -2).split('+'), '+'] : combo.split('+');
  return parts.map((part) => symbols[part] ?? part).join(' + ');
}
