import { useEffect, useState } from 'react';
import { Dialog } from '../review/Dialog.tsx';
import { useAppStore } from '../state/appStore.ts';
import { comboFromEvent, formatCombo } from './keyCombo.ts';
import { actionsById, shortcutActions, type ActionId, type ShortcutScope } from './shortcutActions.ts';
import { remapShortcut } from './shortcutRegistry.ts';
import { useShortcutTable } from './useShortcutTable.ts';

const scopeTitles: Record<ShortcutScope, string> = {
  global: 'Everywhere on the review screen',
  canvas: 'Image and regions',
  list: 'Image list',
  dialog: 'Submit step',
};

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
      <p className="muted">
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
      {(Object.keys(scopeTitles) as ShortcutScope[]).map((scope) => (
        <table key={scope} className="table shortcuts-table">
          <caption>{scopeTitles[scope]}</caption>
          <tbody>
            {shortcutActions
              .filter((action) => action.scope === scope)
              .map((action) => {
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
                    <td>
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
      ))}
    </Dialog>
  );
}
