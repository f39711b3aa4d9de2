import { useShallow } from 'zustand/react/shallow';
import { isLabelOnlyChange, relabelSummary } from '../../../shared/review.ts';
import { formatCombo } from '../shortcuts/keyCombo.ts';
import type { ShortcutTable } from '../shortcuts/shortcutRegistry.ts';
import { Dialog } from './Dialog.tsx';
import { submitAndNext } from './imageNavigation.ts';
import { countUnreviewed } from './regionStatus.ts';
import { useReviewStore } from './reviewStore.ts';

/** The submit step: says how many regions nobody judged, and whether to accept them or leave them out. */
export function SubmitDialog(props: { table: ShortcutTable }) {
  const unreviewed = useReviewStore((state) =>
    countUnreviewed([...state.reviews.values()].map((view) => view.state)),
  );
  const relabelled = useReviewStore(
    useShallow((state) =>
      [...state.reviews.values()].flatMap((view) =>
        view.state.regions.filter(isLabelOnlyChange).map(relabelSummary),
      ),
    ),
  );
  const close = () => useReviewStore.setState({ dialog: undefined });
  const keys = (id: 'submit.acceptAll' | 'submit.reviewedOnly') =>
    formatCombo(props.table.keysOf.get(id) ?? '');
  return (
    <Dialog title="Submit this image" onClose={close}>
      <p data-testid="submit-unreviewed">
        {unreviewed === 1 ? '1 region is' : `${unreviewed} regions are`} not reviewed yet.
      </p>
      {relabelled.length > 0 && (
        <div data-testid="submit-relabelled">
          <p>
            {relabelled.length === 1 ? '1 region was' : `${relabelled.length} regions were`} reviewed by their
            label only; {relabelled.length === 1 ? 'it goes' : 'they go'} as accurate with the new label:
          </p>
          <ul>
            {relabelled.map((label, index) => (
              <li key={index}>{label}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="row">
        <button type="button" onClick={() => void submitAndNext('accept')}>
          Accept them and submit <kbd>{keys('submit.acceptAll')}</kbd>
        </button>
        <button type="button" onClick={() => void submitAndNext('skip')}>
          Send only reviewed regions <kbd>{keys('submit.reviewedOnly')}</kbd>
        </button>
        <button type="button" onClick={close}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </Dialog>
  );
}
