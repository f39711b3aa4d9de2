import { memo } from 'react';
import type { ImageStatus } from '../../../shared/imageStatus.ts';
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
  return (
    <div
      id={imageRowId(image.id)}
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
      <span className="image-row-name" title={image.source}>
        {name}
      </span>
      <span className={`image-status image-status-${image.status}`} title={image.error ?? undefined}>
        {statusLabels[image.status]}
      </span>
    </div>
  );
});
