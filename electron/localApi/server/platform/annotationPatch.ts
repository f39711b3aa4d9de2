import type { StrictAnnotation } from '../../../../shared/clarifai/platform/platformAnnotation.ts';
import type {
  StrictAnnotationData,
  StrictConcept,
  StrictRegion,
} from '../../../../shared/clarifai/platform/platformData.ts';
import type { PatchAction } from '../../../../shared/clarifai/platform/platformRequests.ts';
import type { StoredAnnotation } from './platformStore.ts';

/**
 * PatchAnnotations' actions on one stored annotation (docs/clarifai-platform.md): `merge` adds
 * concepts and regions (one with the same id is replaced), merges `annotation_info` and
 * `metadata` key by key and sets the status given; `overwrite` replaces data and
 * `annotation_info` (and the status when given); `remove` takes out the concepts, regions
 * (whole, or the concepts named inside one) and `annotation_info` keys named. The worker stays
 * who made the annotation unless the patch names one.
 */

function mergeById<T extends { id?: string | undefined }>(
  old: readonly T[] | undefined,
  added: readonly T[] | undefined,
): T[] | undefined {
  if (added === undefined) return old === undefined ? undefined : [...old];
  const merged = [...(old ?? [])];
  for (const item of added) {
    const at = item.id === undefined ? -1 : merged.findIndex((candidate) => candidate.id === item.id);
    if (at >= 0) merged[at] = item;
    else merged.push(item);
  }
  return merged;
}

function compact(data: StrictAnnotationData): StrictAnnotationData {
  const result: StrictAnnotationData = {};
  if (data.concepts && data.concepts.length > 0) result.concepts = data.concepts;
  if (data.regions && data.regions.length > 0) result.regions = data.regions;
  if (data.metadata && Object.keys(data.metadata).length > 0) result.metadata = data.metadata;
  return result;
}

function mergeData(old: StrictAnnotationData, patch: StrictAnnotationData): StrictAnnotationData {
  return compact({
    concepts: mergeById<StrictConcept>(old.concepts, patch.concepts),
    regions: mergeById<StrictRegion>(old.regions, patch.regions),
    metadata: patch.metadata === undefined ? old.metadata : { ...old.metadata, ...patch.metadata },
  });
}

function removeFromRegion(region: StrictRegion, named: StrictRegion): StrictRegion | undefined {
  const concepts = named.data?.concepts;
  if (concepts === undefined || concepts.length === 0) return undefined;
  const gone = new Set(concepts.map((concept) => concept.id));
  const left = (region.data?.concepts ?? []).filter((concept) => !gone.has(concept.id));
  return { ...region, data: { concepts: left } };
}

function removeData(old: StrictAnnotationData, patch: StrictAnnotationData): StrictAnnotationData {
  const goneConcepts = new Set((patch.concepts ?? []).map((concept) => concept.id));
  const regions = (old.regions ?? []).flatMap((region) => {
    const named = (patch.regions ?? []).find(
      (candidate) => candidate.id !== undefined && candidate.id === region.id,
    );
    if (!named) return [region];
    const left = removeFromRegion(region, named);
    return left ? [left] : [];
  });
  const metadata = { ...old.metadata };
  for (const key of Object.keys(patch.metadata ?? {})) delete metadata[key];
  return compact({
    concepts: (old.concepts ?? []).filter((concept) => !goneConcepts.has(concept.id)),
    regions,
    metadata,
  });
}

export interface PatchOutcome {
  annotation: StoredAnnotation;
  /** `remove` with `delete_if_empty_data` left nothing: the annotation is to be deleted. */
  deleted: boolean;
}

export function patchAnnotation(
  stored: StoredAnnotation,
  patch: StrictAnnotation,
  action: PatchAction,
  options: { deleteIfEmptyData: boolean; modifiedAt: string; worker: StoredAnnotation['worker'] | undefined },
): PatchOutcome {
  const base = {
    ...stored,
    modifiedAt: options.modifiedAt,
    worker: options.worker ?? stored.worker,
    statusCode: patch.status?.code ?? stored.statusCode,
    taskId: patch.task_id ?? stored.taskId,
  };
  switch (action) {
    case 'merge':
      return {
        annotation: {
          ...base,
          data: mergeData(stored.data, patch.data ?? {}),
          annotationInfo:
            patch.annotation_info === undefined
              ? stored.annotationInfo
              : { ...stored.annotationInfo, ...patch.annotation_info },
          inputLevel: patch.input_level ?? stored.inputLevel,
        },
        deleted: false,
      };
    case 'overwrite':
      return {
        annotation: {
          ...base,
          data: compact(patch.data ?? {}),
          annotationInfo: patch.annotation_info ?? null,
          inputLevel: patch.input_level ?? stored.inputLevel,
        },
        deleted: false,
      };
    case 'remove': {
      const data = removeData(stored.data, patch.data ?? {});
      const info = { ...stored.annotationInfo };
      for (const key of Object.keys(patch.annotation_info ?? {})) delete info[key];
      const annotation = { ...base, data, annotationInfo: Object.keys(info).length > 0 ? info : null };
      const empty = data.concepts === undefined && data.regions === undefined;
      // As the proto says: never an input-level annotation.
      return { annotation, deleted: options.deleteIfEmptyData && empty && !stored.inputLevel };
    }
  }
}
