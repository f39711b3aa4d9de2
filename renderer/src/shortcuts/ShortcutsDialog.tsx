import { useEffect, useState } from 'react';
import { Dialog } from '../review/Dialog.tsx';
import { actionsById, reviewActions, type ActionId } from '../review/reviewActions.ts';
import { useAppStore } from '../state/appStore.ts';
import { comboFromEvent, formatCombo } from './keyCombo.ts';
import { actionGroups, type ActionGroup } from './shortcutActions.ts';
import { remapShortcut, type ShortcutTable } from './shortcutRegistry.ts';
import { useShortcutTable } from './useShortcutTable.ts';

/**
 * Whether an action matches the cheat sheet's search: every word is in its label, task or keys; a
 * word with a `+` is a key combination and must be the action's keys ("shift+a" is not Shift+←).
 */
export function matchesSearch(
  action: { id: ActionId; label: string; group: ActionGroup },
  table: ShortcutTable,
  search: string,
): boolean {
  const keys = table.keysOf.get(action.id) ?? '';
  const haystack = `${action.label} ${actionGroups[action.group]} ${formatCombo(keys)}`.toLowerCase();
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) =>
      word.length > 1 && word.includes('+') ? word === keys.toLowerCase() : haystack.includes(word),
    );
}

const isMac = /Mac/.test(navigator.userAgent);

/**
 * The cheat sheet, and where keys are remapped: "Change", then press the new keys. A remap that
 * clashes with another action where both apply is refused with a message; a saved remap goes to
 * settings, so every window (and the next launch) uses it.
 */
export function ShortcutsDialog(props: {
  onClose: () => void;
  /** What an action does right now, beside its label (the label keys name their concept). */
  hint?: (id: ActionId) => string | undefined;
}) {
  const { table, overrides } = useShortcutTable();
  const updateSettings = useAppStore((state) => state.updateSettings);
  const [capturing, setCapturing] = useState<ActionId>();
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string }>();
  const [search, setSearch] = useState('');
  const shown = reviewActions.filter((action) => matchesSearch(action, table, search));

  const save = (next: Record<string, string>, text: string) =>
    void updateSettings({ shortcuts: next }).then((ok) => ok && setMessage({ kind: 'ok', text }));

  useEffect(() => {
    if (!capturing) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const combo = comboFromEvent(event, isMac);
      // Escape is left to the dialog, which cancels the capture (see onClose below).
      if (!combo || combo === 'Escape') return;
      event.preventDefault();
      event.stopImmediatePropagation();
      setCapturing(undefined);
      const result = remapShortcut(table, overrides, capturing, combo);
      if (!result.ok) setMessage({ kind: 'error', text: result.message });
      else save(result.overrides, `“${actionsById.get(capturing)!.label}” is now ${formatCombo(combo)}.`);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  });

  return (
    <Dialog
      title="Keyboard shortcuts"
      className="shortcuts-dialog"
      onClose={() => (capturing ? setCapturing(undefined) : props.onClose())}
    >
      <div className="shortcuts-bar">
        <input
          type="text"
          aria-label="Search shortcuts"
          placeholder="Search: “zoom”, “edge”, “Shift+A”…"
          value={search}
          // The list is long: the search has the keyboard when the sheet opens.
          autoFocus
          onChange={(event) => setSearch(event.target.value)}
        />
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      <p className="muted shortcuts-note">
        Shortcuts never fire while you type in a field. Choose Change, then press the new keys (Esc cancels).
      </p>
      {message && (
        <p
          role={message.kind === 'error' ? 'alert' : 'status'}
          className={message.kind === 'error' ? 'error-text' : 'ok-text'}
          data-testid="shortcut-message"
        >
          {message.text}
        </p>
      )}
      {table.conflicts.map((conflict) => (
        <p key={conflict.actions.join()} role="alert" className="error-text">
          {formatCombo(conflict.keys)} is bound to both “{actionsById.get(conflict.actions[0])!.label}” and “
          {actionsById.get(conflict.actions[1])!.label}”: the first wins until one is changed.
        </p>
      ))}
      {(Object.keys(actionGroups) as ActionGroup[]).map((group) => {
        const rows = shown.filter((action) => action.group === group);
        if (rows.length === 0) return null;
        return (
          <table key={group} className="table shortcuts-table" data-group={group}>
            <caption>{actionGroups[group]}</caption>
            <colgroup>
              <col />
              <col className="shortcut-keys-column" />
              <col className="shortcut-buttons-column" />
            </colgroup>
            <tbody>
              {rows.map((action) => {
                const keys = table.keysOf.get(action.id) ?? action.keys;
                return (
                  <tr key={action.id} data-action={action.id}>
                    <td>
                      {action.label}
                      {props.hint?.(action.id) && (
                        <span className="muted" data-testid={`hint-${action.id}`}>
                          {' '}
                          — now {props.hint(action.id)}
                        </span>
                      )}
                    </td>
                    <td className="shortcut-keys">
                      <kbd data-testid={`keys-${action.id}`}>
                        {capturing === action.id ? 'Press keys…' : formatCombo(keys)}
                      </kbd>
                    </td>
                    <td className="shortcut-buttons">
                      <button
                        type="button"
                        aria-label={`Change keys for ${action.label}`}
                        onClick={() => {
                          setMessage(undefined);
                          setCapturing(action.id);
                        }}
                      >
                        Change
                      </button>
                      {Object.hasOwn(overrides, action.id) && (
                        <button
                          type="button"
                          aria-label={`Reset keys for ${action.label}`}
                          onClick={() => {
                            const result = remapShortcut(table, overrides, action.id, action.keys);
                            if (!result.ok) setMessage({ kind: 'error', text: result.message });
                            else
                              save(
                                result.overrides,
                                `“${action.label}” is back to ${formatCombo(action.keys)}.`,
                              );
                          }}
                        >
                          Reset
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        );
      })}
      {shown.length === 0 && <p className="muted">No shortcut matches “{search}”.</p>}
    </Dialog>
  );
}
