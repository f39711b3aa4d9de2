import { describe, expect, it } from 'vitest';
import { patchAnnotation } from '../../../../../../electron/localApi/server/platform/annotationPatch.ts';
import type { StoredAnnotation } from '../../../../../../electron/localApi/server/platform/platformStore.ts';
import { strictAnnotationSchema } from '../../../../../../shared/clarifai/platform/platformAnnotation.ts';

const box = { top_row: 0.1, left_col: 0.1, bottom_row: 0.5, right_col: 0.5 };
const stored: StoredAnnotation = {
  userId: 'me',
  appId: 'loupe',
  id: 'a1',
  inputId: 'i1',
  data: {
    regions: [
      {
        id: 'r1',
        region_info: { bounding_box: box },
        data: {
          concepts: [
            { id: 'face', value: 1 },
            { id: 'smile', value: 1 },
          ],
        },
      },
      { id: 'r2', region_info: { bounding_box: box } },
    ],
    metadata: { a: 1, b: 2 },
  },
  annotationInfo: { verdict: 'accurate', reviewer: 'ann' },
  statusCode: 24157,
  worker: { kind: 'model', id: 'face', versionId: 'v1' },
  inputLevel: false,
  taskId: null,
  createdAt: 't0',
  modifiedAt: 't0',
};
const options = { deleteIfEmptyData: false, modifiedAt: 't1', worker: undefined };
const patch = (json: unknown) => strictAnnotationSchema.parse(json);

describe('PatchAnnotations actions', () => {
  it('merge replaces a region with the same id, adds new ones, merges info and metadata, sets the status', () => {
    const { annotation, deleted } = patchAnnotation(
      stored,
      patch({
        id: 'a1',
        status: { code: 'ANNOTATION_SUCCESS' },
        annotation_info: { verdict: 'misplaced' },
        data: {
          regions: [
            { id: 'r2', region_info: { bounding_box: { ...box, right_col: 0.9 } } },
            { region_info: { bounding_box: box } },
          ],
          metadata: { b: 3 },
        },
      }),
      'merge',
      options,
    );
    expect(deleted).toBe(false);
    expect(annotation.statusCode).toBe(24150);
    expect(
      annotation.data.regions?.map((region) => [region.id, region.region_info.bounding_box.right_col]),
    ).toEqual([
      ['r1', 0.5],
      ['r2', 0.9],
      [undefined, 0.5],
    ]);
    expect(annotation.data.metadata).toEqual({ a: 1, b: 3 });
    expect(annotation.annotationInfo).toEqual({ verdict: 'misplaced', reviewer: 'ann' });
    expect(annotation.worker).toEqual(stored.worker);
    expect([annotation.createdAt, annotation.modifiedAt]).toEqual(['t0', 't1']);
  });

  it('overwrite replaces data and info, keeps the status unless given', () => {
    const { annotation } = patchAnnotation(
      stored,
      patch({ id: 'a1', data: { concepts: [{ id: 'face', value: 0 }] } }),
      'overwrite',
      options,
    );
    expect(annotation.data).toEqual({ concepts: [{ id: 'face', value: 0 }] });
    expect(annotation.annotationInfo).toBeNull();
    expect(annotation.statusCode).toBe(24157);
  });

  it('remove takes out named concepts inside a region, whole regions, info keys and metadata keys', () => {
    const { annotation } = patchAnnotation(
      stored,
      patch({
        id: 'a1',
        annotation_info: { reviewer: null },
        data: {
          regions: [
            { id: 'r1', region_info: { bounding_box: box }, data: { concepts: [{ id: 'smile' }] } },
            { id: 'r2', region_info: { bounding_box: box } },
          ],
          metadata: { a: null },
        },
      }),
      'remove',
      options,
    );
    expect(annotation.data).toEqual({
      regions: [
        { id: 'r1', region_info: { bounding_box: box }, data: { concepts: [{ id: 'face', value: 1 }] } },
      ],
      metadata: { b: 2 },
    });
    expect(annotation.annotationInfo).toEqual({ verdict: 'accurate' });
  });

  it('remove with delete_if_empty_data deletes what is left empty, never an input-level annotation', () => {
    const everything = patch({
      id: 'a1',
      data: {
        regions: [
          { id: 'r1', region_info: { bounding_box: box } },
          { id: 'r2', region_info: { bounding_box: box } },
        ],
      },
    });
    const deleteOptions = { ...options, deleteIfEmptyData: true };
    expect(patchAnnotation(stored, everything, 'remove', deleteOptions).deleted).toBe(true);
    expect(patchAnnotation(stored, everything, 'remove', options).deleted).toBe(false);
    const imageLevel: StoredAnnotation = {
      ...stored,
      inputLevel: true,
      data: { concepts: [{ id: 'dog', value: 1 }] },
    };
    const outcome = patchAnnotation(
      imageLevel,
      patch({ id: 'a1', data: { concepts: [{ id: 'dog' }] } }),
      'remove',
      deleteOptions,
    );
    expect(outcome).toMatchObject({ deleted: false, annotation: { data: {} } });
  });
});
