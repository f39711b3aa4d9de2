import { useState } from 'react';
import { Dialog } from './Dialog.tsx';
import { focusCanvas } from './canvasFocus.ts';
import { relabelTyped } from './regionActions.ts';
import { activeVocabulary, useReviewStore } from './reviewStore.ts';

/** At most this many matches are listed; typing narrows them. */
const shownMatches = 12;

/**
 * "Replace label": type-ahead over the whole vocabulary of the model (and concepts seen this
 * session). Enter takes the highlighted match, or the typed name as a new concept when nothing
 * matches; ↑/↓ move the highlight. One relabel op, so one undo step.
 */
export function RelabelDialog() {
  const [text, setText] = useState('');
  const [highlight, setHighlight] = useState(0);
  const vocabulary = useReviewStore((state) => activeVocabulary(state));
  const catalog = useReviewStore((state) => state.catalog);
  const names = new Map<string, string>();
  for (const concept of [...(vocabulary?.concepts ?? []), ...catalog.values()]) {
    const name = concept.name || concept.id;
    if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
  }
  const typed = text.trim().toLowerCase();
  const all = [...names.values()];
  const matches = (
    typed === ''
      ? all
      : [
          ...all.filter((name) => name.toLowerCase().startsWith(typed)),
          ...all.filter(
            (name) => !name.toLowerCase().startsWith(typed) && name.toLowerCase().includes(typed),
          ),
        ]
  ).slice(0, shownMatches);
  // The dialog leaves the DOM when the store closes it, taking focus with it: the canvas gets the
  // keyboard back once that render is done.
  const close = () => {
    useReviewStore.setState({ dialog: undefined });
    requestAnimationFrame(focusCanvas);
  };
  const choose = (name: string) => {
    if (name.trim() === '') return;
    relabelTyped(name);
    close();
  };
  const current = Math.min(highlight, Math.max(0, matches.length - 1));
  return (
    <Dialog title="Replace label" onClose={close}>
      <label className="form">
        New label
        <input
          autoFocus
          autoComplete="off"
          value={text}
          role="combobox"
          aria-controls="relabel-matches"
          aria-expanded={matches.length > 0}
          aria-activedescendant={matches.length > 0 ? `relabel-match-${current}` : undefined}
          placeholder="Type a concept, then Enter"
          onChange={(event) => {
            setText(event.target.value);
            setHighlight(0);
          }}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              const step = event.key === 'ArrowDown' ? 1 : -1;
              setHighlight((current + step + matches.length) % Math.max(1, matches.length));
            } else if (event.key === 'Enter') {
              event.preventDefault();
              choose(matches[current] ?? text);
            }
          }}
        />
      </label>
      <ul id="relabel-matches" role="listbox" aria-label="Matching concepts" className="relabel-matches">
        {matches.map((name, index) => (
          <li
            key={name}
            id={`relabel-match-${index}`}
            role="option"
            aria-selected={index === current}
            onClick={() => choose(name)}
          >
            {name}
          </li>
        ))}
        {matches.length === 0 && text.trim() !== '' && (
          <li role="option" aria-selected="true" id="relabel-match-0" onClick={() => choose(text)}>
            {text.trim()} (new concept)
          </li>
        )}
      </ul>
      <div className="row">
        <button type="button" onClick={close}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </Dialog>
  );
}
