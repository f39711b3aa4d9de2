import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { postAnnotationsRequestSchema } from '../../../../shared/clarifai/platform/platformRequests.ts';
import { multiAnnotationResponseSchema } from '../../../../shared/clarifai/platform/platformResponses.ts';
import { fromBoundingBox } from '../../../../shared/clarifai/boundingBox.ts';
import { regionConcepts, regionConceptShapeOf } from '../../../../shared/clarifai/faceConcepts.ts';
import {
  addInputsRequestSchema,
  getInputResponseSchema,
  inputsResponseSchema,
} from '../../../../shared/clarifai/inputs.ts';
import { getModelResponseSchema, listModelsResponseSchema } from '../../../../shared/clarifai/models.ts';
import { predictRequestSchema, predictResponseSchema } from '../../../../shared/clarifai/predict.ts';
import {
  legacySearchRequestSchema,
  legacySearchResponseSchema,
  searchesRequestSchema,
  searchesResponseSchema,
  searchIdOf,
} from '../../../../shared/clarifai/search.ts';
import { isSuccess, statusResponseSchema, statusSchema } from '../../../../shared/clarifai/status.ts';
import { statusCodeNumber } from '../../../../shared/clarifai/statusCodes.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/clarifai/${name}`, import.meta.url), 'utf8'));

describe('status', () => {
  it('accepts a code as a number or as its enum name, and keeps it as sent', () => {
    expect(statusSchema.parse({ code: 10000, description: 'Ok' }).code).toBe(10000);
    const named = statusSchema.parse({ code: 'CONN_THROTTLED', description: 'Making too many requests' });
    expect(named.code).toBe('CONN_THROTTLED');
    expect(statusCodeNumber(named.code)).toBe(11005);
    expect(isSuccess({ code: 'SUCCESS' })).toBe(true);
    expect(isSuccess({ code: 10010 })).toBe(false);
  });

  it('refuses a status without a code or with a code of the wrong type', () => {
    expect(statusSchema.safeParse({ description: 'Ok' }).success).toBe(false);
    expect(statusSchema.safeParse({ code: 10000.5 }).success).toBe(false);
    expect(statusSchema.safeParse({ code: true }).success).toBe(false);
    expect(statusResponseSchema.safeParse(fixture('feedback.response.json')).success).toBe(true);
  });
});

describe('predict response', () => {
  it('reads image concepts, keeping the fields Clarifai adds', () => {
    const response = predictResponseSchema.parse(fixture('predict-general.response.json'));
    const output = response.outputs[0];
    expect(output?.id).toBe('ea68cac87c304b28a8046557062f34a0');
    expect(output?.input.id).toBe('ea68cac87c304b28a8046557062f34a0');
    expect(output?.data?.concepts?.map((concept) => [concept.id, concept.value])).toEqual([
      ['ai_8S2Vq3cR', 0.9867],
      ['ai_mFqxrph2', 0.6122],
      ['ai_SVshtN54', 0.5511],
    ]);
    expect(output?.model?.output_info?.type).toBe('concept');
    expect(output?.model).toHaveProperty('display_name', 'General');
    expect(response.status).toHaveProperty('req_id', '9f1c2d');
  });

  it('reads regions with boxes and concepts', () => {
    const output = predictResponseSchema.parse(fixture('predict-logo.response.json')).outputs[0];
    const region = output?.data?.regions?.[0];
    expect(region?.id).toBe('4d4e1c5b0a2f');
    expect(fromBoundingBox(region?.region_info?.bounding_box ?? {})).toStrictEqual({
      top: 0.3,
      left: 0.2,
      bottom: 0.7,
      right: 0.8,
    });
    expect(regionConcepts(region?.data)).toEqual([
      { id: 'ai_TG4GHlnf', name: 'Apple Inc', value: 0.9321, app_id: 'main' },
    ]);
    expect(output?.model?.output_info?.type_ext).toBe('detect-concept');
  });

  it('reads 2019 face regions (data.face.*.concepts) into flat concepts with vocab_id', () => {
    const data = predictResponseSchema.parse(fixture('predict-demographics-2019.response.json')).outputs[0]
      ?.data;
    expect(regionConceptShapeOf(data)).toBe('face');
    expect(regionConcepts(data?.regions?.[0]?.data).map((concept) => [concept.id, concept.vocab_id])).toEqual(
      [
        ['ai_age_30', 'age_appearance'],
        ['ai_masculine', 'gender_appearance'],
        ['ai_white', 'multicultural_appearance'],
      ],
    );
  });

  it('reads newer flat face regions with vocab_id, regions without concepts, and boxes proto3 trimmed', () => {
    const data = predictResponseSchema.parse(fixture('predict-face-flat.response.json')).outputs[0]?.data;
    expect(regionConceptShapeOf(data)).toBe('flat');
    const [bare, withConcepts] = data?.regions ?? [];
    expect(regionConcepts(bare?.data)).toEqual([]);
    expect(fromBoundingBox(bare?.region_info?.bounding_box ?? {})).toStrictEqual({
      top: 0,
      left: 0,
      bottom: 0.45,
      right: 0.3,
    });
    expect(regionConcepts(withConcepts?.data).map((concept) => concept.vocab_id)).toEqual([
      'age_appearance',
      'gender_appearance',
    ]);
  });

  it('reads per-output statuses of a mixed (10010) answer', () => {
    const response = predictResponseSchema.parse(fixture('predict-mixed.response.json'));
    expect(statusCodeNumber(response.status.code)).toBe(10010);
    expect(response.outputs.map((output) => [output.input.id, output.status.code])).toEqual([
      ['in-ok', 10000],
      ['in-bad', 30002],
    ]);
  });

  it('takes a total failure without outputs', () => {
    expect(predictResponseSchema.parse({ status: { code: 10020, description: 'Failure' } }).outputs).toEqual(
      [],
    );
  });

  it('is strict about the types of the fields Loupe reads', () => {
    const wrongValue = structuredClone(fixture('predict-general.response.json')) as {
      outputs: [{ data: { concepts: [{ value: unknown }] } }];
    };
    wrongValue.outputs[0].data.concepts[0].value = '0.98';
    expect(predictResponseSchema.safeParse(wrongValue).success).toBe(false);

    const wrongBox = structuredClone(fixture('predict-logo.response.json')) as {
      outputs: [{ data: { regions: [{ region_info: { bounding_box: { top_row: unknown } } }] } }];
    };
    wrongBox.outputs[0].data.regions[0].region_info.bounding_box.top_row = 'top';
    expect(predictResponseSchema.safeParse(wrongBox).success).toBe(false);

    expect(predictResponseSchema.safeParse({ status: { code: 10000 }, outputs: {} }).success).toBe(false);
    expect(predictResponseSchema.safeParse({ status: { code: 10000 }, outputs: [{ id: 'o' }] }).success).toBe(
      false,
    );
  });
});

describe('predict request', () => {
  const input = (url: string) => ({ data: { image: { url } } });

  it('takes 1..128 inputs by url or base64, with an output config', () => {
    const body = {
      inputs: [
        input('https://samples.clarifai.com/dog.tiff'),
        { id: 'b', data: { image: { base64: 'AAAA' } } },
      ],
      model: {
        output_info: {
          output_config: { min_value: 0.5, max_concepts: 10, select_concepts: [{ name: 'dog' }] },
        },
      },
    };
    expect(predictRequestSchema.safeParse(body).error).toBeUndefined();
    expect(
      predictRequestSchema.safeParse({ inputs: Array.from({ length: 128 }, () => input('https://x/y')) })
        .success,
    ).toBe(true);
  });

  it('refuses none, more than 128, or an image with both or neither source', () => {
    expect(predictRequestSchema.safeParse({ inputs: [] }).success).toBe(false);
    expect(
      predictRequestSchema.safeParse({ inputs: Array.from({ length: 129 }, () => input('https://x/y')) })
        .success,
    ).toBe(false);
    expect(predictRequestSchema.safeParse({ inputs: [{ data: { image: {} } }] }).success).toBe(false);
    expect(
      predictRequestSchema.safeParse({
        inputs: [{ data: { image: { url: 'https://x/y', base64: 'AAAA' } } }],
      }).success,
    ).toBe(false);
  });
});

describe('searches', () => {
  it('takes the documented legacy queries: by concept and by image', () => {
    const byConcept = {
      query: { ands: [{ output: { data: { concepts: [{ name: 'dog', value: 1 }] } } }] },
      pagination: { page: 1, per_page: 20 },
    };
    const byImage = {
      query: {
        ands: [{ output: { input: { data: { image: { url: 'https://samples.clarifai.com/dog.tiff' } } } } }],
      },
    };
    expect(legacySearchRequestSchema.safeParse(byConcept).error).toBeUndefined();
    expect(legacySearchRequestSchema.safeParse(byImage).error).toBeUndefined();
    expect(legacySearchRequestSchema.safeParse({ query: { ands: [] } }).success).toBe(false);
    expect(legacySearchRequestSchema.safeParse({ query: { ands: [{}] } }).success).toBe(false);
  });

  it('reads the legacy response: its id is the search_id', () => {
    const response = legacySearchResponseSchema.parse(fixture('search-legacy.response.json'));
    expect(response.id).toBe('d275a6fd5ad74b4ba4f2d8bd0ab89d2b');
    expect(response.hits[0]?.input.id).toBe('dog-1');
    expect(response.hits[0]?.score).toBe(0.98);
    expect(legacySearchResponseSchema.safeParse({ status: { code: 10000 }, hits: [] }).success).toBe(false);
  });

  it('takes the newer ranked searches and finds their search id', () => {
    const request = {
      searches: [
        { query: { ranks: [{ annotation: { data: { concepts: [{ id: 'ai_8S2Vq3cR', value: 1 }] } } }] } },
      ],
    };
    expect(searchesRequestSchema.safeParse(request).error).toBeUndefined();
    expect(searchesRequestSchema.safeParse({ searches: [{ query: {} }] }).success).toBe(false);
    const response = searchesResponseSchema.parse(fixture('searches.response.json'));
    expect(searchIdOf(response)).toBe('5c6a1d0c9e2b4a0f8e7d6c5b4a392817');
    expect(searchIdOf({ ...response, id: 'top-level' })).toBe('top-level');
    expect(searchIdOf({ ...response, searches: [] })).toBeUndefined();
  });
});

describe('inputs, annotations, models', () => {
  it('adds inputs and reads their per-item statuses', () => {
    expect(
      addInputsRequestSchema.safeParse({
        inputs: [
          {
            id: 'dog',
            data: { image: { url: 'https://samples.clarifai.com/dog.tiff', allow_duplicate_url: true } },
          },
        ],
      }).error,
    ).toBeUndefined();
    const added = inputsResponseSchema.parse({
      status: { code: 10000 },
      inputs: [{ id: 'dog', status: { code: 30001, description: 'Download pending' } }],
    });
    expect(added.inputs[0]?.status?.code).toBe(30001);
    const one = getInputResponseSchema.parse({
      status: { code: 10000 },
      input: { id: 'dog', status: { code: 30000 } },
    });
    expect(one.input.status?.code).toBe(30000);
  });

  it('takes the documented annotations body (§5)', () => {
    const body = {
      annotations: [
        {
          input_id: 'dog',
          data: {
            regions: [
              {
                region_info: {
                  bounding_box: { top_row: 0.3, left_col: 0.2, bottom_row: 0.7, right_col: 0.8 },
                },
                data: { concepts: [{ id: 'ai_TG4GHlnf', name: 'Apple Inc', value: 1 }] },
              },
            ],
          },
        },
        { input_id: 'cat', data: { concepts: [{ id: 'ai_mFqxrph2', value: 0 }] } },
      ],
    };
    expect(postAnnotationsRequestSchema.safeParse(body).error).toBeUndefined();
    expect(
      postAnnotationsRequestSchema.safeParse({ annotations: [{ input_id: 'x', data: {} }] }).success,
    ).toBe(false);
    expect(
      multiAnnotationResponseSchema.parse({
        status: { code: 10000 },
        annotations: [{ id: 'a1', input_id: 'dog' }],
      }).annotations,
    ).toHaveLength(1);
  });

  it('reads a model and a list of models, whatever their status codes are called', () => {
    const model = getModelResponseSchema.parse(fixture('model.response.json')).model;
    expect(model.id).toBe('general-image-recognition');
    expect(model.model_version?.status?.code).toBe('MODEL_TRAINED');
    expect(listModelsResponseSchema.parse({ status: { code: 10000 } }).models).toEqual([]);
  });
});
