import { describe, expect, it } from 'vitest';
import {
  lenientAnnotationSchema,
  strictAnnotationSchema,
} from '../../../../../shared/clarifai/platform/platformAnnotation.ts';
import {
  patchAnnotationsRequestSchema,
  postAnnotationsRequestSchema,
  postInputsRequestSchema,
  postModelOutputsRequestSchema,
} from '../../../../../shared/clarifai/platform/platformRequests.ts';
import {
  multiAnnotationResponseSchema,
  multiInputResponseSchema,
  multiModelResponseSchema,
  multiOutputResponseSchema,
  singleInputResponseSchema,
} from '../../../../../shared/clarifai/platform/platformResponses.ts';
import { strictStatusSchema } from '../../../../../shared/clarifai/platform/platformStatus.ts';
import { statusCodeNumber, statusOutcome } from '../../../../../shared/clarifai/statusCodes.ts';

/** Bodies written from resources.proto / service.proto field names (docs/clarifai-platform.md). */
const box = { top_row: 0.1, left_col: 0.2, bottom_row: 0.5, right_col: 0.6 };
const regionAnnotation = {
  id: 'ann-1',
  input_id: 'img-1',
  data: {
    regions: [
      {
        id: 'r1',
        region_info: { bounding_box: box },
        data: { concepts: [{ id: 'face', name: 'face', value: 1 }] },
      },
    ],
  },
  annotation_info: { verdict: 'misplaced', output_id: 'o1', region_id: 'r1', end_user_id: 'ann' },
  status: { code: 'ANNOTATION_SUCCESS' },
};

const issuePaths = (result: { error?: { issues: { path: PropertyKey[] }[] } | undefined }) =>
  (result.error?.issues ?? []).map((issue) => issue.path.map(String).join('.'));

describe('strict request schemas', () => {
  it('take PostInputs, PostAnnotations, PatchAnnotations and PostModelOutputs as the protos write them', () => {
    expect(
      postInputsRequestSchema.safeParse({
        inputs: [
          { id: 'img-1', data: { image: { url: 'https://example.com/a.jpg', allow_duplicate_url: true } } },
          { data: { image: { base64: 'AAAA' }, metadata: { source: 'loupe' } } },
        ],
      }).error,
    ).toBeUndefined();
    const posted = postAnnotationsRequestSchema.parse({
      annotations: [
        regionAnnotation,
        { input_id: 'img-1', input_level: true, data: { concepts: [{ id: 'brand', value: 0 }] } },
      ],
    });
    expect(posted.annotations[0]?.status?.code).toBe(24150);
    for (const action of ['merge', 'overwrite', 'remove']) {
      expect(
        patchAnnotationsRequestSchema.safeParse({ action, annotations: [regionAnnotation] }).error,
      ).toBeUndefined();
    }
    expect(
      postModelOutputsRequestSchema.safeParse({
        inputs: [{ id: 'img-1', data: { image: { url: 'https://example.com/a.jpg' } } }],
        model: { output_info: { output_config: { min_value: 0.5 } } },
      }).error,
    ).toBeUndefined();
  });

  it('take a worker as exactly one of user, model or workflow', () => {
    const withWorker = (worker: unknown) =>
      strictAnnotationSchema.safeParse({ ...regionAnnotation, worker }).success;
    expect(withWorker({ user: { id: 'me' } })).toBe(true);
    expect(withWorker({ model: { id: 'face-detection', model_version: { id: 'v1' } } })).toBe(true);
    expect(withWorker({ workflow: { id: 'wf' } })).toBe(true);
    expect(withWorker({ user: { id: 'me' }, model: { id: 'm' } })).toBe(false);
    expect(withWorker({})).toBe(false);
  });

  it('refuse an unknown field, naming it', () => {
    const result = postAnnotationsRequestSchema.safeParse({
      annotations: [{ ...regionAnnotation, feedback_info: {} }],
    });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('feedback_info');
    // camelCase is the JSON mapping's other spelling; Loupe's local API holds to the proto names.
    expect(
      postInputsRequestSchema.safeParse({ inputs: [{ data: { image: { url: 'u' } }, inputId: 'x' }] })
        .success,
    ).toBe(false);
  });

  it('refuse an enum by number or by a wrong name, and a wrong action', () => {
    expect(strictStatusSchema.safeParse({ code: 10000 }).success).toBe(false);
    expect(strictStatusSchema.safeParse({ code: 'NOT_A_CODE' }).success).toBe(false);
    expect(strictStatusSchema.parse({ code: 'INPUT_DUPLICATE' }).code).toBe(30100);
    const wrongStatus = postAnnotationsRequestSchema.safeParse({
      annotations: [{ ...regionAnnotation, status: { code: 'INPUT_SUCCESS' } }],
    });
    expect(issuePaths(wrongStatus)).toEqual(['annotations.0.status.code']);
    const wrongAction = patchAnnotationsRequestSchema.safeParse({
      action: 'replace',
      annotations: [regionAnnotation],
    });
    expect(issuePaths(wrongAction)).toEqual(['action']);
  });

  it('refuse what cannot be an annotation: no input, no data, an inverted box, a value over 1', () => {
    const noInput: Partial<typeof regionAnnotation> = { ...regionAnnotation };
    delete noInput.input_id;
    expect(issuePaths(postAnnotationsRequestSchema.safeParse({ annotations: [noInput] }))).toEqual([
      'annotations.0.input_id',
    ]);
    expect(
      issuePaths(postAnnotationsRequestSchema.safeParse({ annotations: [{ input_id: 'x', data: {} }] })),
    ).toEqual(['annotations.0.data']);
    const inverted = { ...box, top_row: 0.9 };
    expect(
      postAnnotationsRequestSchema.safeParse({
        annotations: [{ input_id: 'x', data: { regions: [{ region_info: { bounding_box: inverted } }] } }],
      }).success,
    ).toBe(false);
    expect(
      postAnnotationsRequestSchema.safeParse({
        annotations: [{ input_id: 'x', data: { concepts: [{ id: 'c', value: 2 }] } }],
      }).success,
    ).toBe(false);
    expect(
      patchAnnotationsRequestSchema.safeParse({ action: 'merge', annotations: [{ input_id: 'x' }] }).success,
    ).toBe(false);
  });

  it('bound annotation_info like any free-form JSON', () => {
    let deep: Record<string, unknown> = {};
    for (let level = 0; level < 100; level += 1) deep = { deeper: deep };
    const result = strictAnnotationSchema.safeParse({ ...regionAnnotation, annotation_info: deep });
    expect(result.success).toBe(false);
    expect(issuePaths(result)).toEqual(['annotation_info']);
  });

  it('take at most 128 items a call', () => {
    const inputs = Array.from({ length: 129 }, () => ({ data: { image: { url: 'u' } } }));
    expect(postInputsRequestSchema.safeParse({ inputs }).success).toBe(false);
    expect(postInputsRequestSchema.safeParse({ inputs: inputs.slice(1) }).success).toBe(true);
  });
});

describe('lenient response schemas', () => {
  it('read status codes by name or number, and ignore fields they do not know', () => {
    const answer = multiAnnotationResponseSchema.parse({
      status: { code: 'MIXED_STATUS', description: 'Mixed Success', req_id: 'r' },
      annotations: [
        {
          ...regionAnnotation,
          status: { code: 24157 },
          worker: { model: { id: 'm', model_version: { id: 'v' } } },
          consensus_info: {},
        },
        {
          id: 'ann-2',
          input_id: 'img-1',
          status: { code: 'ANNOTATION_INVALID_ARGUMENT' },
          input_level: true,
        },
      ],
      future_field: 1,
    });
    expect(statusCodeNumber(answer.status.code)).toBe(10010);
    expect(answer.annotations.map((annotation) => statusCodeNumber(annotation.status?.code))).toEqual([
      24157, 24155,
    ]);
    expect(answer.annotations.map((annotation) => annotation.input_level)).toEqual([false, true]);
    expect(answer.annotations[0]?.worker?.model?.model_version?.id).toBe('v');
  });

  it('default what proto3 JSON leaves out: empty lists, zero box edges', () => {
    expect(multiInputResponseSchema.parse({ status: { code: 10000 } }).inputs).toEqual([]);
    expect(multiModelResponseSchema.parse({ status: { code: 10000 } }).models).toEqual([]);
    const output = multiOutputResponseSchema.parse({
      status: { code: 'SUCCESS' },
      outputs: [
        {
          id: 'o1',
          status: { code: 'SUCCESS' },
          data: {
            regions: [{ id: 'r', region_info: { bounding_box: { bottom_row: 0.5, right_col: 0.5 } } }],
          },
        },
      ],
    }).outputs[0];
    expect(output?.data?.regions?.[0]?.region_info?.bounding_box).toEqual({
      top_row: 0,
      left_col: 0,
      bottom_row: 0.5,
      right_col: 0.5,
    });
    expect(singleInputResponseSchema.parse({ status: { code: 30102 } }).input).toBeUndefined();
  });

  it('read a ListModels answer with the concepts of each model', () => {
    const models = multiModelResponseSchema.parse({
      status: { code: 10000 },
      models: [
        {
          id: 'face-detection',
          model_type_id: 'visual-detector',
          output_info: { data: { concepts: [{ id: 'ai_b1b1b1b1', name: 'BINARY_POSITIVE' }] } },
          model_version: { id: 'fe995da8cb73490f8556416ecf25cea3', status: { code: 'MODEL_TRAINED' } },
        },
      ],
    }).models;
    expect(models[0]?.output_info?.data?.concepts?.[0]?.name).toBe('BINARY_POSITIVE');
  });

  it('still refuse what Loupe cannot read: an annotation without an id', () => {
    expect(lenientAnnotationSchema.safeParse({ input_id: 'x' }).success).toBe(false);
  });
});

describe('platform status codes', () => {
  it('classify annotation states as states, not failures', () => {
    expect(
      ['ANNOTATION_SUCCESS', 'ANNOTATION_AWAITING_REVIEW', 'ANNOTATION_REVIEW_DENIED'].map(statusOutcome),
    ).toEqual(['success', 'success', 'success']);
    expect(statusOutcome('ANNOTATION_INVALID_ARGUMENT')).toBe('permanent');
    expect(statusOutcome(24156)).toBe('needsPerson');
    expect(statusOutcome('INPUT_PENDING')).toBe('pending');
  });
});
