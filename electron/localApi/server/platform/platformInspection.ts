import { statusCodeName } from '../../../../shared/clarifai/statusCodes.ts';
import type { StoredAnnotation, StoredPlatformInput, PlatformStore } from './platformStore.ts';

/**
 * What the platform paths hold, for `GET /_loupe/annotations`, `GET /_loupe/platform-inputs`
 * and `loupe serve --list-annotations`: Loupe's own camelCase JSON, like the feedback listing,
 * with each status as its code and name. `data` is the annotation's wire data as stored.
 */

export interface InspectedStatus {
  code: number;
  name: string | undefined;
  details?: string;
}

const status = (code: number, details: string | null): InspectedStatus =>
  details === null ? { code, name: statusCodeName(code) } : { code, name: statusCodeName(code), details };

export function inspectInput(input: StoredPlatformInput) {
  return {
    userId: input.userId,
    appId: input.appId,
    id: input.id,
    imageUrl: input.imageUrl,
    imageSha256: input.imageSha256,
    status: status(input.statusCode, input.statusDetails),
    createdAt: input.createdAt,
    modifiedAt: input.modifiedAt,
  };
}

export function inspectAnnotation(annotation: StoredAnnotation) {
  return {
    userId: annotation.userId,
    appId: annotation.appId,
    id: annotation.id,
    inputId: annotation.inputId,
    status: status(annotation.statusCode, null),
    worker: annotation.worker,
    inputLevel: annotation.inputLevel,
    data: annotation.data,
    annotationInfo: annotation.annotationInfo,
    createdAt: annotation.createdAt,
    modifiedAt: annotation.modifiedAt,
  };
}

export function inspectPlatform(store: PlatformStore) {
  return {
    apps: store.apps(),
    inputs: store.allInputs().map(inspectInput),
    annotations: store.allAnnotations().map(inspectAnnotation),
  };
}

/** One annotation per paragraph, for a person reading `loupe serve --list-annotations`. */
export function annotationLines(annotation: ReturnType<typeof inspectAnnotation>): string {
  const worker = `${annotation.worker.kind} ${annotation.worker.id}${annotation.worker.versionId ? `@${annotation.worker.versionId}` : ''}`;
  const regions = annotation.data.regions?.length ?? 0;
  const concepts = annotation.data.concepts?.length ?? 0;
  const what = annotation.inputLevel ? `${concepts} image concept(s)` : `${regions} region(s)`;
  return `${annotation.userId}/${annotation.appId} annotation ${annotation.id} on input ${annotation.inputId}\n   ${annotation.status.name ?? annotation.status.code}  by ${worker}  ${what}  modified ${annotation.modifiedAt}\n   ${JSON.stringify({ data: annotation.data, annotation_info: annotation.annotationInfo })}`;
}
