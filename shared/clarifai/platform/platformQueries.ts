/**
 * Query strings of the platform's list calls (service.proto's ListAnnotationsRequest,
 * ListInputsRequest, ListModelsRequest): repeated fields repeat their name, a nested field is
 * named by its path (`statuses.code`), enums by name (docs/clarifai-platform.md, "Queries").
 */

export interface PageParams {
  page?: number;
  perPage?: number;
}

export interface ListAnnotationsParams extends PageParams {
  ids?: readonly string[];
  inputIds?: readonly string[];
  userIds?: readonly string[];
  modelVersionIds?: readonly string[];
  /** Status codes by name (`ANNOTATION_AWAITING_REVIEW`) or number. */
  statusCodes?: readonly (string | number)[];
  /** Without it the platform lists only annotations made by users. */
  listAllAnnotations?: boolean;
}

export interface ListModelsParams extends PageParams {
  modelTypeId?: string;
}

function pageEntries(params: PageParams): [string, string][] {
  const entries: [string, string][] = [];
  if (params.page !== undefined) entries.push(['page', String(params.page)]);
  if (params.perPage !== undefined) entries.push(['per_page', String(params.perPage)]);
  return entries;
}

/** Names and values percent-encoded; the shared code has no URLSearchParams (no DOM, no Node). */
const withQuery = (entries: [string, string][]): string =>
  entries.length === 0
    ? ''
    : `?${entries.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&')}`;

/** `?page=&per_page=` or nothing. */
export const pageQueryString = (params: PageParams): string => withQuery(pageEntries(params));

/** The query of ListAnnotations: `?ids=a&ids=b&statuses.code=…&list_all_annotations=true…`. */
export function listAnnotationsQuery(params: ListAnnotationsParams): string {
  const entries: [string, string][] = [];
  const repeated = (name: string, values: readonly (string | number)[] | undefined) => {
    for (const value of values ?? []) entries.push([name, String(value)]);
  };
  repeated('ids', params.ids);
  repeated('input_ids', params.inputIds);
  repeated('user_ids', params.userIds);
  repeated('model_version_ids', params.modelVersionIds);
  repeated('statuses.code', params.statusCodes);
  if (params.listAllAnnotations) entries.push(['list_all_annotations', 'true']);
  return withQuery([...entries, ...pageEntries(params)]);
}

/** The query of ListModels, e.g. `?model_type_id=visual-detector&per_page=50`. */
export function listModelsQuery(params: ListModelsParams): string {
  const entries: [string, string][] = [];
  if (params.modelTypeId !== undefined) entries.push(['model_type_id', params.modelTypeId]);
  return withQuery([...entries, ...pageEntries(params)]);
}
