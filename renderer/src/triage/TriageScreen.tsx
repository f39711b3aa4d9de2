import { useEffect } from 'react';
import { loupe } from '../loupe.ts';
import { ActionButton } from '../review/ReviewToolbar.tsx';
import type { ActionId } from '../review/reviewActions.ts';
import { ShortcutsDialog } from '../shortcuts/ShortcutsDialog.tsx';
import type { ShortcutScope } from '../shortcuts/shortcutActions.ts';
import { useShortcuts } from '../shortcuts/useShortcuts.ts';
import { useShortcutTable } from '../shortcuts/useShortcutTable.ts';
import '../review.css';
import '../triage.css';
import { TriageFilters } from './TriageFilters.tsx';
import { TriageGrid, triageGridId } from './TriageGrid.tsx';
import { runTriageAction, triageActionForKey } from './triageKeys.ts';
import { refreshPages, useTriageStore } from './triageStore.ts';

/** Another window's or the canvas's edits move verdicts: the shown pages are read again once they pause. */
const refreshDelayMs = 400;

const scopes = (): readonly ShortcutScope[] =>
  document.querySelector('dialog[open]') ? ['dialog'] : ['triage'];

/**
 * The region triage grid (docs/triage.md): every predicted region of the workspace as a crop,
 * filtered and sorted by confidence, judged with the canvas's verdict keys.
 */
export function TriageScreen() {
  const { table } = useShortcutTable();
  const total = useTriageStore((state) => state.total);
  const progress = useTriageStore((state) => state.progress);
  const models = useTriageStore((state) => state.models.length);
  const sort = useTriageStore((state) => state.sort);
  const dialog = useTriageStore((state) => state.dialog);
  const notice = useTriageStore((state) => state.notice);
  const pending = useTriageStore((state) => state.pending);
  useShortcuts(table, scopes, runTriageAction, triageActionForKey);

  useEffect(() => {
    void refreshPages();
    document.getElementById(triageGridId)?.focus();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        // The grid's own edits refresh it in its queue; only what others change is read here.
        if (useTriageStore.getState().pending === 0) void refreshPages();
      }, refreshDelayMs);
    };
    const unsubscribe = loupe.on('images.changed', later);
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, []);

  const button = (id: ActionId) => <ActionButton id={id} table={table} run={runTriageAction} />;
  const closeDialog = () => {
    useTriageStore.setState({ dialog: undefined });
    document.getElementById(triageGridId)?.focus();
  };
  const empty = total === 0;
  return (
    <div className="triage-screen" data-pending={pending}>
      <header className="triage-header">
        <h1>Triage</h1>
        <TriageFilters />
        <span className="spacer" />
        <span data-testid="triage-progress" className="triage-progress">
          {progress ? `${progress.triaged.toLocaleString()} of ${progress.of.toLocaleString()} triaged` : ''}
        </span>
      </header>
      <div className="review-toolbar" role="toolbar" aria-label="Triage tools">
        <span data-testid="triage-sort">
          {sort === 'confidenceAsc' ? 'Lowest confidence first' : 'Highest confidence first'}
        </span>
        {button('triage.flipSort')}
        {button('triage.undo')}
        <span className="spacer" />
        {button('triage.submit')}
        {button('triage.help')}
        {button('triage.back')}
      </div>
      {empty ? (
        <p className="triage-empty" data-testid="triage-empty">
          {models === 0
            ? 'No predictions yet: predict or import some, and their regions show here.'
            : 'No regions match these filters.'}
        </p>
      ) : null}
      <TriageGrid />
      <p className="status-line" role="status" data-testid="triage-notice">
        {notice}
      </p>
      {dialog === 'shortcuts' && <ShortcutsDialog onClose={closeDialog} />}
    </div>
  );
}
