import { readFileSync } from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClarifaiClient, type ClarifaiClientOptions } from '../../electron/main/clarifai/clarifaiClient.ts';
import { ClarifaiError } from '../../electron/main/clarifai/ClarifaiError.ts';
import { buildModelFeedbackRequest, feedbackPathFor } from '../../shared/clarifai/feedbackRequest.ts';
import type { PredictInput } from '../../shared/clarifai/predict.ts';
import { buildSearchFeedbackRequest } from '../../shared/clarifai/searchFeedbackRequest.ts';
import type { ReviewState } from '../../shared/review.ts';

/**
 * The client against a real HTTP server on 127.0.0.1: every answer a Clarifai endpoint (or a
 * proxy in front of it) can give, and every way a connection can fail.
 */

const KEY = 'test-key-3f9c1e7a2b';
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/clarifai/${name}`, import.meta.url), 'utf8'));

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
type Handler = (request: Received, res: ServerResponse, req: IncomingMessage) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;
let received: Received[] = [];

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(text);
}
const ok = { status: { code: 10000, description: 'Ok' } };

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      handler(request, res, req);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received = [];
  handler = (_request, res) => reply(res, 200, ok);
});

function client(options: Partial<ClarifaiClientOptions> = {}): ClarifaiClient {
  return new ClarifaiClient({ baseUrl, timeoutMs: 2_000, getKey: () => KEY, ...options });
}

/** The ClarifaiError a call rejects with (fails the test when it resolves or throws another). */
async function failure(call: Promise<unknown>): Promise<ClarifaiError> {
  const error: unknown = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ClarifaiError)) throw new Error(`expected a ClarifaiError, got ${String(error)}`);
  return error;
}

const bodyOf = (request: Received | undefined): unknown => JSON.parse(request?.body ?? 'null');

const conceptReview: ReviewState = {
  outputId: '<output_id>',
  inputId: '<input_id>',
  modelId: 'aaa03c23b3724a16a56b629203edc62c',
  imageUrl: 'https://samples.clarifai.com/dog.tiff',
  imageConcepts: [
    { id: 'ai_8S2Vq3cR', name: 'dog', judgement: 'true' },
    { id: 'ai_mFqxrph2', name: 'cat', judgement: 'false' },
  ],
  regions: [],
};
const logoBox = { top: 0.3, left: 0.2, bottom: 0.7, right: 0.8 };
const regionReview: ReviewState = {
  outputId: '<output_id>',
  inputId: '<input_id>',
  modelId: 'c443119bf2ed4da98487520d01a0b1e3',
  imageUrl: 'https://clarifai.com/images/model-samples/logo-002.jpg',
  imageConcepts: [],
  regions: [
    {
      key: 'r1',
      source: 'predicted',
      predictedBox: logoBox,
      box: logoBox,
      confirmed: true,
      removed: false,
      concepts: [{ id: 'ai_TG4GHlnf', name: 'Apple Inc', judgement: 'true' }],
    },
  ],
};
const seedIds = { endUserId: '<end_user_id>', sessionId: '<session_id>' };

describe('the seed examples reach the documented paths with the documented bodies', () => {
  it('concept feedback → POST /v2/models/{general}/feedback', async () => {
    const body = buildModelFeedbackRequest(conceptReview, { ...seedIds, conceptValueEncoding: 'boolean' });
    const status = await client().modelFeedback({ modelId: conceptReview.modelId }, body, {
      requestId: 'req-1',
    });
    expect(status).toEqual({ code: 10000, description: 'Ok' });
    expect(received).toHaveLength(1);
    expect(received[0]?.method).toBe('POST');
    expect(received[0]?.url).toBe('/v2/models/aaa03c23b3724a16a56b629203edc62c/feedback');
    expect(received[0]?.url).toBe(feedbackPathFor(conceptReview));
    expect(bodyOf(received[0])).toStrictEqual(fixture('concept-feedback.request.json'));
  });

  it('region feedback → POST /v2/models/{logo}/feedback', async () => {
    const body = buildModelFeedbackRequest(regionReview, { ...seedIds, conceptValueEncoding: 'boolean' });
    await client().modelFeedback({ modelId: regionReview.modelId }, body, { requestId: 'req-2' });
    expect(received[0]?.url).toBe('/v2/models/c443119bf2ed4da98487520d01a0b1e3/feedback');
    expect(bodyOf(received[0])).toStrictEqual(fixture('region-feedback.request.json'));
  });

  it('search feedback → POST /v2/searches/feedback', async () => {
    const body = buildSearchFeedbackRequest({
      searchId: '<id of the search response>',
      inputId: "<id of the clicked hit's input>",
      ...seedIds,
    });
    await client().searchFeedback(body, { requestId: 'req-3' });
    expect(received[0]?.url).toBe('/v2/searches/feedback');
    expect(bodyOf(received[0])).toStrictEqual(fixture('search-feedback.request.json'));
  });

  it('uses the user/app form when the client is scoped, and a model’s own scope over the client’s', async () => {
    const scoped = client({ userId: 'me', appId: 'loupe' });
    const body = buildSearchFeedbackRequest({ searchId: 's', inputId: 'i' });
    await scoped.searchFeedback(body);
    await scoped.modelFeedback(
      { modelId: 'm' },
      buildModelFeedbackRequest(conceptReview, { conceptValueEncoding: 'number' }),
    );
    await scoped.modelFeedback(
      { userId: 'clarifai', appId: 'main', modelId: 'general-image-recognition', versionId: 'v 1' },
      buildModelFeedbackRequest(conceptReview, { conceptValueEncoding: 'number' }),
    );
    expect(received.map((request) => request.url)).toEqual([
      '/v2/users/me/apps/loupe/searches/feedback',
      '/v2/users/me/apps/loupe/models/m/feedback',
      '/v2/users/clarifai/apps/main/models/general-image-recognition/versions/v%201/feedback',
    ]);
  });
});

describe('headers', () => {
  it('sends the key as Authorization: Key, JSON content type, and the request id for idempotency', async () => {
    await client().searchFeedback(buildSearchFeedbackRequest({ searchId: 's', inputId: 'i' }), {
      requestId: 'outbox-42',
    });
    const headers = received[0]?.headers;
    expect(headers?.authorization).toBe(`Key ${KEY}`);
    expect(headers?.['content-type']).toBe('application/json');
    expect(headers?.['x-loupe-request-id']).toBe('outbox-42');
  });

  it('sends no request id when none is given, and no body type on GET', async () => {
    handler = (_request, res) => reply(res, 200, fixture('model.response.json'));
    await client().getModel({ modelId: 'general-image-recognition' });
    expect(received[0]?.headers['x-loupe-request-id']).toBeUndefined();
    expect(received[0]?.headers['content-type']).toBeUndefined();
    expect(received[0]?.method).toBe('GET');
  });

  it('reads the key on every request, and makes no request without one', async () => {
    let key: string | undefined = 'first-key';
    const rotating = client({ getKey: () => key });
    await rotating.searchFeedback(buildSearchFeedbackRequest({ searchId: 's', inputId: 'i' }));
    key = 'second-key';
    await rotating.searchFeedback(buildSearchFeedbackRequest({ searchId: 's', inputId: 'i' }));
    expect(received.map((request) => request.headers.authorization)).toEqual([
      'Key first-key',
      'Key second-key',
    ]);

    key = undefined;
    const error = await failure(
      rotating.searchFeedback(buildSearchFeedbackRequest({ searchId: 's', inputId: 'i' })),
    );
    expect(error.kind).toBe('no_key');
    expect(error.needsPerson).toBe(true);
    expect(error.retryable).toBe(false);
    expect(received).toHaveLength(2);
  });

  it('a key the vault cannot give needs a person and says why; it is not taken for a network failure', async () => {
    const broken = client({
      getKey: () => {
        throw new Error('The stored API key cannot be decrypted on this computer; set it again');
      },
    });
    const error = await failure(
      broken.searchFeedback(buildSearchFeedbackRequest({ searchId: 's', inputId: 'i' })),
    );
    expect(error).toMatchObject({ kind: 'no_key', needsPerson: true, retryable: false });
    expect(error.message).toContain('cannot be decrypted on this computer');
    expect(received).toHaveLength(0);
  });
});

describe('predict', () => {
  const inputs = (count: number): PredictInput[] =>
    Array.from({ length: count }, (_, index) => ({
      id: `in-${index}`,
      data: { image: { url: `https://img/${index}.jpg` } },
    }));

  /** Answers each predict with one output per input, in order. */
  function echoOutputs(request: Received, res: ServerResponse) {
    const body = JSON.parse(request.body) as { inputs: { id: string }[] };
    reply(res, 200, {
      ...ok,
      outputs: body.inputs.map((input) => ({
        id: `out-${input.id}`,
        status: ok.status,
        input: { id: input.id },
        data: {},
      })),
    });
  }

  it('returns the outputs of a successful predict, with the output config sent', async () => {
    handler = (_request, res) => reply(res, 200, fixture('predict-general.response.json'));
    const result = await client().predict(
      { modelId: 'aaa03c23b3724a16a56b629203edc62c' },
      [{ data: { image: { url: 'https://samples.clarifai.com/dog.tiff' } } }],
      { min_value: 0.5, max_concepts: 10 },
    );
    expect(result.mixed).toBe(false);
    expect(result.outputs[0]?.data?.concepts?.[0]?.id).toBe('ai_8S2Vq3cR');
    expect(received[0]?.url).toBe('/v2/models/aaa03c23b3724a16a56b629203edc62c/outputs');
    expect(bodyOf(received[0])).toStrictEqual({
      inputs: [{ data: { image: { url: 'https://samples.clarifai.com/dog.tiff' } } }],
      model: { output_info: { output_config: { min_value: 0.5, max_concepts: 10 } } },
    });
  });

  it('splits 300 inputs into 3 requests of at most 128 and keeps the outputs in order', async () => {
    handler = echoOutputs;
    const result = await client().predict({ modelId: 'm' }, inputs(300));
    expect(
      received.map((request) => (JSON.parse(request.body) as { inputs: unknown[] }).inputs.length),
    ).toEqual([128, 128, 44]);
    expect(result.outputs.map((output) => output.input.id)).toEqual(inputs(300).map((input) => input.id));
  });

  it('makes no request for no inputs', async () => {
    expect(await client().predict({ modelId: 'm' }, [])).toEqual({ outputs: [], mixed: false });
    expect(received).toHaveLength(0);
  });

  it('returns a 207 (10010) answer per item instead of throwing', async () => {
    handler = (_request, res) => reply(res, 207, fixture('predict-mixed.response.json'));
    const result = await client().predict({ modelId: 'm' }, inputs(2));
    expect(result.mixed).toBe(true);
    expect(result.outputs.map((output) => output.status.code)).toEqual([10000, 30002]);
  });

  it('returns a total failure (10020) per item when it lists the outputs, and throws when it does not', async () => {
    handler = (_request, res) =>
      reply(res, 400, {
        status: { code: 10020, description: 'Failure' },
        outputs: [
          { id: 'o', status: { code: 30002, description: 'Download failed' }, input: { id: 'in-0' } },
        ],
      });
    const result = await client().predict({ modelId: 'm' }, inputs(1));
    expect(result).toMatchObject({ mixed: true, outputs: [{ status: { code: 30002 } }] });

    handler = (_request, res) => reply(res, 400, { status: { code: 10020, description: 'Failure' } });
    const error = await failure(client().predict({ modelId: 'm' }, inputs(1)));
    expect(error).toMatchObject({
      kind: 'http',
      httpStatus: 400,
      code: 10020,
      retryable: false,
      needsPerson: false,
    });
  });

  it('a 207 is still an error for a single-item call such as feedback', async () => {
    handler = (_request, res) => reply(res, 207, { status: { code: 10010, description: 'Mixed Success' } });
    const error = await failure(
      client().searchFeedback(buildSearchFeedbackRequest({ searchId: 's', inputId: 'i' })),
    );
    expect(error).toMatchObject({ kind: 'http', httpStatus: 207, code: 10010, statusName: 'MIXED_STATUS' });
  });
});

describe('errors: each answer gives the right typed error', () => {
  const feedback = () => client().searchFeedback(buildSearchFeedbackRequest({ searchId: 's', inputId: 'i' }));

  it('401 bad key → needs a person', async () => {
    handler = (_request, res) =>
      reply(res, 401, { status: { code: 11008, description: 'API key is invalid' } });
    const error = await failure(feedback());
    expect(error).toMatchObject({
      kind: 'http',
      httpStatus: 401,
      code: 11008,
      statusName: 'CONN_KEY_INVALID',
      description: 'API key is invalid',
      retryable: false,
      needsPerson: true,
    });
    expect(error.message).toContain('HTTP 401');
    expect(error.message).toContain('11008 CONN_KEY_INVALID');
  });

  it('404 unknown model (21200) → permanent', async () => {
    handler = (_request, res) =>
      reply(res, 404, {
        status: { code: 21200, description: 'Model does not exist', details: 'model "nope" not found' },
      });
    const error = await failure(client().getModel({ modelId: 'nope' }));
    expect(error).toMatchObject({
      kind: 'http',
      httpStatus: 404,
      code: 21200,
      statusName: 'MODEL_DOES_NOT_EXIST',
      details: 'model "nope" not found',
      retryable: false,
      needsPerson: false,
    });
    expect(error.message).toContain('GET /v2/models/nope');
  });

  it('429 with Retry-After in seconds → retryable after that long', async () => {
    handler = (_request, res) =>
      reply(
        res,
        429,
        { status: { code: 11005, description: 'Making too many requests' } },
        { 'Retry-After': '15' },
      );
    const error = await failure(feedback());
    expect(error).toMatchObject({
      kind: 'http',
      httpStatus: 429,
      code: 11005,
      retryable: true,
      retryAfterMs: 15_000,
    });
  });

  it('429 with Retry-After as an HTTP date, and the code as its enum name', async () => {
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 30_000);
    handler = (_request, res) =>
      reply(res, 429, { status: { code: 'CONN_THROTTLED' } }, { 'Retry-After': at.toUTCString() });
    const error = await failure(feedback());
    expect(error.code).toBe(11005);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBeGreaterThan(28_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(31_000);
  });

  it('429 with a quota code → needs a person, not a retry', async () => {
    handler = (_request, res) =>
      reply(res, 429, { status: { code: 11004, description: 'Monthly limit exceeded' } });
    expect(await failure(feedback())).toMatchObject({ retryable: false, needsPerson: true, code: 11004 });
  });

  it('11005 inside a 200 body → retryable error', async () => {
    handler = (_request, res) =>
      reply(res, 200, { status: { code: 11005, description: 'Making too many requests' } });
    expect(await failure(feedback())).toMatchObject({
      kind: 'http',
      httpStatus: 200,
      code: 11005,
      retryable: true,
    });
  });

  it.each([
    [500, { status: { code: 98004, description: 'Internal server issue' } }],
    [503, { status: { code: 21354, description: 'Model is busy, please retry' } }],
    [503, ''],
    [504, { status: { code: 10020, description: 'Failure' } }],
  ])('%i %j → retryable', async (status, body) => {
    handler = (_request, res) => reply(res, status, body);
    expect(await failure(feedback())).toMatchObject({ kind: 'http', httpStatus: status, retryable: true });
  });

  it('an HTML error page from a proxy → clear error with the HTTP status and a short snippet', async () => {
    const page = `<html>\n<head><title>502 Bad Gateway</title></head>\n<body>${'x'.repeat(5000)}</body></html>`;
    handler = (_request, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end(page);
    };
    const error = await failure(feedback());
    expect(error).toMatchObject({ kind: 'http', httpStatus: 502, code: undefined, retryable: true });
    expect(error.message).toContain('HTTP 502');
    expect(error.message).toContain('<html> <head><title>502 Bad Gateway</title>');
    expect(error.message.length).toBeLessThan(400);
  });

  it('a success that is not JSON (retryable: it may not have taken effect), or not the expected shape → invalid_response', async () => {
    handler = (_request, res) => reply(res, 200, '<html>ok</html>');
    expect(await failure(feedback())).toMatchObject({
      kind: 'invalid_response',
      httpStatus: 200,
      retryable: true,
    });

    handler = (_request, res) => reply(res, 200, { status: { code: 10000 }, hits: [] });
    const error = await failure(
      client().searchLegacy({ query: { ands: [{ output: { data: { concepts: [{ name: 'dog' }] } } }] } }),
    );
    expect(error.kind).toBe('invalid_response');
    expect(error.message).toContain('id');

    handler = (_request, res) => reply(res, 200, { hits: [] });
    expect(await failure(feedback())).toMatchObject({ kind: 'invalid_response' });
  });

  it('a truncated body (Content-Length larger than sent, then end) → invalid_response, retryable', async () => {
    handler = (_request, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('{"status":{"code":10000,"descr', () => res.socket?.end());
    };
    const error = await failure(feedback());
    expect(error).toMatchObject({ kind: 'invalid_response', httpStatus: 200, retryable: true });
    expect(error.message).toContain('cut short');
  });

  it('a hang → timeout within timeoutMs', async () => {
    handler = () => {
      // Never answers.
    };
    const started = Date.now();
    const error = await failure(
      client({ timeoutMs: 150 }).searchFeedback(buildSearchFeedbackRequest({ searchId: 's', inputId: 'i' })),
    );
    expect(error).toMatchObject({
      kind: 'timeout',
      retryable: true,
      needsPerson: false,
      httpStatus: undefined,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a body that stalls after the headers → timeout', async () => {
    handler = (_request, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('{"status":');
    };
    const error = await failure(
      client({ timeoutMs: 150 }).searchFeedback(buildSearchFeedbackRequest({ searchId: 's', inputId: 'i' })),
    );
    expect(error).toMatchObject({ kind: 'timeout', retryable: true, httpStatus: 200 });
  });

  it('a reset connection → network, retryable', async () => {
    handler = (_request, _res, req) => req.socket.destroy();
    const error = await failure(feedback());
    expect(error).toMatchObject({
      kind: 'network',
      retryable: true,
      needsPerson: false,
      httpStatus: undefined,
    });
  });

  it('nobody listening → network, retryable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure(
      client({ baseUrl: `http://127.0.0.1:${port}` }).searchFeedback(
        buildSearchFeedbackRequest({ searchId: 's', inputId: 'i' }),
      ),
    );
    expect(error).toMatchObject({ kind: 'network', retryable: true });
  });

  it('a call the caller cancels rejects with the caller’s reason, not a ClarifaiError', async () => {
    handler = () => {
      // Never answers.
    };
    const controller = new AbortController();
    const call = client().searchFeedback(buildSearchFeedbackRequest({ searchId: 's', inputId: 'i' }), {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('reviewer closed the app')), 50);
    await expect(call).rejects.toThrow('reviewer closed the app');
  });

  it('never puts the key in an error, even when the server echoes it back', async () => {
    const errors: ClarifaiError[] = [];
    const answers: Handler[] = [
      (request, res) =>
        reply(res, 401, {
          status: {
            code: 11008,
            description: `Invalid ${String(request.headers.authorization)}`,
            details: `key=${KEY}`,
          },
        }),
      (request, res) =>
        reply(res, 502, `<html>upstream refused ${String(request.headers.authorization)}</html>`),
      (request, res) => reply(res, 200, `not json ${KEY}`),
      (_request, res) => reply(res, 200, { status: { code: 11005, description: KEY } }),
      (_request, _res, req) => req.socket.destroy(),
    ];
    for (const answer of answers) {
      handler = answer;
      errors.push(await failure(feedback()));
    }
    handler = () => {
      // Never answers.
    };
    errors.push(await failure(client({ timeoutMs: 100 }).getModel({ modelId: 'm' })));
    errors.push(await failure(client({ getKey: () => undefined }).getModel({ modelId: 'm' })));
    for (const error of errors) {
      const everything = [
        error.message,
        error.stack ?? '',
        error.description ?? '',
        error.details ?? '',
        JSON.stringify(error),
      ];
      for (const text of everything) expect(text).not.toContain(KEY);
    }
    expect(errors[0]?.description).toBe('Invalid Key [key]');
  });
});

describe('searches, inputs and models', () => {
  it('legacy search posts to /v2/searches and returns the search id and hits', async () => {
    handler = (_request, res) => reply(res, 200, fixture('search-legacy.response.json'));
    const query = {
      query: { ands: [{ output: { data: { concepts: [{ name: 'dog', value: 1 }] } } }] },
      pagination: { page: 1, per_page: 20 },
    };
    const response = await client().searchLegacy(query);
    expect(received[0]?.url).toBe('/v2/searches');
    expect(bodyOf(received[0])).toStrictEqual(query);
    expect(response.id).toBe('d275a6fd5ad74b4ba4f2d8bd0ab89d2b');
    expect(response.hits.map((hit) => hit.input.id)).toEqual(['dog-1']);
  });

  it('newer searches post to .../inputs/searches and .../annotations/searches', async () => {
    handler = (_request, res) => reply(res, 200, fixture('searches.response.json'));
    const request = {
      searches: [
        { query: { ranks: [{ annotation: { data: { concepts: [{ id: 'ai_8S2Vq3cR', value: 1 }] } } }] } },
      ],
    };
    const scoped = client({ userId: 'me', appId: 'loupe' });
    const response = await scoped.searchInputs(request);
    await scoped.searchAnnotations(request);
    expect(received.map((r) => r.url)).toEqual([
      '/v2/users/me/apps/loupe/inputs/searches',
      '/v2/users/me/apps/loupe/annotations/searches',
    ]);
    expect(response.searches[0]?.id).toBe('5c6a1d0c9e2b4a0f8e7d6c5b4a392817');
  });

  it('adds inputs, then polls each until it is no longer pending', async () => {
    const polls = new Map<string, number>();
    handler = (request, res) => {
      if (request.method === 'POST') {
        const body = JSON.parse(request.body) as { inputs: { id: string }[] };
        reply(res, 200, {
          ...ok,
          inputs: body.inputs.map((input) => ({ id: input.id, status: { code: 30001 } })),
        });
        return;
      }
      const id = decodeURIComponent(request.url.split('/').pop() ?? '');
      const count = (polls.get(id) ?? 0) + 1;
      polls.set(id, count);
      const code = count < 3 ? 30003 : id === 'broken' ? 30002 : 30000;
      reply(res, 200, { ...ok, input: { id, status: { code } } });
    };
    const scoped = client({ userId: 'me', appId: 'loupe' });
    const added = await scoped.addInputs([
      { id: 'dog', data: { image: { url: 'https://samples.clarifai.com/dog.tiff' } } },
      { id: 'broken', data: { image: { url: 'https://samples.clarifai.com/missing.jpg' } } },
    ]);
    expect(added.inputs.map((input) => input.status?.code)).toEqual([30001, 30001]);
    expect(received[0]?.url).toBe('/v2/users/me/apps/loupe/inputs');

    const settled = await scoped.waitForInputs(['dog', 'broken'], { pollMs: 10, timeoutMs: 2_000 });
    expect(settled.map((input) => [input.id, input.status?.code])).toEqual([
      ['dog', 30000],
      ['broken', 30002],
    ]);
    expect(received.slice(1).every((request) => request.method === 'GET')).toBe(true);
    expect(received[1]?.url).toBe('/v2/users/me/apps/loupe/inputs/dog');
  });

  it('adds more than 128 inputs in batches', async () => {
    handler = (request, res) => {
      const body = JSON.parse(request.body) as { inputs: { id: string }[] };
      reply(res, 200, {
        ...ok,
        inputs: body.inputs.map((input) => ({ id: input.id, status: { code: 30001 } })),
      });
    };
    const many = Array.from({ length: 130 }, (_, index) => ({
      id: `i${index}`,
      data: { image: { url: `https://img/${index}` } },
    }));
    const added = await client().addInputs(many);
    expect(received).toHaveLength(2);
    expect(added.inputs).toHaveLength(130);
  });

  it('gives up waiting with a timeout error naming the inputs still pending', async () => {
    handler = (request, res) =>
      reply(res, 200, { ...ok, input: { id: request.url.split('/').pop(), status: { code: 30001 } } });
    const error = await failure(client().waitForInputs(['slow'], { pollMs: 20, timeoutMs: 100 }));
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
    expect(error.message).toContain('slow');
  });

  it('lists inputs and models with pagination, and gets a model', async () => {
    handler = (request, res) => {
      if (request.url.startsWith('/v2/inputs'))
        reply(res, 200, { ...ok, inputs: [{ id: 'a' }, { id: 'b' }] });
      else if (request.url.startsWith('/v2/models?'))
        reply(res, 200, { ...ok, models: [{ id: 'general-image-recognition' }] });
      else reply(res, 200, fixture('model.response.json'));
    };
    const inputs = await client().listInputs({ page: 2, per_page: 50 });
    const models = await client().listModels({ per_page: 10 });
    const model = await client().getModel({
      userId: 'clarifai',
      appId: 'main',
      modelId: 'general-image-recognition',
    });
    expect(inputs.map((input) => input.id)).toEqual(['a', 'b']);
    expect(models.map((m) => m.id)).toEqual(['general-image-recognition']);
    expect(model.user_id).toBe('clarifai');
    expect(received.map((request) => request.url)).toEqual([
      '/v2/inputs?page=2&per_page=50',
      '/v2/models?per_page=10',
      '/v2/users/clarifai/apps/main/models/general-image-recognition',
    ]);
  });

  it('keeps a base URL path prefix', async () => {
    await client({ baseUrl: `${baseUrl}/proxy/clarifai/` }).searchFeedback(
      buildSearchFeedbackRequest({ searchId: 's', inputId: 'i' }),
    );
    expect(received[0]?.url).toBe('/proxy/clarifai/v2/searches/feedback');
  });

  it('refuses a half-set app scope at construction', () => {
    expect(() => client({ userId: 'me' })).toThrow(/both or neither/);
  });
});
