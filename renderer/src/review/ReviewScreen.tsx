import { useEffect, useState } from 'react';
import type { ImageSummary } from '../../../shared/workspaceViews.ts';
import { loupe } from '../loupe.ts';
import { useAppStore } from '../state/appStore.ts';

/** The review screen: the image list; the canvas comes with the review canvas work. */
export function ReviewScreen() {
  const report = useAppStore((state) => state.report);
  const [images, setImages] = useState<ImageSummary[]>([]);
  const [total, setTotal] = useState(0);

  useEffect(() => {
    const refresh = async () => {
      const result = report(await loupe.invoke('images.list', { offset: 0, limit: 200 }));
      if (result) {
        setImages(result.items);
        setTotal(result.total);
      }
    };
    void refresh();
    return loupe.on('images.changed', () => void refresh());
  }, [report]);

  return (
    <section aria-label="Images">
      <p className="muted" data-testid="image-count">
        {total} image(s)
      </p>
      <ul className="image-grid">
        {images.map((image) => (
          <li key={image.id} data-status={image.status}>
            <img src={loupe.mediaUrl(image.id, 'thumb')} alt={image.source} loading="lazy" />
            <span>{image.status}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
