import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  annotationsPath,
  annotationsSearchesPath,
  inputsPath,
  inputsSearchesPath,
  modelFeedbackPath,
  modelOutputsPath,
  modelPath,
  modelsPath,
  parseModelPath,
  parseV2Path,
  searchesPath,
  type ModelRef,
} from '../../../../shared/clarifai/paths.ts';

const general = 'aaa03c23b3724a16a56b629203edc62c';
const app = { userId: 'clarifai', appId: 'main' };

describe('model paths: the four forms (docs/clarifai-v2.md §1)', () => {
  it.each([
    [{ modelId: general }, `/v2/models/${general}/feedback`],
    [{ modelId: general, versionId: 'v7' }, `/v2/models/${general}/versions/v7/feedback`],
    [{ ...app, modelId: general }, `/v2/users/clarifai/apps/main/models/${general}/feedback`],
    [
      { ...app, modelId: general, versionId: 'v7' },
      `/v2/users/clarifai/apps/main/models/${general}/versions/v7/feedback`,
    ],
  ] as [ModelRef, string][])('%j → %s', (model, path) => {
    expect(modelFeedbackPath(model)).toBe(path);
    expect(modelOutputsPath(model)).toBe(path.replace(/feedback$/, 'outputs'));
    expect(modelPath(model)).toBe(path.replace(/\/feedback$/, ''));
  });

  it('encodes every segment', () => {
    expect(modelOutputsPath({ userId: 'a b', appId: 'ü/x', modelId: 'm?1', versionId: '#v' })).toBe(
      '/v2/users/a%20b/apps/%C3%BC%2Fx/models/m%3F1/versions/%23v/outputs',
    );
    expect(inputsPath({}, 'in/put 1')).toBe('/v2/inputs/in%2Fput%201');
  });

  it('refuses empty ids and a user without an app (or the reverse)', () => {
    expect(() => modelPath({ modelId: '' })).toThrow(RangeError);
    expect(() => modelPath({ modelId: 'm', versionId: '' })).toThrow(RangeError);
    expect(() => modelPath({ modelId: 'm', userId: 'u' })).toThrow(/both or neither/);
    expect(() => searchesPath({ appId: 'a' })).toThrow(/both or neither/);
    expect(() => inputsPath({}, '')).toThrow(RangeError);
  });
});

describe('app resource paths', () => {
  it.each([
    [{}, '/v2'],
    [app, '/v2/users/clarifai/apps/main'],
  ])('under %j', (scope, prefix) => {
    expect(searchesPath(scope)).toBe(`${prefix}/searches`);
    expect(searchesPath(scope, 'feedback')).toBe(`${prefix}/searches/feedback`);
    expect(inputsPath(scope)).toBe(`${prefix}/inputs`);
    expect(inputsPath(scope, 'i1')).toBe(`${prefix}/inputs/i1`);
    expect(inputsSearchesPath(scope)).toBe(`${prefix}/inputs/searches`);
    expect(annotationsPath(scope)).toBe(`${prefix}/annotations`);
    expect(annotationsSearchesPath(scope)).toBe(`${prefix}/annotations/searches`);
    expect(modelsPath(scope)).toBe(`${prefix}/models`);
  });
});

describe('parseV2Path: one router for every form', () => {
  it.each([
    [`/v2/models/${general}/outputs`, { resource: 'model', modelId: general, action: 'outputs' }],
    [
      `/v2/models/${general}/versions/v7/feedback`,
      { resource: 'model', modelId: general, versionId: 'v7', action: 'feedback' },
    ],
    [
      `/v2/users/clarifai/apps/main/models/${general}/feedback`,
      { resource: 'model', ...app, modelId: general, action: 'feedback' },
    ],
    [
      `/v2/users/clarifai/apps/main/models/${general}/versions/v7/outputs`,
      { resource: 'model', ...app, modelId: general, versionId: 'v7', action: 'outputs' },
    ],
    [`/v2/models/${general}`, { resource: 'model', modelId: general }],
    [`/v2/models/${general}/versions/v7`, { resource: 'model', modelId: general, versionId: 'v7' }],
    ['/v2/models', { resource: 'models' }],
    ['/v2/models?page=2&per_page=10', { resource: 'models' }],
    ['/v2/searches', { resource: 'searches' }],
    ['/v2/searches/feedback', { resource: 'searches', action: 'feedback' }],
    [
      '/v2/users/me/apps/loupe/searches/feedback',
      { resource: 'searches', userId: 'me', appId: 'loupe', action: 'feedback' },
    ],
    ['/v2/inputs', { resource: 'inputs' }],
    ['/v2/inputs/abc', { resource: 'inputs', inputId: 'abc' }],
    ['/v2/inputs/searches', { resource: 'inputsSearches' }],
    ['/v2/users/me/apps/loupe/annotations', { resource: 'annotations', userId: 'me', appId: 'loupe' }],
    ['/v2/annotations/searches', { resource: 'annotationsSearches' }],
    ['/v2/inputs/a%2Fb%20c/', { resource: 'inputs', inputId: 'a/b c' }],
  ])('%s', (path, route) => {
    expect(parseV2Path(path)).toStrictEqual(route);
  });

  it.each([
    '',
    '/',
    '/v1/models/x/outputs',
    'v2/models/x/outputs',
    '/v2',
    '/v2/unknown',
    '/v2/models//outputs',
    '/v2/models/x/outputs/extra',
    '/v2/models/x/versions/v/feedback/extra',
    '/v2/users/u/models/x/outputs',
    '/v2/users/u/apps',
    '/v2/searches/other',
    '/v2/inputs/a/b',
    '/v2/annotations/other',
    '/v2/models/%E0%A4%A',
  ])('refuses %j', (path) => {
    expect(parseV2Path(path)).toBeUndefined();
  });

  it('parseModelPath gives only model routes', () => {
    expect(parseModelPath(`/v2/users/u/apps/a/models/m/versions/v/outputs`)).toStrictEqual({
      resource: 'model',
      userId: 'u',
      appId: 'a',
      modelId: 'm',
      versionId: 'v',
      action: 'outputs',
    });
    expect(parseModelPath('/v2/searches')).toBeUndefined();
  });

  it('round-trips any ids through build and parse', () => {
    const id = fc.string({ minLength: 1, unit: 'binary' });
    fc.assert(
      fc.property(
        fc.record(
          {
            modelId: id,
            versionId: id,
            scoped: fc.boolean(),
            userId: id,
            appId: id,
            action: fc.constantFrom('outputs', 'feedback'),
          },
          { requiredKeys: ['modelId', 'scoped', 'userId', 'appId', 'action'] },
        ),
        ({ scoped, userId, appId, action, ...model }) => {
          const ref: ModelRef = scoped ? { ...model, userId, appId } : model;
          expect(parseModelPath(modelPath(ref, action))).toStrictEqual({ resource: 'model', ...ref, action });
        },
      ),
    );
  });
});
