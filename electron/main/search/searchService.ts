import { readFile } from 'node:fs/promises';
import { buildSearchFeedbackRequest } from '../../../shared/clarifai/searchFeedbackRequest.ts';
import type { LegacySearchRequest } from '../../../shared/clarifai/search.ts';
import type { SearchResultView } from '../../../shared/workspaceViews.ts';
import type { ClarifaiClient } from '../clarifai/clarifaiClient.ts';
import { LoupeError } from '../../../shared/LoupeError.ts';
import type { Workspace } from '../workspace/workspace.ts';

export type SearchQuery = { concept: string } | { imageId: number };

/**
 * Search (docs/design.md §3): the legacy `/v2/searches` the feedback docs pair with. The response's
 * `id` is stored with its hits, so opening a hit queues `search_click` feedback with that very
 * search id (never an output id: doc bug §7.2). Hits are matched to workspace images by the input
 * id their predictions came back with.
 */
export async function runSearch(
  workspace: Workspace,
  client: ClarifaiClient,
  query: SearchQuery,
): Promise<SearchResultView> {
  const request = await legacyQuery(workspace, query);
  const response = await client.searchLegacy(request);
  const hits = response.hits.map((hit) => {
    const imageId = imageForInput(workspace, hit.input.id);
    return {
      score: hit.score,
      inputId: hit.input.id,
      imageUrl: hit.input.data?.image?.url ?? null,
      imageId,
      imageSource: imageId === null ? null : (workspace.images.get(imageId)?.source ?? null),
    };
  });
  const result = workspace.db
    .prepare('INSERT INTO searches (search_id, query, hits, created_at) VALUES (?, ?, ?, ?)')
    .run(response.id, JSON.stringify(query), JSON.stringify(hits), new Date().toISOString());
  return { id: Number(result.lastInsertRowid), searchId: response.id, hits };
}

/** Queues search-click feedback for a hit of a stored search; returns the image it shows, if known. */
export function openSearchHit(
  workspace: Workspace,
  searchRowId: number,
  hitIndex: number,
  who: { endUserId: string; sessionId: string },
): number | null {
  const row = workspace.db.prepare('SELECT search_id, hits FROM searches WHERE id = ?').get(searchRowId);
  if (!row) throw new LoupeError('not_found', `No search ${searchRowId}`);
  const hits = JSON.parse(String(row['hits'])) as SearchResultView['hits'];
  const hit = hits[hitIndex];
  if (!hit) throw new LoupeError('not_found', `Search ${searchRowId} has no hit ${hitIndex}`);
  workspace.outbox.enqueueSearchFeedback(
    hit.imageId,
    buildSearchFeedbackRequest({ searchId: String(row['search_id']), inputId: hit.inputId, ...who }),
  );
  return hit.imageId;
}

async function legacyQuery(workspace: Workspace, query: SearchQuery): Promise<LegacySearchRequest> {
  if ('concept' in query) {
    return { query: { ands: [{ output: { data: { concepts: [{ name: query.concept, value: 1 }] } } }] } };
  }
  const image = workspace.images.get(query.imageId);
  if (!image) throw new LoupeError('not_found', `No image ${query.imageId} in this workspace`);
  const source =
    image.sourceKind === 'url'
      ? { url: image.source }
      : {
          base64: (
            await readFile(image.source).catch(() => {
              throw new LoupeError('not_found', `Cannot read ${image.source}`);
            })
          ).toString('base64'),
        };
  return { query: { ands: [{ output: { input: { data: { image: source } } } }] } };
}

function imageForInput(workspace: Workspace, inputId: string): number | null {
  const row = workspace.db
    .prepare('SELECT image_id FROM predictions WHERE input_id = ? LIMIT 1')
    .get(inputId);
  return row ? Number(row['image_id']) : null;
}
