import { useEffect, useState } from 'react';
import type { ImageSummary, SearchResultView } from '../../../shared/workspaceViews.ts';
import { loupe } from '../loupe.ts';
import { imageName } from '../review/ImageRow.tsx';
import { useAppStore } from '../state/appStore.ts';

/**
 * Search by concept name or by an image. Opening a hit shows it and queues `search_click`
 * feedback carrying that search's id.
 */
export function SearchView() {
  const report = useAppStore((state) => state.report);
  const openImage = useAppStore((state) => state.openImage);
  const [concept, setConcept] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SearchResultView | undefined>();
  const [images, setImages] = useState<ImageSummary[]>([]);

  useEffect(() => {
    void loupe
      .invoke('images.list', { offset: 0, limit: 24 })
      .then((listed) => setImages(report(listed)?.items ?? []));
  }, [report]);

  const search = async (query: { concept: string } | { imageId: number }) => {
    setBusy(true);
    setResult(report(await loupe.invoke('search.run', query)));
    setBusy(false);
  };

  const open = async (hitIndex: number) => {
    if (!result) return;
    const opened = report(await loupe.invoke('search.open', { searchId: result.id, hitIndex }));
    if (opened?.imageId) openImage(opened.imageId);
  };

  return (
    <section className="search" aria-labelledby="search-title">
      <h1 id="search-title">Search</h1>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          if (concept.trim()) void search({ concept: concept.trim() });
        }}
      >
        <input
          aria-label="Concept"
          placeholder="A concept, e.g. person"
          value={concept}
          onChange={(event) => setConcept(event.target.value)}
        />
        <button type="submit" disabled={busy || !concept.trim()}>
          Search
        </button>
      </form>
      {images.length > 0 && (
        <details>
          <summary>…or search by one of your images</summary>
          <ul className="image-grid small">
            {images.map((image) => (
              <li key={image.id}>
                <button
                  type="button"
                  onClick={() => void search({ imageId: image.id })}
                  aria-label={`Search like ${image.source}`}
                >
                  <img src={loupe.mediaUrl(image.id, 'thumb')} alt="" loading="lazy" />
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
      {result && (
        <>
          <p className="muted" data-testid="search-summary">
            {result.hits.length} hit(s) for search {result.searchId}
          </p>
          <ul className="image-grid" data-testid="search-hits">
            {result.hits.map((hit, index) => (
              <li key={`${hit.inputId}-${index}`}>
                <button
                  type="button"
                  onClick={() => void open(index)}
                  aria-label={`Open hit ${index + 1}${hit.imageSource ? `: ${imageName(hit.imageSource)}` : ''}`}
                >
                  {hit.imageId ? (
                    <img src={loupe.mediaUrl(hit.imageId, 'thumb')} alt="" loading="lazy" />
                  ) : (
                    <span className="muted">{hit.imageUrl ?? hit.inputId}</span>
                  )}
                </button>
                {hit.imageSource && (
                  <span className="hit-name" title={hit.imageSource}>
                    {imageName(hit.imageSource)}
                  </span>
                )}
                <span>score {hit.score.toFixed(3)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
