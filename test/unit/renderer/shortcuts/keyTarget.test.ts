import { describe, expect, it } from 'vitest';
import { controlConsumes, isTextEntry } from '../../../../renderer/src/shortcuts/keyTarget.ts';

describe('where shortcuts stay quiet', () => {
  it('never in a text field, text area, select or editable content', () => {
    expect(isTextEntry({ tagName: 'INPUT' })).toBe(true);
    expect(isTextEntry({ tagName: 'input', type: 'search' })).toBe(true);
    expect(isTextEntry({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTextEntry({ tagName: 'SELECT' })).toBe(true);
    expect(isTextEntry({ tagName: 'DIV', isContentEditable: true })).toBe(true);
  });

  it('but on buttons, checkboxes, sliders and the canvas they fire', () => {
    expect(isTextEntry({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTextEntry({ tagName: 'INPUT', type: 'range' })).toBe(false);
    expect(isTextEntry({ tagName: 'BUTTON' })).toBe(false);
    expect(isTextEntry({ tagName: 'DIV' })).toBe(false);
    expect(isTextEntry(null)).toBe(false);
  });

  it('leave a focused control the keys it answers itself', () => {
    expect(controlConsumes({ tagName: 'BUTTON' }, 'Enter')).toBe(true);
    expect(controlConsumes({ tagName: 'BUTTON' }, 'Tab')).toBe(true);
    expect(controlConsumes({ tagName: 'BUTTON' }, 'A')).toBe(false);
    expect(controlConsumes({ tagName: 'INPUT', type: 'range' }, 'ArrowLeft')).toBe(true);
    expect(controlConsumes({ tagName: 'INPUT', type: 'range' }, 'Shift+ArrowLeft')).toBe(false);
    expect(controlConsumes({ tagName: 'INPUT', type: 'checkbox' }, 'Space')).toBe(true);
    expect(controlConsumes({ tagName: 'DIV' }, 'Tab')).toBe(false);
  });
});
