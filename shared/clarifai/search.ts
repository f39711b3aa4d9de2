import { z } from 'zod';
import { boundedJsonObject } from '../jsonLimits.ts';
import { imageSourceSchema, wireDataSchema, wireInputSchema } from './data.ts';
import { statusSchema } from './status.ts';

/**
 * Searches (docs/clarifai-v2.md §4): what produces the `search_id` that search feedback refers to.
 * The legacy `POST /v2/searches` is the one the feedback docs pair with; the newer
 * `POST .../inputs/searches` and `.../annotations/searches` take a list of searches with ranks.
 */

export const paginationSchema = z.strictObject({
  page: z.number().int().positive().optional(),
  per_page: z.number().int().positive().max(1000).optional(),
});
export type Pagination = z.infer<typeof paginationSchema>;

/** A concept to search by: by id or by name; `value` 1 to find it, 0 to exclude it. */
export const searchConceptSchema = z
  .strictObject({
    id: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    value: z.number().min(0).max(1).optional(),
  })
  .refine((concept) => concept.id !== undefined || concept.name !== undefined, {
    message: 'a search concept needs an id or a name',
  });
export type SearchConcept = z.infer<typeof searchConceptSchema>;

const searchData = z.strictObject({
  concepts: z.array(searchConceptSchema).min(1).optional(),
  image: imageSourceSchema.optional(),
  metadata: boundedJsonObject().optional(),
});

/**
 * One term of a legacy query: `output` matches what models predicted (by concept, or by a
 * similar image under `output.input`); `input` matches what was annotated on the inputs.
 */
export const legacySearchTermSchema = z
  .strictObject({
    output: z
      .strictObject({
        data: searchData.optional(),
        input: z.strictObject({ data: searchData }).optional(),
      })
      .optional(),
    input: z.strictObject({ data: searchData }).optional(),
  })
  .refine((term) => term.output !== undefined || term.input !== undefined, {
    message: 'a search term needs output or input',
  });
export type LegacySearchTerm = z.infer<typeof legacySearchTermSchema>;

export const legacySearchRequestSchema = z.strictObject({
  query: z.strictObject({ ands: z.array(legacySearchTermSchema).min(1) }),
  pagination: paginationSchema.optional(),
});
export type LegacySearchRequest = z.infer<typeof legacySearchRequestSchema>;

export const searchHitSchema = z.looseObject({
  score: z.number(),
  input: wireInputSchema,
  annotation: z.looseObject({ id: z.string().optional(), data: wireDataSchema.optional() }).optional(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

/** `id` is the search id that a search_click refers to. */
export const legacySearchResponseSchema = z.looseObject({
  status: statusSchema,
  id: z.string().min(1),
  hits: z.array(searchHitSchema).default([]),
});
export type LegacySearchResponse = z.infer<typeof legacySearchResponseSchema>;

/** A newer-style query: ranks order the hits, filters restrict them. */
const rankOrFilterSchema = z
  .strictObject({
    annotation: z.strictObject({ data: searchData }).optional(),
    input: z.strictObject({ data: searchData }).optional(),
    negate: z.boolean().optional(),
  })
  .refine((term) => term.annotation !== undefined || term.input !== undefined, {
    message: 'a rank or filter needs annotation or input',
  });

export const searchQuerySchema = z
  .strictObject({
    ranks: z.array(rankOrFilterSchema).optional(),
    filters: z.array(rankOrFilterSchema).optional(),
  })
  .refine((query) => (query.ranks?.length ?? 0) + (query.filters?.length ?? 0) > 0, {
    message: 'a query needs at least one rank or filter',
  });

/** Body of `POST .../inputs/searches` and `POST .../annotations/searches`. */
export const searchesRequestSchema = z.strictObject({
  searches: z.array(z.strictObject({ query: searchQuerySchema })).min(1),
  pagination: paginationSchema.optional(),
});
export type SearchesRequest = z.infer<typeof searchesRequestSchema>;

export const searchesResponseSchema = z.looseObject({
  status: statusSchema,
  id: z.string().optional(),
  hits: z.array(searchHitSchema).default([]),
  searches: z.array(z.looseObject({ id: z.string().optional() })).default([]),
});
export type SearchesResponse = z.infer<typeof searchesResponseSchema>;

/** The id a search_click should carry: the response's own id, or its (first) search's id. */
export function searchIdOf(response: SearchesResponse): string | undefined {
  return response.id || response.searches.find((search) => search.id)?.id || undefined;
}
