/**
 * Clarifai v2 paths (docs/clarifai-v2.md §1). Every model endpoint exists in four forms —
 * `/v2/models/{id}/X`, `/v2/models/{id}/versions/{v}/X`, and both under
 * `/v2/users/{user}/apps/{app}` — and app resources (searches, inputs, annotations) in two.
 * Builders encode every segment; the parser decodes them, so ids survive any character.
 */

/** Which app a request is scoped to; both or neither (the bare form uses the key's own app). */
export interface AppScope {
  userId?: string;
  appId?: string;
}

export interface ModelRef extends AppScope {
  modelId: string;
  versionId?: string;
}

/** The model actions Loupe calls; servers may route others. */
export type ModelAction = 'outputs' | 'feedback';

function segment(value: string, what: string): string {
  if (value === '') throw new RangeError(`${what} must not be empty`);
  return encodeURIComponent(value);
}

function scopePrefix(scope: AppScope): string {
  const { userId, appId } = scope;
  if (userId === undefined && appId === undefined) return '/v2';
  if (userId === undefined || appId === undefined) {
    throw new RangeError('userId and appId go together: give both or neither');
  }
  return `/v2/users/${segment(userId, 'userId')}/apps/${segment(appId, 'appId')}`;
}

/** `GET` this for the model; append an action for the rest. */
export function modelPath(model: ModelRef, action?: ModelAction): string {
  let path = `${scopePrefix(model)}/models/${segment(model.modelId, 'modelId')}`;
  if (model.versionId !== undefined) path += `/versions/${segment(model.versionId, 'versionId')}`;
  return action === undefined ? path : `${path}/${action}`;
}

export const modelOutputsPath = (model: ModelRef): string => modelPath(model, 'outputs');
export const modelFeedbackPath = (model: ModelRef): string => modelPath(model, 'feedback');

/** `GET` lists the app's models. */
export const modelsPath = (scope: AppScope): string => `${scopePrefix(scope)}/models`;

/** The legacy search (`POST`), and with `feedback` the search-click feedback. */
export function searchesPath(scope: AppScope, action?: 'feedback'): string {
  return action === undefined ? `${scopePrefix(scope)}/searches` : `${scopePrefix(scope)}/searches/${action}`;
}

/** `POST` adds inputs, `GET` lists them; with an id, `GET` one. */
export function inputsPath(scope: AppScope, inputId?: string): string {
  const path = `${scopePrefix(scope)}/inputs`;
  return inputId === undefined ? path : `${path}/${segment(inputId, 'inputId')}`;
}

export const inputsSearchesPath = (scope: AppScope): string => `${scopePrefix(scope)}/inputs/searches`;
export const annotationsPath = (scope: AppScope): string => `${scopePrefix(scope)}/annotations`;
export const annotationsSearchesPath = (scope: AppScope): string =>
  `${scopePrefix(scope)}/annotations/searches`;

/** What a v2 path addresses; `userId`/`appId` are set for the user/app-scoped forms. */
export type V2Route = AppScope &
  (
    | { resource: 'model'; modelId: string; versionId?: string; action?: string }
    | { resource: 'models' }
    | { resource: 'searches'; action?: 'feedback' }
    | { resource: 'inputs'; inputId?: string }
    | { resource: 'inputsSearches' }
    | { resource: 'annotations' }
    | { resource: 'annotationsSearches' }
  );

export type ModelRoute = Extract<V2Route, { resource: 'model' }>;

function decodeSegments(path: string): string[] | undefined {
  const pathname = path.split(/[?#]/, 1)[0] ?? '';
  const raw = pathname.replace(/\/+$/, '').split('/');
  if (raw[0] !== '' || raw.length < 2) return undefined;
  try {
    const segments = raw.slice(1).map(decodeURIComponent);
    return segments.includes('') ? undefined : segments;
  } catch {
    return undefined; // malformed percent-encoding
  }
}

/**
 * A request path (query string allowed) → what it addresses, or undefined when it is not one of
 * the forms above. For servers: one parser routes every form. `inputs/searches` is the search
 * endpoint, as on Clarifai, so an input whose id is "searches" cannot be fetched by path.
 */
export function parseV2Path(path: string): V2Route | undefined {
  const segments = decodeSegments(path);
  if (!segments || segments[0] !== 'v2') return undefined;
  let rest = segments.slice(1);
  let scope: AppScope = {};
  if (rest[0] === 'users') {
    const [, userId, apps, appId] = rest;
    if (userId === undefined || apps !== 'apps' || appId === undefined) return undefined;
    scope = { userId, appId };
    rest = rest.slice(4);
  }
  const [resource, ...tail] = rest;
  switch (resource) {
    case 'models':
      return tail.length === 0 ? { ...scope, resource: 'models' } : parseModelTail(scope, tail);
    case 'searches':
      if (tail.length === 0) return { ...scope, resource: 'searches' };
      return tail.length === 1 && tail[0] === 'feedback'
        ? { ...scope, resource: 'searches', action: 'feedback' }
        : undefined;
    case 'inputs':
      if (tail.length === 0) return { ...scope, resource: 'inputs' };
      if (tail.length !== 1) return undefined;
      return tail[0] === 'searches'
        ? { ...scope, resource: 'inputsSearches' }
        : { ...scope, resource: 'inputs', inputId: tail[0] };
    case 'annotations':
      if (tail.length === 0) return { ...scope, resource: 'annotations' };
      return tail.length === 1 && tail[0] === 'searches'
        ? { ...scope, resource: 'annotationsSearches' }
        : undefined;
    default:
      return undefined;
  }
}

function parseModelTail(scope: AppScope, tail: string[]): ModelRoute | undefined {
  const [modelId, ...after] = tail;
  if (modelId === undefined) return undefined;
  const route: ModelRoute = { ...scope, resource: 'model', modelId };
  if (after[0] === 'versions' && after.length >= 2) {
    route.versionId = after[1];
    after.splice(0, 2);
  }
  if (after.length > 1) return undefined;
  if (after[0] !== undefined) route.action = after[0];
  return route;
}

/** Only model paths: `{userId, appId, modelId, versionId, action}`, or undefined. */
export function parseModelPath(path: string): ModelRoute | undefined {
  const route = parseV2Path(path);
  return route?.resource === 'model' ? route : undefined;
}
