import { describe, expect, it } from 'vitest';
import {
  parsePlatformPath,
  platformAnnotationsPath,
  platformInputAnnotationPath,
  platformInputPath,
  platformInputsPath,
  platformModelOutputsPath,
  platformModelsPath,
} from '../../../../../shared/clarifai/platform/platformPaths.ts';
import {
  listAnnotationsQuery,
  listModelsQuery,
} from '../../../../../shared/clarifai/platform/platformQueries.ts';

const app = { userId: 'me', appId: 'loupe' };

describe('platform paths', () => {
  it('build the paths of service.proto and parse them back', () => {
    const cases = [
      [platformInputsPath(app), { ...app, resource: 'inputs' }],
      [platformInputPath(app, 'a b/c'), { ...app, resource: 'input', inputId: 'a b/c' }],
      [platformAnnotationsPath(app), { ...app, resource: 'annotations' }],
      [
        platformInputAnnotationPath(app, 'i1', 'a1'),
        { ...app, resource: 'inputAnnotation', inputId: 'i1', annotationId: 'a1' },
      ],
      [platformModelsPath(app), { ...app, resource: 'models' }],
      [
        platformModelOutputsPath({ userId: 'clarifai', appId: 'main', modelId: 'face-detection' }),
        { userId: 'clarifai', appId: 'main', resource: 'modelOutputs', modelId: 'face-detection' },
      ],
      [
        platformModelOutputsPath({ ...app, modelId: 'm', versionId: 'v 1' }),
        { ...app, resource: 'modelOutputs', modelId: 'm', versionId: 'v 1' },
      ],
    ] as const;
    for (const [path, route] of cases) expect(parsePlatformPath(path), path).toEqual(route);
    expect(platformInputPath(app, 'a b/c')).toBe('/v2/users/me/apps/loupe/inputs/a%20b%2Fc');
    expect(platformInputAnnotationPath(app, 'i1', 'a1')).toBe(
      '/v2/users/me/apps/loupe/inputs/i1/annotations/a1',
    );
  });

  it('leave every other path to v2', () => {
    for (const path of [
      '/v2/inputs',
      '/v2/models/face-detection/outputs',
      '/v2/users/me/apps/loupe/inputs/searches',
      '/v2/users/me/apps/loupe/annotations/searches',
      '/v2/users/me/apps/loupe/models/m',
      '/v2/users/me/apps/loupe/models/m/feedback',
      '/v2/users/me/apps/loupe/inputs/i/annotations',
      '/v2/users/me/apps',
      '/v2/users/me/apps/loupe/inputs/%',
    ]) {
      expect(parsePlatformPath(path), path).toBeUndefined();
    }
    expect(() => platformInputPath(app, '')).toThrow(/inputId/);
  });

  it('write the list queries with repeated fields and nested names', () => {
    expect(
      listAnnotationsQuery({
        modelVersionIds: ['v1'],
        statusCodes: ['ANNOTATION_AWAITING_REVIEW', 24151],
        inputIds: ['a', 'b'],
        listAllAnnotations: true,
        page: 2,
        perPage: 128,
      }),
    ).toBe(
      '?input_ids=a&input_ids=b&model_version_ids=v1&statuses.code=ANNOTATION_AWAITING_REVIEW&statuses.code=24151&list_all_annotations=true&page=2&per_page=128',
    );
    expect(listModelsQuery({ modelTypeId: 'visual-detector' })).toBe('?model_type_id=visual-detector');
    expect(listAnnotationsQuery({})).toBe('');
  });
});
