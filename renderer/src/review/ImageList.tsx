import type { Ref } from 'react';
import { imageStatusSchema, imageStatuses } from '../../../shared/imageStatus.ts';
import {
  clearChosen,
  setFilter,
  showRows,
  useImageListStore,
  type ReviewProgress,
} from './imageListStore.ts';
import { ImageRow, imageRowId, statusLabels } from './ImageRow.tsx';
import { useReviewStore } from './reviewStore.ts';
import { VirtualList } from './VirtualList.tsx';

export const imageRowHeight = 56;

function progressText({ reviewed, total, inProgress, failed }: ReviewProgress): string {
  const parts = [`Reviewed ${reviewed.toLocaleString()} of ${total.toLocaleString()}`];
  parts.push(`${inProgress.toLocaleString()} in progress`);
  if (failed > 0) parts.push(`${failed.toLocaleString()} failed`);
  return parts.join(' · ');
}

/** The workspace's images: filter, progress, a windowed list, and the bulk concept action. */
export function ImageList(props: { panelRef: Ref<HTMLElement> }) {
  const filter = useImageListStore((state) => state.filter);
  const total = useImageListStore((state) => state.total);
  const progress = useImageListStore((state) => state.progress);
  const chosen = useImageListStore((state) => state.chosen.size);
  const cursor = useImageListStore((state) => state.cursor);
  const imageId = useReviewStore((state) => state.imageId);

  return (
    <aside ref={props.panelRef} className="image-list" aria-label="Image list">
      <header className="image-list-header">
        <label>
          Show{' '}
          <select
            value={filter ?? ''}
            onChange={(event) => {
              const parsed = imageStatusSchema.safeParse(event.target.value);
              setFilter(parsed.success ? parsed.data : undefined);
            }}
          >
            <option value="">All images</option>
            {imageStatuses.map((status) => (
              <option key={status} value={status}>
                {statusLabels[status]}
              </option>
            ))}
          </select>
        </label>
        <p className="muted" data-testid="review-progress">
          {progress ? progressText(progress) : ' '}
        </p>
      </header>
      {chosen > 0 && (
        <div className="bulk-bar" role="group" aria-label="Chosen images">
          <span>{chosen} chosen</span>
          <button type="button" onClick={() => useReviewStore.setState({ dialog: 'rejectConcept' })}>
            Mark a concept false…
          </button>
          <button type="button" onClick={clearChosen}>
            Clear
          </button>
        </div>
      )}
      <VirtualList
        className="image-list-rows"
        label="Images"
        count={total}
        rowHeight={imageRowHeight}
        renderRow={(index) => <ImageRow index={index} />}
        onRange={showRows}
        scrollToRow={cursor}
        activeDescendant={imageId === undefined ? undefined : imageRowId(imageId)}
      />
      {total === 0 && (
        <p className="muted image-list-empty">No images here. Import some on the Import screen.</p>
      )}
    </aside>
  );
}
