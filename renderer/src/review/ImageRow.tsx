import { memo } from 'react';
import type { ImageStatus } from '../../../shared/imageStatus.ts';
import type { ImageListItem } from '../../../shared/workspaceViews.ts';
import { loupe } from '../loupe.ts';
import { focusCanvas } from './canvasFocus.ts';
import { listPageSize, toggleChosen, useImageListStore } from './imageListStore.ts';
import { openRow } from './imageNavigation.ts';
import { useReviewStore } from './reviewStore.ts';

export const statusLabels: Record<ImageStatus, string> = {
  pending: 'Pending',
  failed: 'Failed',
  unreviewed: 'Unreviewed',
  in_progress: 'In progress',
  queued: 'Queued',
  done: 'Done',
};

/** The file or URL's last part: what a reviewer recognises an image by. */
export function imageName(source: string): string {
  return source.split(/[/\\]/).filter(Boolean).at(-1) ?? source;
}

/** "12 regions · 3 to review · 1 false positive · min 41%"; empty for an image without regions. */
export function regionCounts(image: ImageListItem): string {
  if (image.regions === 0) return '';
  const parts = [`${image.regions} region${image.regions === 1 ? '' : 's'}`];
  if (image.unreviewedRegions > 0) parts.push(`${image.unreviewedRegions} to review`);
  if (image.falsePositives > 0)
    parts.push(`${image.falsePositives} false positive${image.falsePositives === 1 ? '' : 's'}`);
  if (image.minConfidence !== null) parts.push(`min ${Math.round(image.minConfidence * 100)}%`);
  return parts.join(' · ');
}

export const imageRowId = (imageId: number) => `image-row-${imageId}`;

/** One row of the image list; it reads its image from the page cache by index. */
export const ImageRow = memo(function ImageRow(props: { index: number }) {
  const image = useImageListStore(
    (state) => state.pages.get(Math.floor(props.index / listPageSize))?.[props.index % listPageSize],
  );
  const chosen = useImageListStore((state) => (image ? state.chosen.has(image.id) : false));
  const open = useReviewStore((state) => image !== undefined && state.imageId === image.id);
  if (!image) return <div className="image-row image-row-loading" aria-hidden="true" />;
  const name = imageName(image.source);
  const counts = regionCounts(image);
  return (
    <div
      id={imageRowId(image.id)}
      // The full path or URL and the counts on hover: a list row has room for the file name only.
      title={[image.source, counts, image.error].filter(Boolean).join('\n')}
      role="option"
      aria-selected={open}
      className={open ? 'image-row open' : 'image-row'}
      data-image-id={image.id}
      data-status={image.status}
      // A click means "review this one": the keys go to the canvas (arrows in the list keep them).
      onClick={() => {
        void openRow(props.index);
        focusCanvas();
      }}
    >
      <input
        type="checkbox"
        tabIndex={-1}
        checked={chosen}
        aria-label={`Choose ${name}`}
        onClick={(event) => event.stopPropagation()}
        onChange={() => toggleChosen(image.id)}
      />
      <img src={loupe.mediaUrl(image.id, 'thumb')} alt="" loading="lazy" width={64} height={44} />
      <span className="image-row-name">{name}</span>
      <span className="image-row-meta">
        <span className={`image-status image-status-${image.status}`}>{statusLabels[image.status]}</span>
        {counts && (
          <span className="image-row-counts" data-testid="region-counts">
            {counts}
          </span>
        )}
      </span>
    </div>
  );
});
