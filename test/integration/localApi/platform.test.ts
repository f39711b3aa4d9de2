import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  platformAnnotationsPath,
  platformInputAnnotationPath,
  platformInputPath,
  platformInputsPath,
  platformModelOutputsPath,
  platformModelsPath,
} from '../../../shared/clarifai/platform/platformPaths.ts';
import { listAnnotationsQuery } from '../../../shared/clarifai/platform/platformQueries.ts';
import {
  multiAnnotationResponseSchema,
  multiInputResponseSchema,
  multiModelResponseSchema,
  multiOutputResponseSchema,
  singleInputResponseSchema,
} from '../../../shared/clarifai/platform/platformResponses.ts';
import { smallJpeg } from './images.ts';
import { startTestServer, testKey, type TestServer } from './localApiTestServer.ts';

/**
 * The local API's platform routes over real HTTP (docs/clarifai-platform.md, "The embedded local
 * API's platform"): bodies written from the protos, answers read with the lenient schemas the
 * client uses, and what was stored read back through the inspection endpoint.
 */

type Json = Record<string, unknown>;
const app = { userId: 'me', appId: 'loupe' };
const box = { top_row: 0.1, left_col: 0.2, bottom_row: 0.5, right_col: 0.6 };
const faceModelVersion = 'local-ssd-mobilenet-v1-1';

let server: TestServer;
let images: Server;
let imagesUrl: string;
let jpeg: Buffer;
/** Requests for `/slow.jpg` wait here until a test lets them through. */
const held: ServerResponse[] = [];

beforeAll(async () => {
  // Images are served on loopback here, which the server refuses unless told (outgoingUrl.ts).
  server = await startTestServer({ platformApps: [{ userId: 'team', appId: 'qa' }], allowPrivateUrls: true });
  jpeg = await smallJpeg(7);
  images = createServer((req, res) => {
    if (req.url === '/photo.jpg') res.end(jpeg);
    else if (req.url === '/slow.jpg') held.push(res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
  imagesUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of held.splice(0)) res.end(jpeg);
  await server.stop();
  await new Promise<void>((resolve) => images.close(() => resolve()));
});

let imageSeed = 10;
/** A base64 JPEG no other test has used. */
async function freshImage(): Promise<string> {
  imageSeed += 1;
  return (await smallJpeg(imageSeed)).toString('base64');
}

const statusName = (value: unknown) => (value as { status?: { code?: unknown } }).status?.code;

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function inputState(inputId: string, scope = app): Promise<unknown> {
  const response = await server.call('GET', platformInputPath(scope, inputId));
  return singleInputResponseSchema.parse(response.json).input?.status?.code;
}

const processed = (inputId: string, scope = app) =>
  until(
    `input ${inputId}`,
    () => inputState(inputId, scope),
    (code) => code === 'INPUT_SUCCESS',
  );

/** Adds inputs with these ids (fresh images) and waits until they are processed. */
async function readyInputs(...ids: string[]): Promise<void> {
  const inputs = await Promise.all(
    ids.map(async (id) => ({ id, data: { image: { base64: await freshImage() } } })),
  );
  const response = await server.call('POST', platformInputsPath(app), { inputs });
  expect(response.status).toBe(200);
  for (const id of ids) await processed(id);
}

const regionAnnotation = (id: string, inputId: string, extra: Json = {}) => ({
  id,
  input_id: inputId,
  data: {
    regions: [
      {
        id: `${id}-r`,
        region_info: { bounding_box: box },
        data: { concepts: [{ id: 'face', name: 'face', value: 1 }] },
      },
    ],
  },
  annotation_info: { verdict: 'accurate', output_id: 'o1', region_id: 'r1', end_user_id: 'ann' },
  ...extra,
});

async function listAnnotations(query: string, scope = app) {
  const response = await server.call('GET', platformAnnotationsPath(scope) + query);
  expect(response.status, response.text).toBe(200);
  return multiAnnotationResponseSchema.parse(response.json).annotations;
}

interface Inspected {
  id: string;
  inputId: string;
  userId: string;
  appId: string;
  status: { code: number; name: string };
  worker: { kind: string; id: string; versionId: string | null };
  data: Json;
  annotationInfo: Json | null;
}
async function inspected(): Promise<Inspected[]> {
  const response = await server.call('GET', '/_loupe/annotations');
  expect(response.status).toBe(200);
  return (response.json as { annotations: Inspected[] }).annotations;
}

describe('PostInputs, GetInput, ListInputs', () => {
  it('answers 30001 at once and processes each input in the background to 30000 or 30002', async () => {
    const notAnImage = Buffer.from('these bytes are not an image').toString('base64');
    const response = await server.call('POST', platformInputsPath(app), {
      inputs: [
        { id: 'async-b64', data: { image: { base64: await freshImage() }, metadata: { batch: 1 } } },
        { id: 'async-url', data: { image: { url: `${imagesUrl}/photo.jpg` } } },
        { id: 'async-bad', data: { image: { base64: notAnImage } } },
        { id: 'async-404', data: { image: { url: `${imagesUrl}/missing.jpg` } } },
      ],
    });
    expect(response.status).toBe(200);
    const answer = multiInputResponseSchema.parse(response.json);
    expect(answer.status.code).toBe('SUCCESS');
    expect(answer.inputs.map((input) => input.status?.code)).toEqual([
      'INPUT_PENDING',
      'INPUT_PENDING',
      'INPUT_PENDING',
      'INPUT_PENDING',
    ]);
    // Never an echo of the bytes sent.
    expect(response.text).not.toContain(notAnImage);
    await processed('async-b64');
    await processed('async-url');
    for (const id of ['async-bad', 'async-404']) {
      await until(
        id,
        () => inputState(id),
        (code) => code === 'INPUT_FAILED',
      );
    }
    const failed = singleInputResponseSchema.parse(
      (await server.call('GET', platformInputPath(app, 'async-404'))).json,
    );
    expect(failed.input?.status?.details).toMatch(/HTTP 404/);
    const one = singleInputResponseSchema.parse(
      (await server.call('GET', platformInputPath(app, 'async-b64'))).json,
    );
    expect(one.input?.data?.metadata).toEqual({ batch: 1 });
  });

  it('is INPUT_IN_PROGRESS while its image is being fetched, and cannot be annotated until processed', async () => {
    await server.call('POST', platformInputsPath(app), {
      inputs: [{ id: 'slow', data: { image: { url: `${imagesUrl}/slow.jpg` } } }],
    });
    await until(
      'the image request',
      () => Promise.resolve(held.length),
      (count) => count > 0,
    );
    expect(await inputState('slow')).toBe('INPUT_IN_PROGRESS');
    const early = await server.call('POST', platformAnnotationsPath(app), {
      annotations: [regionAnnotation('on-slow', 'slow')],
    });
    expect(early.status).toBe(400);
    const refused = multiAnnotationResponseSchema.parse(early.json);
    expect(refused.status.code).toBe('FAILURE');
    expect(refused.annotations[0]?.status).toMatchObject({ code: 'INPUT_IN_PROGRESS' });
    expect(refused.annotations[0]?.status?.details).toMatch(/not processed yet/);

    held.shift()?.end(jpeg);
    await processed('slow');
    const later = await server.call('POST', platformAnnotationsPath(app), {
      annotations: [regionAnnotation('on-slow', 'slow')],
    });
    expect(later.status).toBe(200);
  });

  it('a known id: 30100 with the same image, a per-input error with another; the rest of the batch is added', async () => {
    const same = await freshImage();
    await server.call('POST', platformInputsPath(app), {
      inputs: [{ id: 'dup', data: { image: { base64: same } } }],
    });
    const response = await server.call('POST', platformInputsPath(app), {
      inputs: [
        { id: 'dup', data: { image: { base64: same } } },
        { id: 'dup', data: { image: { base64: await freshImage() } } },
        { id: 'dup-new', data: { image: { base64: await freshImage() } } },
        { id: 'dup-bad', data: { image: { base64: '!!!' } } },
      ],
    });
    expect(response.status).toBe(207);
    const answer = multiInputResponseSchema.parse(response.json);
    expect(answer.status.code).toBe('MIXED_STATUS');
    expect(answer.inputs.map((input) => [input.id, input.status?.code])).toEqual([
      ['dup', 'INPUT_DUPLICATE'],
      ['dup', 'INPUT_INVALID_ARGUMENT'],
      ['dup-new', 'INPUT_PENDING'],
      ['dup-bad', 'INPUT_INVALID_ARGUMENT'],
    ]);
    expect(answer.inputs[1]?.status?.details).toMatch(/different image/);
    expect(answer.inputs[3]?.status?.details).toMatch(/not valid base64/);

    const again = await server.call('POST', platformInputsPath(app), {
      inputs: [{ id: 'dup', data: { image: { base64: same } } }],
    });
    expect(again.status).toBe(400);
    expect(multiInputResponseSchema.parse(again.json).inputs[0]?.status?.code).toBe('INPUT_DUPLICATE');

    const url = `${imagesUrl}/photo.jpg`;
    await server.call('POST', platformInputsPath(app), {
      inputs: [{ id: 'dup-url', data: { image: { url } } }],
    });
    const byUrl = await server.call('POST', platformInputsPath(app), {
      inputs: [{ id: 'dup-url', data: { image: { url } } }],
    });
    expect(multiInputResponseSchema.parse(byUrl.json).inputs[0]?.status?.code).toBe('INPUT_DUPLICATE');
  });

  it('keeps inputs per app, and lists them newest first, page by page', async () => {
    const team = { userId: 'team', appId: 'qa' };
    const ids = ['page-1', 'page-2', 'page-3'];
    for (const id of ids) {
      await server.call('POST', platformInputsPath(team), {
        inputs: [{ id, data: { image: { base64: await freshImage() } } }],
      });
    }
    const page = async (query: string) =>
      multiInputResponseSchema
        .parse((await server.call('GET', platformInputsPath(team) + query)).json)
        .inputs.map((input) => input.id);
    expect(await page('')).toEqual(['page-3', 'page-2', 'page-1']);
    expect(await page('?per_page=2')).toEqual(['page-3', 'page-2']);
    expect(await page('?per_page=2&page=2')).toEqual(['page-1']);
    expect(await page('?per_page=2&page=3')).toEqual([]);
    // The other app does not see them.
    expect((await server.call('GET', platformInputPath(app, 'page-1'))).status).toBe(404);
    const missing = await server.call('GET', platformInputPath(app, 'page-1'));
    expect(statusName(missing.json)).toBe('INPUT_DOES_NOT_EXIST');
  });
});

describe('PostAnnotations', () => {
  it('answers each annotation on its own: an existing id, an unknown input, a failed input; 10010 when mixed', async () => {
    await readyInputs('ann-input');
    const first = await server.call('POST', platformAnnotationsPath(app), {
      annotations: [regionAnnotation('ann-1', 'ann-input')],
    });
    expect(first.status).toBe(200);
    const created = multiAnnotationResponseSchema.parse(first.json).annotations[0];
    expect(created).toMatchObject({
      id: 'ann-1',
      input_id: 'ann-input',
      status: { code: 'ANNOTATION_SUCCESS' },
      worker: { user: { id: 'me' } },
      input_level: false,
      annotation_info: { verdict: 'accurate', output_id: 'o1', region_id: 'r1', end_user_id: 'ann' },
    });
    expect(created?.data?.regions?.[0]?.region_info?.bounding_box).toEqual(box);

    const mixed = await server.call('POST', platformAnnotationsPath(app), {
      annotations: [
        regionAnnotation('ann-1', 'ann-input'),
        regionAnnotation('ann-2', 'no-such-input'),
        regionAnnotation('ann-3', 'async-bad'),
        {
          id: 'ann-4',
          input_id: 'ann-input',
          input_level: true,
          data: { concepts: [{ id: 'brand_kilnworth', name: 'Kilnworth', value: 0 }] },
          status: { code: 'ANNOTATION_AWAITING_REVIEW' },
        },
      ],
    });
    expect(mixed.status).toBe(207);
    const answer = multiAnnotationResponseSchema.parse(mixed.json);
    expect(answer.status.code).toBe('MIXED_STATUS');
    expect(answer.annotations.map((annotation) => [annotation.id, annotation.status?.code])).toEqual([
      ['ann-1', 'ANNOTATION_INVALID_ARGUMENT'],
      ['ann-2', 'INPUT_DOES_NOT_EXIST'],
      ['ann-3', 'INPUT_FAILED'],
      ['ann-4', 'ANNOTATION_AWAITING_REVIEW'],
    ]);
    expect(answer.annotations[0]?.status?.details).toMatch(/exists already/);

    const stored = (await inspected()).filter((annotation) => annotation.inputId === 'ann-input');
    expect(stored.map((annotation) => [annotation.id, annotation.status.name])).toEqual([
      ['ann-1', 'ANNOTATION_SUCCESS'],
      ['ann-4', 'ANNOTATION_AWAITING_REVIEW'],
    ]);
    expect(stored[1]?.data).toEqual({ concepts: [{ id: 'brand_kilnworth', name: 'Kilnworth', value: 0 }] });
  });
});

describe('PatchAnnotations', () => {
  it('merge adds and replaces by id and sets the status; overwrite replaces; remove takes out', async () => {
    await readyInputs('patch-input');
    await server.call('POST', platformAnnotationsPath(app), {
      annotations: [
        regionAnnotation('patch-1', 'patch-input', {
          worker: { model: { id: 'face-detection', model_version: { id: faceModelVersion } } },
          status: { code: 'ANNOTATION_AWAITING_REVIEW' },
        }),
      ],
    });
    const patch = async (action: string, annotations: unknown[], extra: Json = {}) => {
      const response = await server.call('PATCH', platformAnnotationsPath(app), {
        action,
        annotations,
        ...extra,
      });
      return { status: response.status, answer: multiAnnotationResponseSchema.parse(response.json) };
    };

    const merged = await patch('merge', [
      {
        id: 'patch-1',
        input_id: 'patch-input',
        status: { code: 'ANNOTATION_SUCCESS' },
        annotation_info: { reviewed_by: 'ann' },
        data: {
          regions: [
            {
              id: 'patch-1-r2',
              region_info: { bounding_box: { ...box, top_row: 0.6, bottom_row: 0.9 } },
              data: { concepts: [{ id: 'face', value: 0 }] },
            },
          ],
        },
      },
    ]);
    expect(merged.status).toBe(200);
    const afterMerge = merged.answer.annotations[0];
    expect(afterMerge?.status?.code).toBe('ANNOTATION_SUCCESS');
    // A status change leaves who made it alone.
    expect(afterMerge?.worker?.model?.model_version?.id).toBe(faceModelVersion);
    expect(afterMerge?.data?.regions?.map((region) => region.id)).toEqual(['patch-1-r', 'patch-1-r2']);
    expect(afterMerge?.annotation_info).toMatchObject({ verdict: 'accurate', reviewed_by: 'ann' });

    const overwritten = await patch('overwrite', [
      {
        id: 'patch-1',
        data: { concepts: [{ id: 'face', value: 1 }] },
        annotation_info: { verdict: 'misplaced' },
      },
    ]);
    expect(overwritten.answer.annotations[0]?.data).toEqual({ concepts: [{ id: 'face', value: 1 }] });
    expect(overwritten.answer.annotations[0]?.annotation_info).toEqual({ verdict: 'misplaced' });
    expect(overwritten.answer.annotations[0]?.status?.code).toBe('ANNOTATION_SUCCESS');

    const removed = await patch('remove', [{ id: 'patch-1', data: { concepts: [{ id: 'face' }] } }], {
      delete_if_empty_data: true,
    });
    expect(removed.status).toBe(200);
    expect(await listAnnotations('?ids=patch-1&list_all_annotations=true')).toEqual([]);

    const unknown = await patch('merge', [{ id: 'never-posted', status: { code: 'ANNOTATION_SUCCESS' } }]);
    expect(unknown.status).toBe(400);
    expect(unknown.answer.annotations[0]?.status?.code).toBe('ANNOTATION_INVALID_ARGUMENT');
  });

  it('remove takes one region out and keeps the rest', async () => {
    await readyInputs('remove-input');
    const annotation = regionAnnotation('remove-1', 'remove-input');
    const regions = [
      ...annotation.data.regions,
      { id: 'keep', region_info: { bounding_box: box }, data: { concepts: [{ id: 'face', value: 1 }] } },
    ];
    await server.call('POST', platformAnnotationsPath(app), {
      annotations: [{ ...annotation, data: { regions } }],
    });
    const response = await server.call('PATCH', platformAnnotationsPath(app), {
      action: 'remove',
      annotations: [
        { id: 'remove-1', data: { regions: [{ id: 'remove-1-r', region_info: { bounding_box: box } }] } },
      ],
    });
    const left = multiAnnotationResponseSchema.parse(response.json).annotations[0];
    expect(left?.data?.regions?.map((region) => region.id)).toEqual(['keep']);
  });
});

describe('ListAnnotations and DeleteAnnotation', () => {
  it('filters by ids, input_ids, user_ids, model_version_ids and statuses, by name or number', async () => {
    await readyInputs('list-a', 'list-b');
    await server.call('POST', platformAnnotationsPath(app), {
      annotations: [
        regionAnnotation('list-user-a', 'list-a'),
        regionAnnotation('list-user-b', 'list-b', { status: { code: 'ANNOTATION_AWAITING_REVIEW' } }),
        regionAnnotation('list-model-a', 'list-a', {
          worker: { model: { id: 'face-detection', model_version: { id: 'list-version' } } },
          status: { code: 'ANNOTATION_PENDING' },
        }),
      ],
    });
    const ids = async (query: string) => (await listAnnotations(query)).map((annotation) => annotation.id);
    expect(await ids(listAnnotationsQuery({ inputIds: ['list-a', 'list-b'] }))).toEqual([
      'list-user-a',
      'list-user-b',
    ]);
    expect(await ids(listAnnotationsQuery({ inputIds: ['list-a'], listAllAnnotations: true }))).toEqual([
      'list-user-a',
      'list-model-a',
    ]);
    expect(await ids(listAnnotationsQuery({ modelVersionIds: ['list-version'] }))).toEqual(['list-model-a']);
    expect(
      await ids(
        listAnnotationsQuery({ modelVersionIds: ['list-version'], userIds: ['me'], inputIds: ['list-a'] }),
      ),
    ).toEqual(['list-user-a', 'list-model-a']);
    expect(await ids(listAnnotationsQuery({ userIds: ['someone-else'] }))).toEqual([]);
    expect(
      await ids(listAnnotationsQuery({ ids: ['list-user-b', 'list-model-a'], listAllAnnotations: true })),
    ).toEqual(['list-user-b', 'list-model-a']);
    expect(
      await ids(
        listAnnotationsQuery({ inputIds: ['list-a', 'list-b'], statusCodes: ['ANNOTATION_AWAITING_REVIEW'] }),
      ),
    ).toEqual(['list-user-b']);
    expect(
      await ids(
        listAnnotationsQuery({
          inputIds: ['list-a', 'list-b'],
          statusCodes: [24151, 24150],
          listAllAnnotations: true,
        }),
      ),
    ).toEqual(['list-user-a', 'list-model-a']);

    const bad = await server.call('GET', `${platformAnnotationsPath(app)}?statuses.code=NOT_A_STATUS`);
    expect(bad.status).toBe(400);
    expect((bad.json as { status: { details: string } }).status.details).toMatch(
      /statuses\.code "NOT_A_STATUS"/,
    );
    const unknown = await server.call('GET', `${platformAnnotationsPath(app)}?input_id=list-a`);
    expect(unknown.status).toBe(400);
    expect((unknown.json as { status: { details: string } }).status.details).toMatch(/"input_id"/);
    const notBoolean = await server.call('GET', `${platformAnnotationsPath(app)}?list_all_annotations=yes`);
    expect(notBoolean.status).toBe(400);
  });

  it('pages 128 at a time unless asked otherwise', async () => {
    await readyInputs('many');
    const batch = (from: number, count: number) =>
      Array.from({ length: count }, (_, index) => ({
        id: `many-${String(from + index).padStart(3, '0')}`,
        input_id: 'many',
        data: { concepts: [{ id: 'face', value: 1 }] },
      }));
    expect(
      (await server.call('POST', platformAnnotationsPath(app), { annotations: batch(0, 128) })).status,
    ).toBe(200);
    expect(
      (await server.call('POST', platformAnnotationsPath(app), { annotations: batch(128, 2) })).status,
    ).toBe(200);
    const tooMany = await server.call('POST', platformAnnotationsPath(app), { annotations: batch(200, 129) });
    expect(tooMany.status).toBe(400);
    const query = listAnnotationsQuery({ inputIds: ['many'] });
    const first = await listAnnotations(query);
    expect(first).toHaveLength(128);
    expect(first[0]?.id).toBe('many-000');
    const second = await listAnnotations(listAnnotationsQuery({ inputIds: ['many'], page: 2 }));
    expect(second.map((annotation) => annotation.id)).toEqual(['many-128', 'many-129']);
    const small = await listAnnotations(listAnnotationsQuery({ inputIds: ['many'], page: 3, perPage: 10 }));
    expect(small.map((annotation) => annotation.id)[0]).toBe('many-020');
  });

  it('deletes one annotation of an input; again, or on another input, is 404', async () => {
    await readyInputs('delete-input');
    await server.call('POST', platformAnnotationsPath(app), {
      annotations: [regionAnnotation('delete-1', 'delete-input')],
    });
    expect(
      (await server.call('DELETE', platformInputAnnotationPath(app, 'other-input', 'delete-1'))).status,
    ).toBe(404);
    const deleted = await server.call('DELETE', platformInputAnnotationPath(app, 'delete-input', 'delete-1'));
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ status: { code: 'SUCCESS', description: 'Ok' } });
    const again = await server.call('DELETE', platformInputAnnotationPath(app, 'delete-input', 'delete-1'));
    expect(again.status).toBe(404);
    expect(statusName(again.json)).toBe('ANNOTATION_INVALID_ARGUMENT');
    expect((await inspected()).some((annotation) => annotation.id === 'delete-1')).toBe(false);
  });
});

describe('PostModelOutputs and ListModels', () => {
  it('predicts with the local face model and keeps each region as a model annotation awaiting review', async () => {
    const base64 = await freshImage();
    const response = await server.call(
      'POST',
      platformModelOutputsPath({ ...app, modelId: 'face-detection', versionId: faceModelVersion }),
      { inputs: [{ id: 'predicted', data: { image: { base64 } } }] },
    );
    expect(response.status, response.text).toBe(200);
    const answer = multiOutputResponseSchema.parse(response.json);
    expect(answer.status.code).toBe('SUCCESS');
    const output = answer.outputs[0];
    expect(output?.status.code).toBe('SUCCESS');
    expect(output?.model?.model_version?.id).toBe(faceModelVersion);
    const region = output?.data?.regions?.[0];
    expect(region?.data?.concepts).toEqual([{ id: 'face', name: 'face', value: 0.98, app_id: 'main' }]);

    // The input now exists in the app, processed.
    expect(await inputState('predicted')).toBe('INPUT_SUCCESS');
    // Model annotations are not listed by default ("trusted" only), but by their model version.
    expect(await listAnnotations(listAnnotationsQuery({ inputIds: ['predicted'] }))).toEqual([]);
    const made = await listAnnotations(
      listAnnotationsQuery({ modelVersionIds: [faceModelVersion], inputIds: ['predicted'] }),
    );
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      input_id: 'predicted',
      status: { code: 'ANNOTATION_AWAITING_REVIEW' },
      worker: { model: { id: 'a403429f2ddf4b49b307e318f00e528b', model_version: { id: faceModelVersion } } },
      annotation_info: { output_id: output?.id, region_id: region?.id },
    });
    expect(made[0]?.data?.regions?.[0]?.region_info?.bounding_box).toEqual(box);

    // Predicting the same input again adds the new predictions beside the old, on the same input.
    await server.call('POST', platformModelOutputsPath({ ...app, modelId: 'face-detection' }), {
      inputs: [{ id: 'predicted', data: { image: { base64 } } }],
    });
    expect(
      await listAnnotations(
        listAnnotationsQuery({ modelVersionIds: [faceModelVersion], inputIds: ['predicted'] }),
      ),
    ).toHaveLength(2);
  });

  it('keeps v2 behaviour in clarifai/main, and names a missing model with 21200', async () => {
    const v2 = await server.call('POST', '/v2/users/clarifai/apps/main/models/face-detection/outputs', {
      inputs: [{ id: 'v2-face', data: { image: { base64: await freshImage() } } }],
    });
    expect(v2.status).toBe(200);
    const v2Output = v2.json as { status: { code: unknown }; outputs: { data: { regions: Json[] } }[] };
    expect(v2Output.status.code).toBe(10000);
    // v2 numbers, and no model annotation kept; faces carry the detector's concept on both (docs/review.md).
    expect(v2Output.outputs[0]?.data.regions[0]?.['data']).toMatchObject({ concepts: [{ id: 'face' }] });
    expect((await inspected()).some((annotation) => annotation.inputId === 'v2-face')).toBe(false);

    const missing = await server.call(
      'POST',
      platformModelOutputsPath({ ...app, modelId: 'no-such-model' }),
      {
        inputs: [{ data: { image: { base64: await freshImage() } } }],
      },
    );
    expect(missing.status).toBe(404);
    expect(statusName(missing.json)).toBe('MODEL_DOES_NOT_EXIST');
    const wrongVersion = await server.call(
      'POST',
      platformModelOutputsPath({ ...app, modelId: 'face-detection', versionId: 'v9' }),
      { inputs: [{ data: { image: { base64: await freshImage() } } }] },
    );
    expect(statusName(wrongVersion.json)).toBe('MODEL_DOES_NOT_EXIST');
  });

  it('lists the detectors with the names of their concepts, page by page', async () => {
    const list = async (query: string) =>
      multiModelResponseSchema.parse((await server.call('GET', platformModelsPath(app) + query)).json).models;
    const detectors = await list('?model_type_id=visual-detector');
    expect(detectors.map((model) => model.id)).toEqual([
      'general-image-detection',
      'a403429f2ddf4b49b307e318f00e528b',
      'c443119bf2ed4da98487520d01a0b1e3',
    ]);
    expect(detectors.every((model) => model.model_type_id === 'visual-detector')).toBe(true);
    expect(detectors[1]?.output_info?.data?.concepts).toEqual([{ id: 'face', name: 'face' }]);
    expect(detectors[0]?.output_info?.data?.concepts).toContainEqual({
      id: 'coco_traffic_light',
      name: 'traffic light',
    });
    expect(detectors[2]?.output_info?.data?.concepts?.every((concept) => concept.name !== undefined)).toBe(
      true,
    );
    expect(detectors[1]?.model_version?.status?.code).toBe('MODEL_TRAINED');
    expect((await list('?model_type_id=visual-detector&per_page=2&page=2')).map((model) => model.id)).toEqual(
      ['c443119bf2ed4da98487520d01a0b1e3'],
    );
    expect(await list('?model_type_id=visual-segmenter')).toEqual([]);
    expect(await list('')).toHaveLength(4);
  });
});

describe('strictness', () => {
  it('refuses a body that does not match the protos with 400 naming the field', async () => {
    const refusal = async (method: string, path: string, body: unknown) => {
      const response = await server.call(method, path, body);
      expect(response.status, response.text).toBe(400);
      const status = (response.json as { status: { code: unknown; details: string } }).status;
      return `${String(status.code)}: ${status.details}`;
    };
    expect(
      await refusal('POST', platformAnnotationsPath(app), {
        annotations: [{ ...regionAnnotation('s-1', 'ann-input'), feedback_info: {} }],
      }),
    ).toMatch(/^CONN_INVALID_REQUEST: .*feedback_info/);
    expect(
      await refusal('POST', platformAnnotationsPath(app), {
        annotations: [{ ...regionAnnotation('s-2', 'ann-input'), status: { code: 'ANNOTATION_GREAT' } }],
      }),
    ).toMatch(/annotations\.0\.status\.code.*"ANNOTATION_GREAT"/);
    expect(
      await refusal('POST', platformAnnotationsPath(app), {
        annotations: [{ ...regionAnnotation('s-3', 'ann-input'), status: { code: 24150 } }],
      }),
    ).toMatch(/annotations\.0\.status\.code/);
    expect(
      await refusal('PATCH', platformAnnotationsPath(app), {
        action: 'replace',
        annotations: [{ id: 'ann-1' }],
      }),
    ).toMatch(/action.*"replace"/);
    expect(
      await refusal('POST', platformInputsPath(app), {
        inputs: [{ inputId: 'x', data: { image: { url: 'u' } } }],
      }),
    ).toMatch(/inputId/);
    expect(
      await refusal('POST', platformModelOutputsPath({ ...app, modelId: 'face-detection' }), {
        inputs: [{ data: { image: { base64: 'AAAA' } } }],
        user_app_id: app,
      }),
    ).toMatch(/user_app_id/);
    expect(await refusal('POST', platformAnnotationsPath(app), '{"annotations": [')).toMatch(
      /^CONN_BAD_REQUEST_FORMAT/,
    );
    expect((await inspected()).some((annotation) => annotation.id.startsWith('s-'))).toBe(false);
  });

  it('asks for a key, answers an unknown app with 404 / 11101, and an unknown method with 405', async () => {
    const noKey = await server.call('GET', platformInputsPath(app), undefined, { Authorization: '' });
    expect(noKey.status).toBe(401);
    expect(statusName(noKey.json)).toBe('CONN_KEY_INVALID');
    const wrongKey = await server.call('GET', platformInputsPath(app), undefined, {
      Authorization: 'Key not-a-key-of-this-server',
    });
    expect(statusName(wrongKey.json)).toBe('CONN_KEY_NOT_FOUND');
    for (const path of [
      platformInputsPath({ userId: 'me', appId: 'elsewhere' }),
      platformAnnotationsPath({ userId: 'someone', appId: 'loupe' }),
      platformInputAnnotationPath({ userId: 'x', appId: 'y' }, 'i', 'a'),
    ]) {
      const response = await server.call('GET', path);
      expect(response.status, path).toBe(404);
      expect(statusName(response.json)).toBe('CONN_DOES_NOT_EXIST');
      expect((response.json as { status: { details: string } }).status.details).toMatch(
        /me\/loupe, team\/qa/,
      );
    }
    const method = await server.call('PUT', platformAnnotationsPath(app), {});
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('GET, POST, PATCH');
    expect(statusName(method.json)).toBe('CONN_METHOD_NOT_ALLOWED');
  });

  it('leaves the v2 paths of any app as they were', async () => {
    const models = await server.call('GET', '/v2/users/x/apps/y/models?per_page=1&page=2');
    expect(models.status).toBe(200);
    expect(statusName(models.json)).toBe(10000);
    const search = await server.call('POST', '/v2/users/me/apps/loupe/inputs/searches', { searches: [] });
    expect(typeof statusName(search.json)).toBe('number');
  });
});

describe('fault injection and inspection', () => {
  it('damages platform answers as it damages v2 ones: a 5xx stores nothing, a truncated answer stored it', async () => {
    await readyInputs('fault-input');
    const setFaults = (config: Json) => server.call('POST', '/_loupe/faults', config);
    expect((await setFaults({ serverError: 1, seed: 5 })).status).toBe(200);
    try {
      const failed = await server.call('POST', platformAnnotationsPath(app), {
        annotations: [regionAnnotation('fault-1', 'fault-input')],
      });
      expect(failed.status).toBeGreaterThanOrEqual(500);
    } finally {
      await setFaults({});
    }
    expect((await inspected()).some((annotation) => annotation.id === 'fault-1')).toBe(false);

    await setFaults({ truncate: 1, seed: 5 });
    try {
      const broken = await fetch(server.api.baseUrl + platformAnnotationsPath(app), {
        method: 'POST',
        headers: { Authorization: `Key ${testKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ annotations: [regionAnnotation('fault-2', 'fault-input')] }),
      })
        .then((response) => response.text())
        .then(
          () => 'answered',
          () => 'connection broke',
        );
      expect(broken).toBe('connection broke');
    } finally {
      await setFaults({});
    }
    const stored = (await inspected()).find((annotation) => annotation.id === 'fault-2');
    expect(stored).toMatchObject({
      userId: 'me',
      appId: 'loupe',
      inputId: 'fault-input',
      status: { name: 'ANNOTATION_SUCCESS' },
    });
    // The resend a client makes after the broken answer is recognised, not stored twice.
    const resend = await server.call('POST', platformAnnotationsPath(app), {
      annotations: [regionAnnotation('fault-2', 'fault-input')],
    });
    expect(multiAnnotationResponseSchema.parse(resend.json).annotations[0]?.status?.code).toBe(
      'ANNOTATION_INVALID_ARGUMENT',
    );
    expect((await inspected()).filter((annotation) => annotation.id === 'fault-2')).toHaveLength(1);
  });

  it('lists every platform input and annotation with its status', async () => {
    const inputs = (await server.call('GET', '/_loupe/platform-inputs')).json as {
      apps: Json[];
      inputs: { id: string; appId: string; status: { code: number; name: string; details?: string } }[];
    };
    expect(inputs.apps).toEqual([app, { userId: 'team', appId: 'qa' }]);
    expect(inputs.inputs.find((input) => input.id === 'async-bad')?.status).toMatchObject({
      code: 30002,
      name: 'INPUT_FAILED',
    });
    const annotation = (await inspected()).find((candidate) => candidate.id === 'ann-1');
    expect(annotation).toMatchObject({
      status: { code: 24150, name: 'ANNOTATION_SUCCESS' },
      worker: { kind: 'user', id: 'me', versionId: null },
      annotationInfo: { verdict: 'accurate' },
    });
    expect((await server.call('GET', '/_loupe/annotations', undefined, { Authorization: '' })).status).toBe(
      401,
    );
  });
});
