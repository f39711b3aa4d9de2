import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_IMAGE_BYTES } from '../../../shared/clarifai/limits.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallJpeg } from './images.ts';
import { startTestServer, testKey, type TestServer } from './localApiTestServer.ts';

/** The endpoints with stand-in models: what is stored, listed, counted, searched and flagged. */

type Json = Record<string, unknown>;
const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`../../fixtures/clarifai/${name}`, import.meta.url), 'utf8')) as Json;

const general = 'aaa03c23b3724a16a56b629203edc62c';
const face = 'a403429f2ddf4b49b307e318f00e528b';
const ok = '{"status":{"code":10000,"description":"Ok"}}';

interface Output {
  id: string;
  input: { id: string };
  data: { concepts?: Json[]; regions?: Json[] };
}
interface Listed {
  seq: number;
  requestId: string | null;
  path: string;
  modelId: string | null;
  flags: string[];
  deliveries: number;
  body: string;
  parsed: unknown;
}

let server: TestServer;
let image: string;
beforeAll(async () => {
  server = await startTestServer();
  image = (await smallJpeg()).toString('base64');
});
afterAll(() => server.stop());

async function predict(path: string, inputId?: string): Promise<Output> {
  const response = await server.call('POST', path, {
    inputs: [{ ...(inputId ? { id: inputId } : {}), data: { image: { base64: image } } }],
  });
  expect(response.status).toBe(200);
  const output = (response.json as { outputs: Output[] }).outputs[0];
  if (!output) throw new Error('no output');
  return output;
}

async function listing(): Promise<Listed[]> {
  return ((await server.call('GET', '/_loupe/feedback')).json as { feedback: Listed[] }).feedback;
}

function feedbackOn(output: Output, concepts: Json[] = [{ id: 'coco_person', value: true }]) {
  return {
    input: {
      id: output.input.id,
      data: { concepts },
      feedback_info: { event_type: 'annotation', output_id: output.id, end_user_id: 'ann', session_id: 's1' },
    },
  };
}

describe('predict', () => {
  it('answers in the shape of docs/clarifai-v2.md §3, with unique output ids', async () => {
    const first = await predict(`/v2/models/${general}/outputs`, 'photo-1');
    const second = await predict(`/v2/models/${general}/outputs`, 'photo-1');
    expect(first.id).toMatch(/^[0-9a-f]{32}$/);
    expect(second.id).not.toBe(first.id);
    expect(first).toMatchObject({
      status: { code: 10000, description: 'Ok' },
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      model: {
        id: general,
        output_info: { type: 'concept' },
        model_version: { id: expect.any(String) as unknown },
      },
      input: { id: 'photo-1', data: { image: { base64: 'dHJ1ZQ==' } } },
      data: {
        concepts: [{ id: 'coco_person', name: 'person', value: 0.9, app_id: 'main' }, { name: 'dog' }],
      },
    });
  });

  it('applies output_config', async () => {
    const response = await server.call('POST', `/v2/models/${general}/outputs`, {
      inputs: [{ data: { image: { base64: image } } }],
      model: { output_info: { output_config: { min_value: 0.5 } } },
    });
    const output = (response.json as { outputs: Output[] }).outputs[0];
    expect(output?.data.concepts?.map((concept) => concept['name'])).toEqual(['person']);
  });

  it("face regions carry boxes, region ids and the detector's concept `face`", async () => {
    const output = await predict(`/v2/users/clarifai/apps/main/models/face-detection/outputs`);
    expect(output.data.regions).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown,
        value: 0.98,
        region_info: { bounding_box: { top_row: 0.1, left_col: 0.2, bottom_row: 0.5, right_col: 0.6 } },
        data: { concepts: [{ id: 'face', name: 'face', value: 0.98, app_id: 'main' }] },
      },
    ]);
  });
});

describe('image URLs', () => {
  let images: Server;
  let imagesUrl: string;
  beforeAll(async () => {
    const jpeg = Buffer.from(image, 'base64');
    images = createServer((req, res) => {
      if (req.url === '/photo.jpg') res.end(jpeg);
      else if (req.url === '/huge') {
        // No Content-Length: the limit must be enforced while reading.
        const chunk = Buffer.alloc(1024 * 1024);
        for (let sent = 0; sent <= MAX_IMAGE_BYTES; sent += chunk.length) res.write(chunk);
        res.end();
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
    imagesUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => images.close(() => resolve())));

  it('fetches http images, and fails only the inputs whose image cannot be had', async () => {
    // The images are served on loopback, which a server fetches only when told to (outgoingUrl.ts).
    const lab = await startTestServer({ allowPrivateUrls: true });
    const response = await lab.call('POST', `/v2/models/${general}/outputs`, {
      inputs: ['/photo.jpg', '/missing', '/huge'].map((path) => ({
        data: { image: { url: imagesUrl + path } },
      })),
    });
    expect(response.status).toBe(207);
    const outputs = (
      response.json as { outputs: (Output & { status: { code: number; details?: string } })[] }
    ).outputs;
    expect(outputs.map((output) => output.status.code)).toEqual([10000, 30002, 30002]);
    expect(outputs[0]?.input).toMatchObject({ data: { image: { url: `${imagesUrl}/photo.jpg` } } });
    expect(outputs[1]?.status.details).toMatch(/HTTP 404/);
    expect(outputs[2]?.status.details).toMatch(/over the 20\.0 MB limit/);
    await lab.stop();
  });
});

describe('model feedback', () => {
  it('is stored exactly as received, with its parse, before 10000', async () => {
    const output = await predict(`/v2/models/${general}/outputs`);
    const text = JSON.stringify(feedbackOn(output), null, 1);
    const response = await server.call('POST', `/v2/models/${general}/feedback`, text, {
      'X-Loupe-Request-Id': 'r-1',
    });
    expect(response.text).toBe(ok);
    const stored = (await listing()).at(-1);
    expect(stored).toMatchObject({
      requestId: 'r-1',
      path: `/v2/models/${general}/feedback`,
      modelId: general,
      flags: [],
      deliveries: 1,
      body: text,
      parsed: feedbackOn(output),
    });
  });

  it('a repeated X-Loupe-Request-Id is acknowledged again but stored once', async () => {
    const output = await predict(`/v2/models/${general}/outputs`);
    const before = (await listing()).length;
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await server.call('POST', `/v2/models/${general}/feedback`, feedbackOn(output), {
        'X-Loupe-Request-Id': 'retried-7',
      });
      expect(response.text).toBe(ok);
    }
    const after = await listing();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ requestId: 'retried-7', deliveries: 3 });
  });

  it('unknown output ids are accepted but flagged, as are mismatches', async () => {
    const output = await predict(`/v2/models/${general}/outputs`);
    const unknown = { ...output, id: 'never-predicted' };
    expect((await server.call('POST', `/v2/models/${general}/feedback`, feedbackOn(unknown))).text).toBe(ok);
    expect((await listing()).at(-1)?.flags).toEqual(['unknown_output']);

    const elsewhere = { ...output, input: { id: 'another-input' } };
    expect((await server.call('POST', `/v2/models/${face}/feedback`, feedbackOn(elsewhere))).text).toBe(ok);
    expect((await listing()).at(-1)?.flags).toEqual(['output_of_other_model', 'input_not_in_output']);
  });

  it('is accepted in all four path forms and recorded with the canonical model', async () => {
    const output = await predict(`/v2/models/${general}/outputs`);
    for (const path of [
      `/v2/models/${general}/feedback`,
      `/v2/models/${general}/versions/local-centernet-coco-concepts-1/feedback`,
      `/v2/users/u1/apps/a1/models/general-image-recognition/feedback`,
      `/v2/users/u1/apps/a1/models/${general}/versions/local-centernet-coco-concepts-1/feedback`,
    ]) {
      expect((await server.call('POST', path, feedbackOn(output))).text, path).toBe(ok);
      expect((await listing()).at(-1), path).toMatchObject({ path, modelId: general, flags: [] });
    }
  });
});

describe('search and search feedback', () => {
  it('finds predicted concepts by name; a click on a hit is checked against the stored hits', async () => {
    await predict(`/v2/models/${general}/outputs`, 'searchable');
    const search = await server.call('POST', '/v2/searches', {
      query: { ands: [{ output: { data: { concepts: [{ name: 'Person', value: 1 }] } } }] },
    });
    const body = search.json as { id: string; hits: { score: number; input: { id: string } }[] };
    expect(body.id).toMatch(/^[0-9a-f]{32}$/);
    expect(body.hits.map((hit) => hit.input.id)).toContain('searchable');
    expect(body.hits[0]?.score).toBe(0.9);

    const click = (inputId: string) => ({
      input: { id: inputId, feedback_info: { event_type: 'search_click', search_id: body.id } },
    });
    expect((await server.call('POST', '/v2/searches/feedback', click('searchable'))).text).toBe(ok);
    expect((await listing()).at(-1)).toMatchObject({ flags: [] });
    expect((await server.call('POST', '/v2/users/u/apps/a/searches/feedback', click('not-a-hit'))).text).toBe(
      ok,
    );
    expect((await listing()).at(-1)).toMatchObject({ flags: ['input_not_in_search'] });
  });

  it('finds the same image first by image, in the newer searches form too', async () => {
    const other = (await smallJpeg(30)).toString('base64');
    await server.call('POST', `/v2/models/${general}/outputs`, {
      inputs: [{ id: 'other-image', data: { image: { base64: other } } }],
    });
    const legacy = await server.call('POST', '/v2/searches', {
      query: { ands: [{ output: { input: { data: { image: { base64: other } } } } }] },
    });
    const legacyHits = (legacy.json as { hits: { score: number; input: { id: string } }[] }).hits;
    expect(legacyHits[0]).toMatchObject({ score: 1, input: { id: 'other-image' } });
    // Every canned prediction has the same concepts: the others follow as similar, below 1.
    expect(legacyHits.slice(1).every((hit) => hit.score < 1 && hit.score > 0)).toBe(true);

    const newer = await server.call('POST', '/v2/inputs/searches', {
      searches: [{ query: { ranks: [{ input: { data: { image: { base64: other } } } }] } }],
    });
    const newerBody = newer.json as {
      id: string;
      hits: { input: { id: string } }[];
      searches: { id: string }[];
    };
    expect(newerBody.hits[0]?.input.id).toBe('other-image');
    expect(newerBody.searches[0]?.id).toBe(newerBody.id);
  });

  it('annotations/searches with a negated concept excludes it', async () => {
    const faceOnly = await predict(`/v2/models/${face}/outputs`, 'face-only');
    const response = await server.call('POST', '/v2/annotations/searches', {
      searches: [
        { query: { ranks: [{ annotation: { data: { concepts: [{ name: 'person' }] } }, negate: true }] } },
      ],
    });
    // Only the face model saw this input, and its regions carry only the concept `face`.
    const hits = (response.json as { hits: { input: { id: string } }[] }).hits.map((hit) => hit.input.id);
    expect(hits).toContain(faceOnly.input.id);
    expect(hits).not.toContain('searchable');
  });
});

describe('inputs', () => {
  it('adds inputs as pending and finishes them; lists and gets them', async () => {
    const response = await server.call('POST', '/v2/inputs', {
      inputs: [
        { id: 'added-1', data: { image: { base64: image }, concepts: [{ id: 'sunset', value: 1 }] } },
        { id: 'added-2', data: { image: { url: 'http://127.0.0.1:9/nothing.jpg' } } },
      ],
    });
    expect(response.status).toBe(200);
    const added = (response.json as { inputs: { id: string; status: { code: number } }[] }).inputs;
    expect(added.map((input) => [input.id, input.status.code])).toEqual([
      ['added-1', 30000],
      ['added-2', 30001],
    ]);
    let second: { status: { code: number; details?: string } } | undefined;
    for (let poll = 0; poll < 50; poll++) {
      second = ((await server.call('GET', '/v2/inputs/added-2')).json as { input: typeof second }).input;
      if (second?.status.code !== 30001) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(second?.status.code).toBe(30002);
    expect(second?.status.details).toMatch(/Could not fetch the image URL/);

    const duplicate = await server.call('POST', '/v2/inputs', {
      inputs: [{ id: 'added-1', data: { image: { base64: image } } }],
    });
    expect(duplicate.status).toBe(400);
    expect((duplicate.json as { inputs: { status: { code: number } }[] }).inputs[0]?.status.code).toBe(30100);

    const page = await server.call('GET', '/v2/inputs?page=1&per_page=2');
    expect((page.json as { inputs: { id: string }[] }).inputs.map((input) => input.id)).toEqual([
      'added-2',
      'added-1',
    ]);
    const missing = await server.call('GET', '/v2/inputs/nope');
    expect(missing.status).toBe(404);
    expect(await server.call('GET', '/v2/inputs?per_page=0')).toMatchObject({ status: 400 });

    const search = await server.call('POST', '/v2/searches', {
      query: { ands: [{ input: { data: { concepts: [{ id: 'sunset' }] } } }] },
    });
    expect((search.json as { hits: { input: { id: string } }[] }).hits.map((hit) => hit.input.id)).toEqual([
      'added-1',
    ]);
  });
});

describe('models', () => {
  it('lists the models with names that say what answers', async () => {
    const models = ((await server.call('GET', '/v2/models')).json as { models: Json[] }).models;
    expect(models.map((model) => [model['id'], model['name']])).toEqual([
      [general, 'General (local: COCO concepts from CenterNet)'],
      ['general-image-detection', 'General detection (local: CenterNet, COCO classes)'],
      [face, 'Face detection (local: SSD MobileNet v1)'],
      ['c443119bf2ed4da98487520d01a0b1e3', 'Logo (recorded predictions)'],
    ]);
    const page = (
      (await server.call('GET', '/v2/users/x/apps/y/models?per_page=1&page=2')).json as { models: Json[] }
    ).models;
    expect(page.map((model) => model['id'])).toEqual(['general-image-detection']);
  });

  it('gets one model by id, alias or version', async () => {
    for (const path of [
      `/v2/models/${face}`,
      '/v2/users/clarifai/apps/main/models/face-detection',
      `/v2/models/${face}/versions/local-ssd-mobilenet-v1-1`,
    ]) {
      const response = await server.call('GET', path);
      expect((response.json as { model: Json }).model['id'], path).toBe(face);
    }
  });
});

describe('inspection', () => {
  it('aggregates per model by verdict and concept, and counts search clicks', async () => {
    const output = await predict(`/v2/models/${face}/outputs`);
    const region = (feedback: string, concepts: Json[] = []) => ({
      region_info: {
        bounding_box: { top_row: 0.1, left_col: 0.1, bottom_row: 0.2, right_col: 0.2 },
        feedback,
      },
      data: { concepts },
    });
    await server.call('POST', `/v2/models/${face}/feedback`, {
      input: {
        id: output.input.id,
        data: {
          regions: [
            region('accurate', [{ id: 'face', value: true }]),
            region('misplaced'),
            region('false_positive', [{ id: 'face', value: 0 }]),
          ],
        },
        feedback_info: { event_type: 'annotation', output_id: output.id },
      },
    });
    const aggregates = (await server.call('GET', '/_loupe/aggregates')).json as {
      models: { modelId: string; requests: number; verdicts: Json; concepts: Json[] }[];
      searchClicks: number;
    };
    const faceModel = aggregates.models.find((model) => model.modelId === face);
    expect(faceModel?.verdicts).toEqual({ accurate: 1, misplaced: 1, not_detected: 0, false_positive: 1 });
    expect(faceModel?.concepts).toContainEqual({ id: 'face', positive: 1, negative: 1 });
    expect(aggregates.searchClicks).toBeGreaterThan(0);
  });

  it('pages the listing with after and limit', async () => {
    const all = await listing();
    const page = (
      (await server.call('GET', `/_loupe/feedback?after=${all[0]?.seq ?? 0}&limit=2`)).json as {
        feedback: Listed[];
      }
    ).feedback;
    expect(page.map((row) => row.seq)).toEqual(all.slice(1, 3).map((row) => row.seq));
  });

  it('the seed documents are accepted as they are (doc bugs fixed)', async () => {
    for (const [path, name] of [
      [`/v2/models/${general}/feedback`, 'concept-feedback.request.json'],
      [`/v2/models/c443119bf2ed4da98487520d01a0b1e3/feedback`, 'region-feedback.request.json'],
      ['/v2/searches/feedback', 'search-feedback.request.json'],
    ] as const) {
      const response = await fetch(server.api.baseUrl + path, {
        method: 'POST',
        headers: { Authorization: `Key ${testKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(fixture(name)),
      });
      expect(await response.text(), name).toBe(ok);
    }
  });
});
