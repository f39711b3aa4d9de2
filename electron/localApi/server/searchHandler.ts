import type { ImageSource } from '../../../shared/clarifai/data.ts';
import {
  legacySearchRequestSchema,
  searchesRequestSchema,
  type Pagination,
  type SearchConcept,
} from '../../../shared/clarifai/search.ts';
import { inTransaction } from '../../io/sqlite.ts';
import { sha256Hex } from '../samples/recordedPredictions.ts';
import { ApiError, rejection } from './apiError.ts';
import { newClarifaiId } from './clarifaiIds.ts';
import { InputImageError, readInputImage } from './inputImage.ts';
import { parseJsonBody, validateBody } from './jsonBody.ts';
import type { ApiRequest, LocalApiContext } from './localApiContext.ts';
import { okReply, type Reply } from './reply.ts';
import { createSearchIndex } from './searchIndex.ts';
import {
  rankInputs,
  type ConceptSource,
  type SearchIndex,
  type SearchMatch,
  type SearchTerm,
} from './searchRanking.ts';
import type { SearchKind } from './searchRepo.ts';
import { toWireInput } from './wireInput.ts';

/** The `data` of a query term, as the search schemas allow it. */
interface TermData {
  concepts?: SearchConcept[] | undefined;
  image?: ImageSource | undefined;
  metadata?: Record<string, unknown> | undefined;
}

const defaultPerPage = 20;

/** Reads the query image: its content hash, and its concepts for similarity (stored ones, else predicted). */
async function imageMatch(
  context: LocalApiContext,
  index: SearchIndex,
  image: ImageSource,
  exactOnly: boolean,
): Promise<SearchMatch> {
  let bytes: Uint8Array;
  try {
    bytes = await readInputImage(image, context.imagePolicy);
  } catch (error) {
    if (error instanceof InputImageError)
      throw new ApiError(error.code, `the query image: ${error.message}`, { httpStatus: 400 });
    throw error;
  }
  const sha256 = sha256Hex(bytes);
  if (exactOnly) return { kind: 'image', sha256, conceptNames: undefined, exactOnly };
  const same = index.inputsWithImage(sha256);
  const byInput = index.conceptNamesByInput();
  let conceptNames: string[] | undefined = [...new Set(same.flatMap((id) => [...(byInput.get(id) ?? [])]))];
  if (same.length === 0) {
    // An image never seen: the general model says what is in it (no model, no similarity).
    conceptNames = await context.predictor.conceptNames(bytes).catch(() => undefined);
  }
  return { kind: 'image', sha256, conceptNames, exactOnly };
}

async function matchesOf(
  context: LocalApiContext,
  index: SearchIndex,
  data: TermData,
  conceptSource: ConceptSource,
  image: 'similar' | 'same',
): Promise<SearchMatch[]> {
  if (data.metadata !== undefined)
    throw rejection.invalidRequest('search by metadata is not supported by the local API');
  const matches: SearchMatch[] = (data.concepts ?? []).map((concept) => ({
    kind: 'concept',
    concept: { id: concept.id, name: concept.name },
    source: conceptSource,
    present: (concept.value ?? 1) > 0,
  }));
  if (data.image) matches.push(await imageMatch(context, index, data.image, image === 'same'));
  return matches;
}

function answer(
  context: LocalApiContext,
  request: ApiRequest,
  search: {
    kind: SearchKind;
    query: unknown;
    terms: SearchTerm[];
    index: SearchIndex;
    pagination: Pagination | undefined;
  },
): { id: string; hits: unknown[] } {
  const page = search.pagination?.page ?? 1;
  const perPage = search.pagination?.per_page ?? defaultPerPage;
  const ranked = rankInputs(search.terms, search.index).slice((page - 1) * perPage, page * perPage);
  const id = newClarifaiId();
  inTransaction(context.db, () =>
    context.searches.record(
      { id, kind: search.kind, path: request.path, query: search.query, createdAt: request.receivedAt },
      ranked,
    ),
  );
  const inputs = context.inputs.getMany(ranked.map((hit) => hit.inputId));
  const hits = ranked.flatMap((hit) => {
    const input = inputs.get(hit.inputId);
    return input ? [{ score: hit.score, input: toWireInput(input) }] : [];
  });
  return { id, hits };
}

/**
 * Legacy `POST /v2/searches` (docs/clarifai-v2.md §4), the search the feedback docs pair with. Terms:
 * `output.data.concepts` — what models predicted; `output.input.data.image` — similar images (the
 * same image first, then shared concepts); `input.data.concepts` — concepts inputs were added
 * with; `input.data.image` — the very same image. The answer's `id` is the `search_id` for
 * search feedback; it is stored with its hits.
 */
export async function handleLegacySearch(context: LocalApiContext, request: ApiRequest): Promise<Reply> {
  const body = validateBody(legacySearchRequestSchema, parseJsonBody(request.body));
  const index = createSearchIndex(context.inputs, context.outputs);
  const terms: SearchTerm[] = [];
  for (const term of body.query.ands) {
    const matches: SearchMatch[] = [];
    if (term.output?.data)
      matches.push(...(await matchesOf(context, index, term.output.data, 'predicted', 'similar')));
    if (term.output?.input)
      matches.push(...(await matchesOf(context, index, term.output.input.data, 'annotated', 'similar')));
    if (term.input) matches.push(...(await matchesOf(context, index, term.input.data, 'annotated', 'same')));
    terms.push({ matches, negate: false, ranks: true });
  }
  const { id, hits } = answer(context, request, {
    kind: 'legacy',
    query: body,
    terms,
    index,
    pagination: body.pagination,
  });
  return okReply({ id, hits });
}

/**
 * `POST .../inputs/searches` and `.../annotations/searches`: ranks order, filters restrict,
 * `negate` inverts a term. `annotation` concepts are predicted or added ones; images are matched
 * by similarity. Only the first search of the list is run (Loupe sends one).
 */
export async function handleSearches(
  context: LocalApiContext,
  request: ApiRequest,
  kind: 'inputs' | 'annotations',
): Promise<Reply> {
  const body = validateBody(searchesRequestSchema, parseJsonBody(request.body));
  if (body.searches.length > 1)
    throw rejection.invalidRequest('searches: the local API runs one search per request');
  const index = createSearchIndex(context.inputs, context.outputs);
  const terms: SearchTerm[] = [];
  const query = body.searches[0]?.query;
  for (const [items, ranks] of [
    [query?.ranks ?? [], true],
    [query?.filters ?? [], false],
  ] as const) {
    for (const item of items) {
      const matches: SearchMatch[] = [];
      if (item.annotation)
        matches.push(...(await matchesOf(context, index, item.annotation.data, 'any', 'similar')));
      if (item.input)
        matches.push(...(await matchesOf(context, index, item.input.data, 'annotated', 'similar')));
      terms.push({ matches, negate: item.negate ?? false, ranks });
    }
  }
  const { id, hits } = answer(context, request, {
    kind,
    query: body,
    terms,
    index,
    pagination: body.pagination,
  });
  return okReply({ id, hits, searches: [{ id, query }] });
}
