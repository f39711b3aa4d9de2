import { useState } from 'react';
import { focusCanvas } from './canvasFocus.ts';
import { addConcept } from './regionActions.ts';
import { activeVocabulary, useReviewStore } from './reviewStore.ts';

export const addConceptFieldId = 'add-concept';
export const conceptCatalogId = 'concept-catalog';

/**
 * Adds a concept the model did not return to the selected region or the image, as true.
 * Completion comes from the concepts seen in this session's reviews. Enter adds and gives the
 * keyboard back to the canvas; Escape just goes back.
 */
export function AddConceptField() {
  const [text, setText] = useState('');
  const onRegion = useReviewStore(
    (state) => state.conceptTarget === 'region' && state.selectedKey !== undefined,
  );
  const disabled = useReviewStore((state) => state.predictionId === undefined);
  return (
    <label className="add-concept">
      Add a concept to the {onRegion ? 'region' : 'image'}
      <input
        id={addConceptFieldId}
        list={conceptCatalogId}
        value={text}
        disabled={disabled}
        autoComplete="off"
        placeholder="Concept name, then Enter"
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && text.trim() !== '') {
            event.preventDefault();
            addConcept(text);
            setText('');
            focusCanvas();
          } else if (event.key === 'Escape') {
            event.preventDefault();
            setText('');
            focusCanvas();
          }
        }}
      />
    </label>
  );
}

/** The completion list for concept fields: the model's vocabulary, then concepts seen in this session. */
export function ConceptCatalogList() {
  const catalog = useReviewStore((state) => state.catalog);
  const vocabulary = useReviewStore((state) => activeVocabulary(state));
  const names = new Map<string, string>();
  for (const concept of [...(vocabulary?.concepts ?? []), ...catalog.values()]) {
    const name = concept.name || concept.id;
    if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
  }
  return (
    <datalist id={conceptCatalogId}>
      {[...names.values()].map((name) => (
        <option key={name} value={name} />
      ))}
    </datalist>
  );
}
