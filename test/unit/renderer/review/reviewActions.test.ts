import '../../../support/rendererGlobals.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionKeyTable } from '../../../../renderer/src/review/actionKeyTable.ts';
import { reviewActions } from '../../../../renderer/src/review/reviewActions.ts';
import { matchesSearch } from '../../../../renderer/src/shortcuts/ShortcutsDialog.tsx';
import { resolveShortcuts } from '../../../../renderer/src/shortcuts/shortcutRegistry.ts';

const docsFile = join(import.meta.dirname, '..', '..', '..', '..', 'docs', 'review.md');

describe('the review actions as data', () => {
  it('are the key table in docs/review.md, row for row', () => {
    const docs = readFileSync(docsFile, 'utf8');
    const block = /<!-- keys:start[^>]*-->\n([\s\S]*?)\n<!-- keys:end -->/.exec(docs)?.[1];
    // To regenerate after changing the records: print actionKeyTable(reviewActions) between the markers.
    expect(block).toBe(actionKeyTable(reviewActions));
  });

  it('write each arrow key once, and every action has keys, a task and something to do', () => {
    const arrowActions = reviewActions.filter(
      (action) => /Arrow/.test(action.keys) && action.scope === 'canvas',
    );
    expect(arrowActions).toHaveLength(24);
    expect(new Set(arrowActions.map((action) => action.keys)).size).toBe(24);
    for (const action of reviewActions) expect(typeof action.perform).toBe('function');
  });

  it('are found by the cheat sheet search by words of the label, the task or the (remapped) keys', () => {
    const table = resolveShortcuts({ 'region.acceptNext': 'Y' });
    const found = (search: string) =>
      reviewActions.filter((action) => matchesSearch(action, table, search)).map((action) => action.id);
    expect(found('accept next unreviewed')).toEqual(['region.acceptNext']);
    expect(found('Zoom and pan fit')).toEqual(['view.fit']);
    expect(found('y')).toContain('region.acceptNext');
    expect(found('no such thing')).toEqual([]);
  });
});
