import { useState } from 'react';
import { conceptCatalogId } from './AddConceptField.tsx';
import { Dialog } from './Dialog.tsx';
import { clearChosen, useImageListStore } from './imageListStore.ts';
import { rejectConceptOnImages } from './reviewCommands.ts';
import { useReviewStore } from './reviewStore.ts';

/** Marks one concept false on every chosen image that has it (image concepts and regions). */
export function RejectConceptDialog() {
  const chosen = useImageListStore((state) => state.chosen);
  const [concept, setConcept] = useState('');
  const close = () => useReviewStore.setState({ dialog: undefined });
  const apply = () => {
    if (concept.trim() === '') return;
    close();
    void rejectConceptOnImages([...chosen], concept).then(clearChosen);
  };
  return (
    <Dialog title="Mark a concept false" onClose={close}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          apply();
        }}
      >
        <label>
          Concept
          <input
            list={conceptCatalogId}
            value={concept}
            autoFocus
            autoComplete="off"
            onChange={(event) => setConcept(event.target.value)}
          />
        </label>
        <div className="row">
          <button type="submit" disabled={concept.trim() === ''}>
            Mark false on {chosen.size} image(s)
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
