import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMAGE_BYTES } from '../../../shared/clarifai/limits.ts';
import { pngClaiming, smallJpeg } from './images.ts';
import { startTestServer, type TestServer } from './localApiTestServer.ts';

/**
 * Every way the local API refuses a request (docs/design.md §4): a clear status with Clarifai's code,
 * description and details, never a crash — and what it must still accept from legacy clients.
 */

type Json = Record<string, unknown>;
const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`../../fixtures/clarifai/${name}`, import.meta.url), 'utf8')) as Json;
const conceptBody = () => fixture('concept-feedback.request.json');
const regionBody = () => fixture('region-feedback.request.json');
const searchBody = () => fixture('search-feedback.request.json');

const general = 'aaa03c23b3724a16a56b629203edc62c';
const feedbackPath = `/v2/models/${general}/feedback`;

let server: TestServer;
let jpeg: string;
beforeAll(async () => {
  server = await startTestServer();
  jpeg = (await smallJpeg()).toString('base64');
});
afterAll(() => server.stop());

/** The status of a rejection, checked to be exactly `{status:{code,description,details}}`. */
async function rejected(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  const response = await server.call(method, path, body, headers);
  const json = response.json as { status: { code: number; description: string; details: string } };
  expect(Object.keys(json)).toEqual(['status']);
  expect(Object.keys(json.status)).toEqual(['code', 'description', 'details']);
  expect(json.status.description).not.toBe('');
  expect(json.status.details).not.toBe('');
  return { httpStatus: response.status, ...json.status, headers: response.headers };
}

function edit(body: Json, change: (input: Json) => void): Json {
  const copy = structuredClone(body);
  change(copy['input'] as Json);
  return copy;
}
const feedbackInfo = (input: Json) => input['feedback_info'] as Json;
const firstRegion = (input: Json) => ((input['data'] as Json)['regions'] as Json[])[0] as Json;

describe('bad bodies', () => {
  it('broken JSON is 400 / 11100 saying where', async () => {
    const text = JSON.stringify(regionBody()).replace(
      '"session_id":"<session_id>"',
      '"session_id":"<session_id>",',
    );
    const status = await rejected('POST', feedbackPath, text);
    expect(status).toMatchObject({ httpStatus: 400, code: 11100, description: 'Bad request format' });
    expect(status.details).toMatch(/not valid JSON/);
  });

  it('broken JSON is described by position, never quoted (the body may be a file of secrets)', async () => {
    const status = await rejected('POST', feedbackPath, 'k3y-s3cr3t-0123456789 and more');
    expect(status).toMatchObject({ httpStatus: 400, code: 11100 });
    expect(status.details).toMatch(/not valid JSON: .* at line 1, column 1/);
    expect(status.details).not.toMatch(/k3y|s3cr3t/);
  });

  it('an empty body is 400 / 11100', async () => {
    expect(await rejected('POST', feedbackPath, '')).toMatchObject({ httpStatus: 400, code: 11100 });
  });

  it('a verdict that is not one of the four is 400 naming the field and the value', async () => {
    const body = edit(
      regionBody(),
      (input) => ((firstRegion(input)['region_info'] as Json)['feedback'] = 'wrong'),
    );
    const status = await rejected('POST', feedbackPath, body);
    expect(status).toMatchObject({ httpStatus: 400, code: 11102, description: 'Invalid request' });
    expect(status.details).toContain('input.data.regions.0.region_info.feedback');
    expect(status.details).toContain('"wrong"');
  });

  it('annotation feedback without output_id is 400', async () => {
    const body = edit(conceptBody(), (input) => delete feedbackInfo(input)['output_id']);
    const status = await rejected('POST', feedbackPath, body);
    expect(status).toMatchObject({ httpStatus: 400, code: 11102 });
    expect(status.details).toContain('input.feedback_info.output_id');
  });

  it('search feedback without search_id is 400', async () => {
    const body = edit(searchBody(), (input) => delete feedbackInfo(input)['search_id']);
    const status = await rejected('POST', '/v2/searches/feedback', body);
    expect(status).toMatchObject({ httpStatus: 400, code: 11102 });
    expect(status.details).toContain('input.feedback_info.search_id');
  });

  it("the old JS client's end_user_i_d is an unknown field, named", async () => {
    const body = edit(conceptBody(), (input) => {
      const info = feedbackInfo(input);
      info['end_user_i_d'] = info['end_user_id'];
      delete info['end_user_id'];
    });
    const status = await rejected('POST', feedbackPath, body);
    expect(status).toMatchObject({ httpStatus: 400, code: 11102 });
    expect(status.details).toMatch(/input\.feedback_info.*end_user_i_d/);
  });

  it('a box outside [0,1] is 400 naming it', async () => {
    const body = edit(regionBody(), (input) => {
      ((firstRegion(input)['region_info'] as Json)['bounding_box'] as Json)['bottom_row'] = 1.5;
    });
    const status = await rejected('POST', feedbackPath, body);
    expect(status.details).toContain('input.data.regions.0.region_info.bounding_box.bottom_row');
  });

  it('X-Loupe-Request-Id must be a sensible value', async () => {
    const status = await rejected('POST', feedbackPath, conceptBody(), {
      'X-Loupe-Request-Id': 'x'.repeat(201),
    });
    expect(status).toMatchObject({ httpStatus: 400, code: 11102 });
  });
});

describe('keys', () => {
  it('a missing Authorization header is 401 / 11008', async () => {
    const status = await rejected('POST', feedbackPath, conceptBody(), { Authorization: '' });
    expect(status).toMatchObject({ httpStatus: 401, code: 11008, description: 'API key is invalid' });
  });

  it('a header not of the form "Key <key>" is 401 / 11008', async () => {
    const status = await rejected('GET', '/v2/models', undefined, { Authorization: 'Bearer abc' });
    expect(status).toMatchObject({ httpStatus: 401, code: 11008 });
  });

  it('an unknown key is 401 / 11009, and the key is not echoed', async () => {
    const status = await rejected('GET', '/v2/models', undefined, {
      Authorization: 'Key not-a-real-key-123',
    });
    expect(status).toMatchObject({ httpStatus: 401, code: 11009, description: 'API key not found' });
    expect(status.details).not.toContain('not-a-real-key-123');
  });

  it('the inspection endpoints need the key too', async () => {
    const status = await rejected('GET', '/_loupe/feedback', undefined, {
      Authorization: 'Key wrong-key-456',
    });
    expect(status).toMatchObject({ httpStatus: 401, code: 11009 });
  });
});

describe('paths and models', () => {
  it('an unknown model is 404 / 21200, in every path form', async () => {
    for (const path of [
      '/v2/models/no-such-model/outputs',
      '/v2/models/no-such-model/feedback',
      '/v2/users/me/apps/mine/models/no-such-model/versions/v1/feedback',
      '/v2/models/no-such-model',
    ]) {
      const method = path.endsWith('no-such-model') ? 'GET' : 'POST';
      const status = await rejected(method, path, method === 'POST' ? conceptBody() : undefined);
      expect(status, path).toMatchObject({
        httpStatus: 404,
        code: 21200,
        description: 'Model does not exist',
      });
    }
  });

  it('an unknown version of a known model is 404 / 21200', async () => {
    const status = await rejected('POST', `/v2/models/${general}/versions/nope/feedback`, conceptBody());
    expect(status).toMatchObject({ httpStatus: 404, code: 21200 });
    expect(status.details).toContain('nope');
  });

  it('an unknown path is 404 / 11101', async () => {
    for (const path of [
      '/v2/nothing-here',
      `/v2/models/${general}/train`,
      '/elsewhere',
      '/v2/searches/feedback/x',
    ]) {
      expect(await rejected('POST', path, {}), path).toMatchObject({ httpStatus: 404, code: 11101 });
    }
  });

  it('a known path with the wrong method is 405 / 11103 with Allow', async () => {
    const status = await rejected('GET', feedbackPath);
    expect(status).toMatchObject({ httpStatus: 405, code: 11103 });
    expect(status.headers.get('allow')).toBe('POST');
  });
});

describe('predict limits', () => {
  const predictPath = `/v2/models/${general}/outputs`;

  it('more than 128 inputs is 400, with the count', async () => {
    const inputs = Array.from({ length: 129 }, () => ({ data: { image: { base64: jpeg } } }));
    const status = await rejected('POST', predictPath, { inputs });
    expect(status).toMatchObject({ httpStatus: 400, code: 11102 });
    expect(status.details).toContain('129');
  });

  it('an image over 20 MB fails its own input only: 207 / 10010 with 30002 for it', async () => {
    const big = Buffer.alloc(MAX_IMAGE_BYTES + 1, 7).toString('base64');
    const response = await server.call('POST', predictPath, {
      inputs: [
        { id: 'fine', data: { image: { base64: jpeg } } },
        { id: 'big', data: { image: { base64: big } } },
      ],
    });
    expect(response.status).toBe(207);
    const body = response.json as {
      status: { code: number };
      outputs: { input: { id: string }; status: Json }[];
    };
    expect(body.status.code).toBe(10010);
    expect(body.outputs.map((output) => [output.input.id, output.status['code']])).toEqual([
      ['fine', 10000],
      ['big', 30002],
    ]);
    expect(body.outputs[1]?.status['details']).toMatch(/over the 20\.0 MB limit/);
  });

  it('an image over 85 megapixels fails its input (30002); when every input fails it is 400 / 10020', async () => {
    const bomb = pngClaiming(10_000, 9_000).toString('base64');
    const response = await server.call('POST', predictPath, {
      inputs: [{ data: { image: { base64: bomb } } }],
    });
    expect(response.status).toBe(400);
    const body = response.json as { status: { code: number }; outputs: { status: Json }[] };
    expect(body.status.code).toBe(10020);
    expect(body.outputs[0]?.status).toMatchObject({ code: 30002 });
    expect(String(body.outputs[0]?.status['details'])).toMatch(/10000×9000.*over the 85\.0 megapixels limit/);
  });

  it('a file:// URL is refused unless allowed', async () => {
    const response = await server.call('POST', predictPath, {
      inputs: [{ data: { image: { url: 'file:///etc/hostname' } } }],
    });
    const body = response.json as { outputs: { status: Json }[] };
    expect(body.outputs[0]?.status).toMatchObject({ code: 30106 });
  });
});

describe('what legacy clients sent is still accepted, and flagged', () => {
  async function lastFeedback() {
    const listing = (await server.call('GET', '/_loupe/feedback')).json as { feedback: Json[] };
    return listing.feedback.at(-1) as Json;
  }

  it.each([true, false, 1, 0])('concept value %s', async (value) => {
    const body = edit(conceptBody(), (input) => {
      ((input['data'] as Json)['concepts'] as Json[]).forEach((concept) => (concept['value'] = value));
    });
    expect((await server.call('POST', feedbackPath, body)).text).toBe(
      '{"status":{"code":10000,"description":"Ok"}}',
    );
  });

  it('null for unset end_user_id / session_id (legacy Python client)', async () => {
    const body = edit(conceptBody(), (input) => {
      feedbackInfo(input)['end_user_id'] = null;
      feedbackInfo(input)['session_id'] = null;
    });
    expect((await server.call('POST', feedbackPath, body)).status).toBe(200);
    const stored = await lastFeedback();
    expect(stored['flags']).toContain('legacy_body');
    expect((stored['parsed'] as { input: { feedback_info: Json } }).input.feedback_info).not.toHaveProperty(
      'end_user_id',
    );
  });

  it('an empty data.image with search feedback', async () => {
    const body = edit(searchBody(), (input) => (input['data'] = { image: { url: '' } }));
    expect((await server.call('POST', '/v2/searches/feedback', body)).status).toBe(200);
    expect((await lastFeedback())['flags']).toEqual(['unknown_search', 'legacy_body']);
  });
});
