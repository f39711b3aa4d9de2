import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusCodeNumber } from '../../shared/clarifai/statusCodes.ts';
import { pngClaiming } from '../integration/localApi/images.ts';
import { cliPath } from '../support/cliProcess.ts';
import { size } from '../support/soak.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { recordFigures } from './figures.ts';

/**
 * Every endpoint of a running `loupe serve`, in every path form, under arbitrary methods,
 * headers and bodies (valid requests taken apart, arbitrary JSON, text, bytes): each answer is a
 * Clarifai status the client can read, never a server error, and the process keeps answering.
 * No image in the corpus decodes, so the models never run and thousands of cases stay fast.
 */

const runs = size(1_500, 100_000);
const key = 'local-api-fuzz-key-0123456789';
const temp = makeTempDir('loupe-serve-fuzz-');
let serve: ChildProcess;
let port = 0;
const problems: string[] = [];

beforeAll(async () => {
  serve = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--data-dir', temp.dir, '--key', key], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The request log goes to stderr: keep only what says the server itself failed.
  createInterface({ input: serve.stderr! }).on('line', (line) => {
    if (/internal error|uncaught|unhandled/i.test(line)) problems.push(line);
  });
  for await (const line of createInterface({ input: serve.stdout! })) {
    const match = /^Base URL: http:\/\/127\.0\.0\.1:(\d+)$/.exec(line);
    if (match) port = Number(match[1]);
    if (line.startsWith('Data folder:')) break;
  }
  expect(port).toBeGreaterThan(0);
}, 60_000);
afterAll(() => {
  serve.kill('SIGKILL');
  temp.cleanup();
});

interface Reply {
  status: number;
  contentType: string | undefined;
  body: string;
}

function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    // A body always goes with its length: without one, a DELETE's body would be read as the next request.
    const sized = body === undefined ? headers : { ...headers, 'content-length': String(body.length) };
    const req = request({ host: '127.0.0.1', port, method, path, headers: sized }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'],
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`../fixtures/clarifai/${name}`, import.meta.url), 'utf8')) as Json;

const undecodable = [
  '',
  Buffer.from('not an image at all').toString('base64'),
  pngClaiming(20_000, 20_000).toString('base64'),
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg"><image href="http://127.0.0.1:9/x.png"/></svg>',
  ).toString('base64'),
  '!!! not base64 !!!',
];
const refusedUrls = [
  'http://127.0.0.1:9/x.jpg',
  'file:///etc/passwd',
  'ftp://127.0.0.1/x.jpg',
  'not a url',
  'http://[::1]:9/',
];
const image = fc.oneof(
  fc.constantFrom(...undecodable).map((base64): Json => ({ base64 })),
  fc.constantFrom(...refusedUrls).map((url): Json => ({ url })),
);

const tricky = fc.constantFrom<Json>(
  '',
  ' ',
  null,
  0,
  -1,
  1e308,
  true,
  [],
  {},
  'x'.repeat(20_000),
  '../../etc/passwd',
  '\u0000',
  '%00',
);
const anyJson: fc.Arbitrary<Json> = fc.oneof(fc.jsonValue() as fc.Arbitrary<Json>, tricky);

function pathsOf(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...prefix, index], out));
  else if (value !== null && typeof value === 'object')
    for (const [name, item] of Object.entries(value)) pathsOf(item, [...prefix, name], out);
  return out;
}

/** A valid body with up to four of its parts replaced or removed (none: the body as is). */
const mutatedFrom = (valid: fc.Arbitrary<Json>): fc.Arbitrary<Json> =>
  fc
    .tuple(valid, fc.array(fc.tuple(fc.nat(), fc.boolean(), anyJson), { maxLength: 4 }))
    .map(([body, mutations]) => {
      let root = structuredClone(body);
      for (const [at, remove, value] of mutations) {
        const paths = pathsOf(root);
        const path = paths[at % paths.length]!;
        if (path.length === 0) {
          root = value;
          continue;
        }
        let parent = root as Record<string | number, Json>;
        for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, Json>;
        const last = path.at(-1)!;
        if (remove && Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
        else if (remove) delete parent[last];
        else parent[last] = value;
      }
      return root;
    });

/** Valid bodies per kind of endpoint. */
const bodies = {
  predict: fc.array(image, { minLength: 1, maxLength: 4 }).map((images): Json => ({
    inputs: images.map((one) => ({ data: { image: one } })),
  })),
  modelFeedback: fc.constantFrom(
    fixture('concept-feedback.request.json'),
    fixture('region-feedback.request.json'),
  ),
  searchFeedback: fc.constant(fixture('search-feedback.request.json')),
  legacySearch: fc.oneof(
    fc.constant<Json>({
      query: { ands: [{ output: { data: { concepts: [{ name: 'person', value: 1 }] } } }] },
    }),
    image.map((one): Json => ({ query: { ands: [{ output: { input: { data: { image: one } } } }] } })),
  ),
  searches: fc.oneof(
    fc.constant<Json>({
      searches: [{ query: { ranks: [{ annotation: { data: { concepts: [{ name: 'person' }] } } }] } }],
    }),
    image.map((one): Json => ({ searches: [{ query: { ranks: [{ input: { data: { image: one } } }] } }] })),
  ),
  inputs: fc.array(image, { minLength: 1, maxLength: 3 }).map((images): Json => ({
    inputs: images.map((one) => ({ data: { image: one } })),
  })),
  faults: fc.constant<Json>({}),
  annotations: fc
    .tuple(fc.constantFrom('i1', 'no-such-input', 'x y'), fc.constantFrom('merge', 'overwrite', 'remove'))
    .map(([inputId, action]): Json => ({
      action,
      annotations: [
        {
          id: 'a1',
          input_id: inputId,
          data: {
            regions: [
              {
                region_info: {
                  bounding_box: { top_row: 0.1, left_col: 0.1, bottom_row: 0.5, right_col: 0.5 },
                },
                data: { concepts: [{ id: 'face', value: 1 }] },
              },
            ],
          },
          status: { code: 'ANNOTATION_SUCCESS' },
          annotation_info: { verdict: 'accurate' },
        },
      ],
    })),
};

const segment = fc.oneof(
  fc.constantFrom('..', '%2e%2e', '%2F', '%', '%zz', 'searches', 'feedback', 'outputs', 'versions'),
  fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent),
);
const model = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'a403429f2ddf4b49b307e318f00e528b',
      'face-detection',
      'aaa03c23b3724a16a56b629203edc62c',
      'general-image-recognition',
      'general-image-detection',
      'c443119bf2ed4da98487520d01a0b1e3',
    ),
  },
  { weight: 1, arbitrary: segment },
);
const version = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'local-ssd-mobilenet-v1-1',
      'local-centernet-coco-concepts-1',
      'recorded-logo-samples-1',
    ),
  },
  { weight: 1, arbitrary: segment },
);
const modelPath = fc
  .tuple(model, fc.option(version, { nil: undefined }))
  .map(([id, versionId]) => `models/${id}${versionId === undefined ? '' : `/versions/${versionId}`}`);
const scope = fc.oneof(
  fc.constant(''),
  fc.constant('/users/me/apps/main'),
  // The platform app every new server has (docs/clarifai-platform.md).
  fc.constant('/users/me/apps/loupe'),
  fc.tuple(segment, segment).map(([user, app]) => `/users/${user}/apps/${app}`),
);
const query = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('page', 'per_page', 'after', 'limit', 'x'),
        fc.oneof(fc.nat().map(String), fc.string().map(encodeURIComponent)),
      )
      .map(([name, value]) => `?${name}=${value}`),
  },
);

interface Aimed {
  method: string;
  path: string;
  body: Json | undefined;
}
const v2 = (rest: fc.Arbitrary<string>) =>
  fc.tuple(scope, rest, query).map(([prefix, tail, q]) => `/v2${prefix}/${tail}${q}`);
const aimed = (method: string, path: fc.Arbitrary<string>, body?: fc.Arbitrary<Json>): fc.Arbitrary<Aimed> =>
  fc
    .tuple(path, body ? mutatedFrom(body) : fc.constant(undefined))
    .map(([p, b]) => ({ method, path: p, body: b }));

/** Each endpoint, with the method and the kind of body it takes (then taken apart). */
const aimedRequest: fc.Arbitrary<Aimed> = fc.oneof(
  aimed('GET', v2(fc.constant('models'))),
  aimed('GET', v2(modelPath)),
  aimed('POST', v2(modelPath.map((path) => `${path}/outputs`)), bodies.predict),
  aimed('POST', v2(modelPath.map((path) => `${path}/feedback`)), bodies.modelFeedback),
  aimed('POST', v2(fc.constant('searches')), bodies.legacySearch),
  aimed('POST', v2(fc.constant('searches/feedback')), bodies.searchFeedback),
  aimed('GET', v2(fc.constant('inputs'))),
  aimed('GET', v2(segment.map((id) => `inputs/${id}`))),
  aimed('POST', v2(fc.constant('inputs')), bodies.inputs),
  aimed('POST', v2(fc.constantFrom('inputs/searches', 'annotations/searches')), bodies.searches),
  aimed('POST', v2(fc.constant('annotations')), bodies.modelFeedback),
  aimed('POST', v2(fc.constant('annotations')), bodies.annotations),
  aimed('PATCH', v2(fc.constant('annotations')), bodies.annotations),
  aimed('GET', v2(fc.constant('annotations'))),
  aimed('DELETE', v2(fc.tuple(segment, segment).map(([input, id]) => `inputs/${input}/annotations/${id}`))),
  aimed(
    'GET',
    fc
      .tuple(
        fc.constantFrom(
          '/_loupe/feedback',
          '/_loupe/aggregates',
          '/_loupe/faults',
          '/_loupe/annotations',
          '/_loupe/platform-inputs',
        ),
        query,
      )
      .map(([p, q]) => p + q),
  ),
  aimed('POST', fc.constant('/_loupe/faults'), bodies.faults),
);

/** Anything else: any method, any path, any body. */
const wildRequest: fc.Arbitrary<Aimed> = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path: fc.oneof(
    v2(fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('/'))),
    fc.tuple(modelPath, segment).map(([path, action]) => `/v2/${path}/${action}`),
    fc.constantFrom(
      '/',
      '/v2',
      '/v2/',
      '/v1/models',
      '/v2//models',
      '/v2/users/u/apps',
      '/%',
      '/_loupe/other',
      '/v2/models/',
    ),
  ),
  body: fc.oneof(anyJson, mutatedFrom(fc.oneof(...Object.values(bodies)))),
});

const encodedBody = (request: Aimed): fc.Arbitrary<Buffer | undefined> =>
  fc.oneof(
    {
      weight: 12,
      arbitrary: fc.constant(
        request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body)),
      ),
    },
    { weight: 1, arbitrary: fc.string().map((text) => Buffer.from(text)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

const requestArbitrary = fc
  .oneof({ weight: 4, arbitrary: aimedRequest }, { weight: 1, arbitrary: wildRequest })
  .chain((request) =>
    encodedBody(request).map((body) => ({ method: request.method, path: request.path, body })),
  );

const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 80,
});
const headersArbitrary = fc.record(
  {
    authorization: fc.oneof(
      { weight: 12, arbitrary: fc.constant(`Key ${key}`) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('Key wrong-key-123456', `Bearer ${key}`, 'Key', 'Key  ', '', `key ${key}`),
      },
      { weight: 1, arbitrary: headerText },
    ),
    'content-type': fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
    'x-loupe-request-id': fc.oneof(fc.uuid(), headerText),
    'x-anything': headerText,
  },
  { requiredKeys: ['authorization'] },
);

/**
 * Deep and huge JSON (issue 13 F1): one request nested thousands of levels crashed the server,
 * and the stored row crashed it again on every listing. Text, not objects, so any depth can be
 * sent: a whole deep body, deep JSON put into a valid body at one of its fields, a body of
 * millions of values, a long key, a lone surrogate.
 */
const deepText = (depth: number, array: boolean) =>
  array ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const hostileJson = fc.oneof(
  fc
    .tuple(fc.integer({ min: 33, max: 20_000 }), fc.boolean())
    .map(([depth, array]) => deepText(depth, array)),
  fc.constant(`[${'0,'.repeat(2_000_001)}0]`),
  fc.constant(`{"${'k'.repeat(70_000)}":1}`),
  fc.constant('"\\ud800"'),
);
const placedHostile = (request: Aimed): fc.Arbitrary<string> =>
  fc.tuple(hostileJson, fc.nat()).map(([hostile, at]) => {
    if (request.body === undefined || at % 3 === 0) return hostile;
    // Put it at one of the valid body's fields: where a free-form value would go.
    const marker = '"__hostile__"';
    const paths = pathsOf(request.body).filter((path) => path.length > 0);
    const path = paths[at % paths.length];
    if (!path) return hostile;
    const root = structuredClone(request.body) as Record<string | number, Json>;
    let parent = root;
    for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, Json>;
    parent[path.at(-1)!] = '__hostile__';
    return JSON.stringify(root).replace(marker, hostile);
  });

describe('loupe serve under arbitrary requests', () => {
  it(`answers ${runs} arbitrary requests on every endpoint with a Clarifai status, never a server error`, async () => {
    const byStatus: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(requestArbitrary, headersArbitrary, async ({ method, path, body }, headers) => {
        const reply = await send(
          method,
          path,
          headers,
          method === 'GET' || method === 'HEAD' ? undefined : body,
        );
        byStatus[reply.status] = (byStatus[reply.status] ?? 0) + 1;
        const seen = `${method} ${path} → ${reply.status} ${reply.body.slice(0, 300)}`;
        expect(reply.status, seen).toBeGreaterThanOrEqual(200);
        expect(reply.status, seen).toBeLessThan(500);
        if (method === 'HEAD') return;
        expect(reply.contentType, seen).toBe('application/json');
        const json = JSON.parse(reply.body) as { status?: { code?: unknown; description?: unknown } };
        if (!path.startsWith('/_loupe/') || reply.status >= 400) {
          // A number (v2), or its enum name (the platform paths answer names); either one the table knows.
          expect(statusCodeNumber(json.status?.code as number | string | undefined), seen).toBeTypeOf(
            'number',
          );
          expect(typeof json.status?.description, seen).toBe('string');
        }
      }),
      { numRuns: runs },
    );
    // Still serving, still well: a plain request answers, and nothing was logged as a failure.
    const after = await send('GET', '/v2/models', { authorization: `Key ${key}` }, undefined);
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body)).toMatchObject({ status: { code: 10000 } });
    expect(serve.exitCode).toBeNull();
    expect(problems).toEqual([]);
    recordFigures('localApiFuzz', {
      requests: runs,
      ...Object.fromEntries(Object.entries(byStatus).map(([status, n]) => [`http${status}`, n])),
    });
  }, 1_800_000);

  it(`answers deep and huge JSON on every endpoint with a 4xx Clarifai status, and keeps serving`, async () => {
    const hostileRuns = size(120, 5_000);
    const byStatus: Record<string, number> = {};
    const hostileRequest = aimedRequest
      .filter((request) => request.method === 'POST')
      .chain((request) => placedHostile(request).map((body) => ({ ...request, body })));
    await fc.assert(
      fc.asyncProperty(hostileRequest, async ({ method, path, body }) => {
        const reply = await send(method, path, { authorization: `Key ${key}` }, Buffer.from(body));
        byStatus[reply.status] = (byStatus[reply.status] ?? 0) + 1;
        const seen = `${method} ${path} → ${reply.status} ${reply.body.slice(0, 300)}`;
        expect(reply.status, seen).toBeGreaterThanOrEqual(200);
        expect(reply.status, seen).toBeLessThan(500);
        const json = JSON.parse(reply.body) as { status?: { code?: unknown } };
        // v2 answers a number, the platform paths the code's name: either must be a known code.
        if (reply.status >= 400)
          expect(statusCodeNumber(json.status?.code as number | string | undefined), seen).toBeTypeOf(
            'number',
          );
      }),
      { numRuns: hostileRuns },
    );
    // What was stored is still listed (the stored deep row was the crash that persisted).
    const listed = await send('GET', '/v2/inputs?per_page=1000', { authorization: `Key ${key}` }, undefined);
    expect(listed.status).toBe(200);
    const feedback = await send('GET', '/_loupe/feedback', { authorization: `Key ${key}` }, undefined);
    expect(feedback.status).toBe(200);
    expect(serve.exitCode).toBeNull();
    expect(problems).toEqual([]);
    recordFigures('localApiDeepJsonFuzz', {
      requests: hostileRuns,
      ...Object.fromEntries(Object.entries(byStatus).map(([status, n]) => [`http${status}`, n])),
    });
  }, 1_800_000);
});
