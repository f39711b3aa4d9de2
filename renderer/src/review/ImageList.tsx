import type { Ref } from 'react';
import { imageStatusSchema, imageStatuses } from '../../../shared/imageStatus.ts';
import { verdicts, type Verdict } from '../../../shared/review.ts';
import { imageSortSchema, type ImageSort } from '../../../shared/workspaceViews.ts';
import {
  clearChosen,
  setListView,
  showRows,
  useImageListStore,
  useListConcepts,
  type ReviewProgress,
} from './imageListStore.ts';
import { ImageRow, imageRowId, statusLabels } from './ImageRow.tsx';
import { useReviewStore } from './reviewStore.ts';
import { SessionProgress } from './SessionProgress.tsx';
import { VirtualList } from './VirtualList.tsx';

export const imageRowHeight = 56;

function progressText({ reviewed, total, inProgress, failed }: ReviewProgress): string {
  const parts = [`Reviewed ${reviewed.toLocaleString()} of ${total.toLocaleString()}`];
  parts.push(`${inProgress.toLocaleString()} in progress`);
  if (failed > 0) parts.push(`${failed.toLocaleString()} failed`);
  return parts.join(' · ');
}

const sortLabels: Record<ImageSort, string> = {
  import: 'Import order',
  lowestConfidence: 'Lowest confidence',
  mostRegions: 'Most regions',
  mostFalsePositives: 'Most false positives',
};

export const verdictLabels: Record<Verdict, string> = {
  accurate: 'Accurate',
  misplaced: 'Misplaced',
  not_detected: 'Drawn (missed)',
  false_positive: 'False positive',
};

/** The workspace's images: filter, progress, a windowed list, and the bulk concept action. */
export function ImageList(props: { panelRef: Ref<HTMLElement> }) {
  const filter = useImageListStore((state) => state.filter);
  const sort = useImageListStore((state) => state.sort);
  const concepts = useListConcepts((state) => state.concepts);
  const total = useImageListStore((state) => state.total);
  const progress = useImageListStore((state) => state.progress);
  const chosen = useImageListStore((state) => state.chosen.size);
  const cursor = useImageListStore((state) => state.cursor);
  const imageId = useReviewStore((state) => state.imageId);

  return (
    <aside ref={props.panelRef} className="image-list" aria-label="Image list">
      <header className="image-list-header">
        <div className="image-list-controls">
          <label>
            Show
            <select
              value={filter.status ?? ''}
              onChange={(event) => {
                const parsed = imageStatusSchema.safeParse(event.target.value);
                setListView({ filter: { ...filter, status: parsed.success ? parsed.data : undefined } });
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
          <label>
            Sort
            <select
              aria-label="Sort"
              value={sort}
              onChange={(event) => setListView({ sort: imageSortSchema.parse(event.target.value) })}
            >
              {imageSortSchema.options.map((option) => (
                <option key={option} value={option}>
                  {sortLabels[option]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Concept
            <select
              aria-label="Concept"
              value={filter.concept ?? ''}
              onChange={(event) =>
                setListView({ filter: { ...filter, concept: event.target.value || undefined } })
              }
            >
              <option value="">Any concept</option>
              {filter.concept && !concepts.some((concept) => concept.name === filter.concept) && (
                <option value={filter.concept}>{filter.concept}</option>
              )}
              {concepts.map((concept) => (
                <option key={concept.name} value={concept.name}>
                  {concept.name} ({concept.images.toLocaleString()})
                </option>
              ))}
            </select>
          </label>
          <label>
            Verdict
            <select
              aria-label="Verdict"
              value={filter.verdict ?? ''}
              onChange={(event) => {
                const verdict = verdicts.find((option) => option === event.target.value);
                setListView({ filter: { ...filter, verdict } });
              }}
            >
              <option value="">Any verdict</option>
              {verdicts.map((verdict) => (
                <option key={verdict} value={verdict}>
                  {verdictLabels[verdict]}
                </option>
              ))}
            </select>
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={filter.hasUnreviewed ?? false}
              onChange={(event) =>
                setListView({ filter: { ...filter, hasUnreviewed: event.target.checked || undefined } })
              }
            />
            Has unreviewed regions
          </label>
        </div>
        <p className="muted" data-testid="review-progress">
          {progress ? progressText(progress) : ' '}
        </p>
        <SessionProgress />
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
        <p className="muted image-list-empty">
          {filter.status || filter.concept || filter.verdict || filter.hasUnreviewed
            ? 'No image matches this filter.'
            : 'No images here. Import some on the Import screen.'}
        </p>
      )}
    </aside>
  );
}
