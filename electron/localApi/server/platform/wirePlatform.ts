import { base64Echo } from '../wireInput.ts';
import type { StoredAnnotation, StoredPlatformInput } from './platformStore.ts';
import { namedStatus } from './platformStatus.ts';

/** Stored platform objects → the JSON of resources.proto's Input and Annotation. */

export function wirePlatformInput(input: StoredPlatformInput): Record<string, unknown> {
  const data: Record<string, unknown> = {
    image: input.imageUrl === null ? { base64: base64Echo } : { url: input.imageUrl },
  };
  if (input.metadata) data['metadata'] = input.metadata;
  return {
    id: input.id,
    data,
    created_at: input.createdAt,
    modified_at: input.modifiedAt,
    status: namedStatus(input.statusCode, input.statusDetails),
  };
}

function wireWorker(worker: StoredAnnotation['worker']): Record<string, unknown> {
  switch (worker.kind) {
    case 'user':
      return { user: { id: worker.id } };
    case 'model':
      return {
        model:
          worker.versionId === null
            ? { id: worker.id }
            : { id: worker.id, model_version: { id: worker.versionId } },
      };
    case 'workflow':
      return {
        workflow:
          worker.versionId === null
            ? { id: worker.id }
            : { id: worker.id, version: { id: worker.versionId } },
      };
  }
}

export function wireAnnotation(
  annotation: StoredAnnotation,
  status = namedStatus(annotation.statusCode),
): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    id: annotation.id,
    input_id: annotation.inputId,
    data: annotation.data,
    status,
    worker: wireWorker(annotation.worker),
    created_at: annotation.createdAt,
    modified_at: annotation.modifiedAt,
  };
  if (annotation.annotationInfo) wire['annotation_info'] = annotation.annotationInfo;
  if (annotation.inputLevel) wire['input_level'] = true;
  if (annotation.taskId !== null) wire['task_id'] = annotation.taskId;
  return wire;
}
