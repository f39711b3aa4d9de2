import { describe, expect, it } from 'vitest';
import {
  comboFromEvent,
  formatCombo,
  parseCombo,
  type KeyInput,
} from '../../../../renderer/src/shortcuts/keyCombo.ts';

const key = (value: string, modifiers: Partial<KeyInput> = {}): KeyInput => ({
  key: value,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...modifiers,
});

describe('key combinations', () => {
  it('write modifiers in one order and letters in upper case', () => {
    expect(comboFromEvent(key('a'))).toBe('A');
    expect(comboFromEvent(key('Z', { shiftKey: true, ctrlKey: true }))).toBe('Ctrl+Shift+Z');
    expect(comboFromEvent(key('ArrowLeft', { altKey: true, shiftKey: true }))).toBe('Alt+Shift+ArrowLeft');
    expect(comboFromEvent(key('Tab', { shiftKey: true }))).toBe('Shift+Tab');
  });

  it('leave Shift out of printable characters that already say it', () => {
    expect(comboFromEvent(key('?', { shiftKey: true }))).toBe('?');
    expect(comboFromEvent(key('+', { shiftKey: true }))).toBe('+');
    expect(comboFromEvent(key(' '))).toBe('Space');
  });

  it('ignore lone modifiers and dead keys', () => {
    expect(comboFromEvent(key('Shift', { shiftKey: true }))).toBeUndefined();
    expect(comboFromEvent(key('Control', { ctrlKey: true }))).toBeUndefined();
    expect(comboFromEvent(key('Dead'))).toBeUndefined();
  });

  it('read the physical key when Alt changes the character (Alt+A is å on a Mac)', () => {
    expect(comboFromEvent(key('å', { altKey: true, code: 'KeyA' }))).toBe('Alt+A');
    expect(comboFromEvent(key('¡', { altKey: true, code: 'Digit1' }))).toBe('Alt+1');
  });

  it('count ⌘ as Ctrl where asked (macOS)', () => {
    expect(comboFromEvent(key('z', { metaKey: true, code: 'KeyZ' }), true)).toBe('Ctrl+Z');
    expect(comboFromEvent(key('z', { metaKey: true, code: 'KeyZ' }), false)).toBe('Meta+Z');
  });

  it('parse stored combinations into the same form, and refuse what is not one', () => {
    expect(parseCombo('ctrl+shift+z')).toBe('Ctrl+Shift+Z');
    expect(parseCombo('Shift+Ctrl+Z')).toBe('Ctrl+Shift+Z');
    expect(parseCombo('Ctrl++')).toBe('Ctrl++');
    expect(parseCombo('+')).toBe('+');
    expect(parseCombo('y')).toBe('Y');
    expect(parseCombo('')).toBeUndefined();
    expect(parseCombo('Ctrl+')).toBeUndefined();
    expect(parseCombo('Ctrl+Ctrl+A')).toBeUndefined();
    expect(parseCombo('not a key')).toBeUndefined();
    expect(parseCombo('Shift')).toBeUndefined();
  });

  it('show arrows and Escape as people read them', () => {
    expect(formatCombo('Alt+Shift+ArrowLeft')).toBe('Alt + Shift + ←');
    expect(formatCombo('Ctrl++')).toBe('Ctrl + +');
    expect(formatCombo('Escape')).toBe('Esc');
  });
});
