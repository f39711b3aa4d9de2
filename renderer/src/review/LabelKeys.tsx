import { useShallow } from 'zustand/react/shallow';
import { formatCombo } from '../shortcuts/keyCombo.ts';
import type { ActionId } from './reviewActions.ts';
import { useShortcutTable } from '../shortcuts/useShortcutTable.ts';
import { labelKeyConcepts, openRelabelPicker, relabelSelected } from './regionActions.ts';
import { useReviewStore } from './reviewStore.ts';

/**
 * The label keys of the selected region: the model's frequent concepts with the keys that assign
 * them (as remapped), and the replace-label picker. Clicking one does what its key does.
 */
export function LabelKeys() {
  const { table } = useShortcutTable();
  const concepts = useReviewStore(useShallow((state) => labelKeyConcepts(state)));
  const keys = (id: ActionId) => formatCombo(table.keysOf.get(id) ?? '');
  return (
    <section className="label-keys" aria-label="Label keys" data-testid="label-keys">
      <h3>Relabel</h3>
      <ul>
        {concepts.map((concept, index) => (
          <li key={concept.id} data-label-key={index + 1} data-concept-id={concept.id}>
            <button type="button" onClick={() => relabelSelected(concept)}>
              <kbd>{keys(`label.key${index + 1}` as ActionId)}</kbd> {concept.name}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={openRelabelPicker}>
        Replace label… <kbd>{keys('label.replace')}</kbd>
      </button>{' '}
      <span className="muted">
        Remove a concept: <kbd>{keys('concept.remove')}</kbd>
      </span>
    </section>
  );
}
