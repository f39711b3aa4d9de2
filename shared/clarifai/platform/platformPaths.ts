/**
 * Paths of the platform calls Loupe makes (service.proto's `google.api.http` options; the table
 * in docs/clarifai-platform.md). A PAT is not tied to an app, so every path names the app:
 * `/v2/users/{user_id}/apps/{app_id}/…`. Builders encode every segment; the parser decodes them.
 */

/** The app a call addresses. */
export interface AppRef {
  userId: string;
  appId: string;
}

/** A model of some app, optionally at one version. */
export interface PlatformModelRef extends AppRef {
  modelId: string;
  versionId?: string;
}

function segment(value: string, what: string): string {
  if (value === '') throw new RangeError(`${what} must not be empty`);
  return encodeURIComponent(value);
}

export function appPath(app: AppRef): string {
  return `/v2/users/${segment(app.userId, 'userId')}/apps/${segment(app.appId, 'appId')}`;
}

/** `POST` PostInputs, `GET` ListInputs. */
export const platformInputsPath = (app: AppRef): string => `${appPath(app)}/inputs`;
/** `GET` GetInput. */
export const platformInputPath = (app: AppRef, inputId: string): string =>
  `${appPath(app)}/inputs/${segment(inputId, 'inputId')}`;
/** `POST` PostAnnotations, `PATCH` PatchAnnotations, `GET` ListAnnotations. */
export const platformAnnotationsPath = (app: AppRef): string => `${appPath(app)}/annotations`;
/** `DELETE` DeleteAnnotation. */
export const platformInputAnnotationPath = (app: AppRef, inputId: string, annotationId: string): string =>
  `${platformInputPath(app, inputId)}/annotations/${segment(annotationId, 'annotationId')}`;
/** `GET` ListModels. */
export const platformModelsPath = (app: AppRef): string => `${appPath(app)}/models`;
/** `POST` PostModelOutputs. */
export function platformModelOutputsPath(model: PlatformModelRef): string {
  let path = `${appPath(model)}/models/${segment(model.modelId, 'modelId')}`;
  if (model.versionId !== undefined) path += `/versions/${segment(model.versionId, 'versionId')}`;
  return `${path}/outputs`;
}

/** What a platform path addresses. */
export type PlatformRoute = AppRef &
  (
    | { resource: 'inputs' }
    | { resource: 'input'; inputId: string }
    | { resource: 'annotations' }
    | { resource: 'inputAnnotation'; inputId: string; annotationId: string }
    | { resource: 'models' }
    | { resource: 'modelOutputs'; modelId: string; versionId?: string }
  );

function decodeSegments(path: string): string[] | undefined {
  const pathname = path.split(/[?#]/, 1)[0] ?? '';
  const raw = pathname.replace(/\/+$/, '').split('/');
  if (raw[0] !== '') return undefined;
  try {
    const segments = raw.slice(1).map(decodeURIComponent);
    return segments.includes('') ? undefined : segments;
  } catch {
    return undefined; // malformed percent-encoding
  }
}

/**
 * A request path (query allowed) → the platform call it addresses, or undefined for any other
 * path (including the app's other resources, such as `inputs/searches`, which v2 serves).
 */
export function parsePlatformPath(path: string): PlatformRoute | undefined {
  const segments = decodeSegments(path);
  if (!segments) return undefined;
  const [v2, users, userId, apps, appId, resource, ...tail] = segments;
  if (v2 !== 'v2' || users !== 'users' || apps !== 'apps') return undefined;
  if (userId === undefined || appId === undefined) return undefined;
  const app = { userId, appId };
  if (resource === 'inputs') {
    const [inputId, annotations, annotationId, ...rest] = tail;
    if (inputId === undefined) return { ...app, resource: 'inputs' };
    if (inputId === 'searches') return undefined;
    if (annotations === undefined) return { ...app, resource: 'input', inputId };
    if (annotations !== 'annotations' || annotationId === undefined || rest.length > 0) return undefined;
    return { ...app, resource: 'inputAnnotation', inputId, annotationId };
  }
  if (resource === 'annotations') return tail.length === 0 ? { ...app, resource: 'annotations' } : undefined;
  if (resource === 'models') {
    const [modelId, ...after] = tail;
    if (modelId === undefined) return { ...app, resource: 'models' };
    if (after.length === 1 && after[0] === 'outputs') return { ...app, resource: 'modelOutputs', modelId };
    const [versions, versionId, outputs, ...rest] = after;
    if (versions === 'versions' && versionId !== undefined && outputs === 'outputs' && rest.length === 0) {
      return { ...app, resource: 'modelOutputs', modelId, versionId };
    }
  }
  return undefined;
}
