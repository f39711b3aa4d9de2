import '../../../support/rendererGlobals.ts';
import { describe, expect, it } from 'vitest';
import { parseCombo } from '../../../../renderer/src/shortcuts/keyCombo.ts';
import { reviewActions as shortcutActions } from '../../../../renderer/src/review/reviewActions.ts';
import {
  actionForKey,
  remapShortcut,
  resolveShortcuts,
  scopesOverlap,
} from '../../../../renderer/src/shortcuts/shortcutRegistry.ts';

describe('the shortcut table', () => {
  it('has unique ids, canonical default keys, and no conflicts as shipped', () => {
    const ids = shortcutActions.map((action) => action.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const action of shortcutActions) expect(parseCombo(action.keys)).toBe(action.keys);
    expect(resolveShortcuts({}).conflicts).toEqual([]);
  });

  it('lets keys repeat only across scopes that are never active together', () => {
    expect(scopesOverlap('canvas', 'list')).toBe(false);
    expect(scopesOverlap('canvas', 'dialog')).toBe(false);
    expect(scopesOverlap('global', 'dialog')).toBe(false);
    expect(scopesOverlap('global', 'canvas')).toBe(true);
    expect(scopesOverlap('list', 'global')).toBe(true);
    expect(scopesOverlap('canvas', 'canvas')).toBe(true);
  });

  it('finds the action for a key where its scope is active', () => {
    const table = resolveShortcuts({});
    expect(actionForKey(table, 'A', ['canvas', 'global'])).toBe('region.acceptNext');
    expect(actionForKey(table, 'A', ['dialog'])).toBe('submit.acceptAll');
    expect(actionForKey(table, 'A', ['list', 'global'])).toBeUndefined();
    expect(actionForKey(table, 'Space', ['list', 'global'])).toBe('list.toggleSelect');
    expect(actionForKey(table, 'Space', ['canvas', 'global'])).toBe('view.pan');
    expect(actionForKey(table, 'J', ['list', 'global'])).toBe('image.next');
  });

  it('applies remaps from settings and ignores those naming no action or no key', () => {
    const table = resolveShortcuts({
      'region.acceptNext': 'y',
      'no.such.action': 'Q',
      'region.remove': 'Ctrl+',
    });
    expect(table.keysOf.get('region.acceptNext')).toBe('Y');
    expect(table.keysOf.get('region.remove')).toBe('X');
    expect(table.ignored).toEqual(['no.such.action', 'region.remove']);
    expect(actionForKey(table, 'Y', ['canvas'])).toBe('region.acceptNext');
    expect(actionForKey(table, 'A', ['canvas'])).toBeUndefined();
  });

  it('reports conflicts that settings edited elsewhere brought in; the first in the table wins', () => {
    const table = resolveShortcuts({ 'region.remove': 'A' });
    expect(table.conflicts).toEqual([{ keys: 'A', actions: ['region.acceptNext', 'region.remove'] }]);
    expect(actionForKey(table, 'A', ['canvas'])).toBe('region.acceptNext');
  });

  it('refuses a remap onto keys another action uses in an overlapping scope, naming it', () => {
    const table = resolveShortcuts({});
    const refused = remapShortcut(table, {}, 'region.acceptNext', 'X');
    expect(refused).toEqual({
      ok: false,
      message: 'X is already used by “False positive (deletes a drawn region)”. Change that one first.',
    });
    // A global key clashes with a canvas one too.
    expect(remapShortcut(table, {}, 'region.acceptNext', 'J').ok).toBe(false);
  });

  it('accepts keys used only in a scope that is never active at the same time', () => {
    const table = resolveShortcuts({});
    expect(remapShortcut(table, {}, 'list.toggleSelect', 'A')).toEqual({
      ok: true,
      overrides: { 'list.toggleSelect': 'A' },
    });
  });

  it('drops a remap back to the default instead of keeping it', () => {
    const overrides = { 'region.acceptNext': 'Y' };
    const table = resolveShortcuts(overrides);
    expect(remapShortcut(table, overrides, 'region.acceptNext', 'A')).toEqual({ ok: true, overrides: {} });
  });
});
