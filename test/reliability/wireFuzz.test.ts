import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClarifaiClient } from '../../electron/main/clarifai/clarifaiClient.ts';
import { ClarifaiError } from '../../electron/main/clarifai/ClarifaiError.ts';
import { Workspace } from '../../electron/main/workspace/workspace.ts';
import { multiAnnotationResponseSchema } from '../../shared/clarifai/platform/platformResponses.ts';
import { modelFeedbackRequestSchema, searchFeedbackRequestSchema } from '../../shared/clarifai/feedback.ts';
import {
  buildModelFeedbackRequest,
  type FeedbackRequestOptions,
} from '../../shared/clarifai/feedbackRequest.ts';
import { getInputResponseSchema, inputsResponseSchema } from '../../shared/clarifai/inputs.ts';
import { getModelResponseSchema, listModelsResponseSchema } from '../../shared/clarifai/models.ts';
import { predictResponseSchema } from '../../shared/clarifai/predict.ts';
import {
  legacySearchResponseSchema,
  searchesResponseSchema,
  searchIdOf,
} from '../../shared/clarifai/search.ts';
import { buildSearchFeedbackRequest } from '../../shared/clarifai/searchFeedbackRequest.ts';
import { statusResponseSchema } from '../../shared/clarifai/status.ts';
import { reviewStateSchema, type ReviewState } from '../../shared/review.ts';
import {
  applyReviewOp,
  applyReviewPatch,
  ReviewOpError,
  reviewOpSchema,
  type ReviewOp,
} from '../../shared/reviewOps.ts';
import { boxArbitrary, reviewStateArbitrary } from '../support/reviewStateArbitrary.ts';
import { size } from '../support/soak.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { recordFigures } from './figures.ts';

/**
 * Property and fuzz tests of the wire boundary, both ways: arbitrary reviews and edits through
 * the feedback builder (always a request the strict schema and so the server accepts), and
 * arbitrary answers through the response schemas, what the app does with what they accept, and
 * the Clarifai client itself (always a value or a ClarifaiError, never the key).
 */

const cases = {
  builder: size(1_500, 100_000),
  edits: size(400, 100_000),
  responses: size(1_500, 100_000),
  client: size(1_200, 100_000),
};
const counted: Record<string, number> = {};
afterAll(() => recordFigures('wireFuzz', { ...cases, ...counted }));

const count = (name: string) => (counted[name] = (counted[name] ?? 0) + 1);
const wire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const optionsArbitrary: fc.Arbitrary<FeedbackRequestOptions> = fc.record(
  {
    endUserId: fc.string(),
    sessionId: fc.string(),
    conceptValueEncoding: fc.constantFrom('boolean', 'number'),
    include: fc.constantFrom('reviewed', 'all'),
    regionConceptShape: fc.constantFrom('flat', 'face'),
  },
  { requiredKeys: ['conceptValueEncoding'] },
);

describe('arbitrary reviews through the feedback builder', () => {
  it(`${cases.builder} reviews: always one request the strict schema accepts, unsure never sent`, () => {
    fc.assert(
      fc.property(reviewStateArbitrary, optionsArbitrary, (review, options) => {
        const body = wire(buildModelFeedbackRequest(review, options));
        const parsed = modelFeedbackRequestSchema.safeParse(body);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
        const judged = new Set(
          review.imageConcepts
            .filter((concept) => concept.judgement !== 'unsure')
            .map((concept) => concept.id),
        );
        for (const concept of parsed.data?.input.data?.concepts ?? []) expect(judged).toContain(concept.id);
        count('builderRequests');
      }),
      { numRuns: cases.builder },
    );
  }, 600_000);

  const opArbitrary = (keys: readonly string[]): fc.Arbitrary<ReviewOp> => {
    const key =
      keys.length > 0
        ? fc.oneof(fc.constantFrom(...keys), fc.string({ minLength: 1 }))
        : fc.string({ minLength: 1 });
    const keyList = fc.array(key, { minLength: 1, maxLength: 3 });
    return fc.oneof(
      keyList.map((list): ReviewOp => ({ type: 'confirm', keys: list })),
      keyList.map((list): ReviewOp => ({ type: 'unconfirm', keys: list })),
      fc.tuple(key, boxArbitrary).map(([region, box]): ReviewOp => ({ type: 'setBox', key: region, box })),
      key.map((region): ReviewOp => ({ type: 'resetBox', key: region })),
      keyList.map((list): ReviewOp => ({ type: 'remove', keys: list })),
      keyList.map((list): ReviewOp => ({ type: 'restore', keys: list })),
      fc
        .tuple(key, boxArbitrary)
        .map(([region, box]): ReviewOp => ({ type: 'addRegion', key: region, box, concepts: [] })),
      fc
        .record({
          target: fc.oneof(
            fc.constant('image' as const),
            key.map((region) => ({ region })),
          ),
          concept: fc.record({ id: fc.string({ minLength: 1 }), name: fc.string() }),
          judgement: fc.constantFrom('true', 'false', 'unsure'),
        } as const)
        .map((fields): ReviewOp => ({ type: 'setConcept', ...fields })),
    );
  };

  it(`${cases.edits} edit sequences: each op applies or is refused, undoes exactly, and the result still builds valid feedback`, () => {
    fc.assert(
      fc.property(
        // Region keys are unique within a review (the model's ids, or generated): an edit
        // addresses one region.
        reviewStateArbitrary
          .filter((state) => new Set(state.regions.map((region) => region.key)).size === state.regions.length)
          .chain((state) =>
            fc.tuple(
              fc.constant(state),
              fc.array(opArbitrary(state.regions.map((region) => region.key)), { maxLength: 8 }),
            ),
          ),
        optionsArbitrary,
        ([start, ops], options) => {
          let state: ReviewState = start;
          for (const op of ops) {
            expect(reviewOpSchema.safeParse(op).success).toBe(true);
            let applied;
            try {
              applied = applyReviewOp(state, op);
            } catch (error) {
              expect(error).toBeInstanceOf(ReviewOpError);
              count('editsRefused');
              continue;
            }
            expect(reviewStateSchema.safeParse(applied.state).success).toBe(true);
            expect(applyReviewPatch(applied.state, applied.backward)).toEqual(state);
            expect(applyReviewPatch(state, applied.forward)).toEqual(applied.state);
            state = applied.state;
            count('editsApplied');
          }
          expect(
            modelFeedbackRequestSchema.safeParse(wire(buildModelFeedbackRequest(state, options))).success,
          ).toBe(true);
        },
      ),
      { numRuns: cases.edits },
    );
  }, 600_000);
});

// ---------------------------------------------------------------------------------------------
// Arbitrary answers

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const fixturesDir = new URL('../fixtures/clarifai/', import.meta.url);
const fixtures = Object.fromEntries(
  readdirSync(fixturesDir)
    .filter((name) => name.endsWith('.response.json'))
    .map((name) => [name, JSON.parse(readFileSync(new URL(name, fixturesDir), 'utf8')) as Json]),
);
const fixtureNames = Object.keys(fixtures);

const key = 'wire-fuzz-key-0123456789abcdef';
/** Values that have broken parsers before: empty ids, generated-looking ids, the key echoed. */
const tricky = fc.constantFrom<Json>(
  '',
  ' ',
  'region-0',
  'region-1',
  key,
  `bad key ${key}`,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  null,
  true,
  [],
  {},
  '10000',
  10000,
  10010,
  'CONN_THROTTLED',
  11005,
  'x'.repeat(5_000),
);
const anyJson: fc.Arbitrary<Json> = fc.oneof(fc.jsonValue() as fc.Arbitrary<Json>, tricky);

function pathsOf(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...prefix, index], out));
  else if (value !== null && typeof value === 'object')
    for (const [name, item] of Object.entries(value)) pathsOf(item, [...prefix, name], out);
  return out;
}

interface Mutation {
  at: number;
  /** `id`: the value of some `id` field, which the app keys reviews, regions and hits on. */
  kind: 'replace' | 'delete' | 'duplicate' | 'id';
  value: Json;
}

/** A valid answer with a few of its parts replaced, removed or repeated. */
function mutate(original: Json, mutations: readonly Mutation[]): Json {
  let root = structuredClone(original);
  for (const mutation of mutations) {
    let paths = pathsOf(root);
    if (mutation.kind === 'id') paths = paths.filter((path) => path.at(-1) === 'id');
    if (paths.length === 0) continue;
    const path = paths[mutation.at % paths.length]!;
    if (path.length === 0) {
      if (mutation.kind === 'replace') root = mutation.value;
      continue;
    }
    let parent = root as Record<string | number, Json>;
    for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, Json>;
    const last = path.at(-1)!;
    if (mutation.kind === 'replace') parent[last] = mutation.value;
    else if (mutation.kind === 'id') {
      if (mutation.value === null) delete parent[last];
      else parent[last] = mutation.value;
    } else if (Array.isArray(parent) && typeof last === 'number') {
      if (mutation.kind === 'delete') parent.splice(last, 1);
      else parent.push(structuredClone(parent[last]));
    } else if (mutation.kind === 'delete') delete parent[last];
  }
  return root;
}

const idValue = fc.constantFrom<Json>('', ' ', 'region-0', 'region-1', 'region-2', 'same-id', null);
const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ at: fc.nat(), kind: fc.constantFrom('replace', 'delete', 'duplicate'), value: anyJson }),
  fc.record({ at: fc.nat(), kind: fc.constant('id'), value: idValue }),
);
const mutatedFixture = (names: readonly string[]): fc.Arbitrary<Json> =>
  fc
    .tuple(fc.constantFrom(...names), fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 }))
    .map(([name, mutations]) => mutate(fixtures[name]!, mutations));
const answerJson = fc.oneof(
  { weight: 1, arbitrary: anyJson },
  { weight: 4, arbitrary: mutatedFixture(fixtureNames) },
);

const temp = makeTempDir('loupe-wire-fuzz-');
let workspace: Workspace;
let imageId: number;
beforeAll(() => {
  workspace = new Workspace(join(temp.dir, 'workspace.sqlite'));
  imageId = workspace.images.add({
    source: '/photos/fuzz.jpg',
    sourceKind: 'file',
    contentHash: 'fuzz',
    byteSize: 1,
    width: 100,
    height: 100,
    format: 'jpeg',
    error: null,
  }).image.id;
});
afterAll(() => {
  workspace.close();
  temp.cleanup();
});

describe('arbitrary answers through the response schemas and what the app does with them', () => {
  const schemas = [
    statusResponseSchema,
    predictResponseSchema,
    getModelResponseSchema,
    listModelsResponseSchema,
    legacySearchResponseSchema,
    searchesResponseSchema,
    inputsResponseSchema,
    getInputResponseSchema,
    multiAnnotationResponseSchema,
  ];

  it(`${cases.responses} answers: every schema parses or refuses; accepted predictions record and review; accepted hits open`, () => {
    let model = 0;
    fc.assert(
      fc.property(answerJson, (json) => {
        for (const schema of schemas) expect(typeof schema.safeParse(json).success).toBe('boolean');

        const predicted = predictResponseSchema.safeParse(json);
        for (const output of predicted.success ? predicted.data.outputs : []) {
          // What PredictRunner does with each output of an answer the client accepted.
          const prediction = workspace.predictions.record(imageId, `model-${model++}`, output);
          if (prediction.statusCode === 10000) {
            const review = workspace.reviews.get(prediction.id);
            const keys = review.state.regions.map((region) => region.key);
            expect(new Set(keys).size, `region keys ${JSON.stringify(keys)}`).toBe(keys.length);
            const body = wire(
              buildModelFeedbackRequest(review.state, { conceptValueEncoding: 'boolean', include: 'all' }),
            );
            expect(modelFeedbackRequestSchema.safeParse(body).success).toBe(true);
            count('predictOutputsReviewed');
          }
          workspace.db.prepare('DELETE FROM predictions WHERE id = ?').run(prediction.id);
        }

        const search = legacySearchResponseSchema.safeParse(json);
        for (const hit of search.success ? search.data.hits : []) {
          // What opening the hit queues, and what the sender validates before it goes.
          const body = buildSearchFeedbackRequest({ searchId: search.data!.id, inputId: hit.input.id });
          expect(searchFeedbackRequestSchema.safeParse(body).success, JSON.stringify(body)).toBe(true);
          count('searchHitsOpened');
        }
        const searches = searchesResponseSchema.safeParse(json);
        if (searches.success) expect(['string', 'undefined']).toContain(typeof searchIdOf(searches.data));
        count('answers');
      }),
      {
        numRuns: cases.responses,
        // Known shapes worth trying every time: a generated-looking region id next to a region
        // without one, and a hit whose input id is empty.
        examples: [
          [
            {
              status: { code: 10000 },
              outputs: [
                {
                  id: 'output-1',
                  status: { code: 10000 },
                  input: { id: 'input-1' },
                  data: {
                    regions: [
                      {
                        id: 'region-1',
                        region_info: {
                          bounding_box: { top_row: 0.1, left_col: 0.1, bottom_row: 0.5, right_col: 0.5 },
                        },
                      },
                      {
                        region_info: {
                          bounding_box: { top_row: 0.2, left_col: 0.2, bottom_row: 0.6, right_col: 0.6 },
                        },
                      },
                    ],
                  },
                },
              ],
            },
          ],
          [{ status: { code: 10000 }, id: 'search-1', hits: [{ score: 0.9, input: { id: '' } }] }],
        ],
      },
    );
    // Not vacuous: many mutated answers are still accepted and go all the way through.
    expect(counted['predictOutputsReviewed']).toBeGreaterThan(cases.responses / 20);
  }, 600_000);
});

describe('hostile ids from a model, through the journal', () => {
  it('regions whose ids are names of Object.prototype members are edited, undone and redone like any other', () => {
    const ids = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    const prediction = workspace.predictions.record(imageId, 'prototype-ids', {
      id: 'prototype-output',
      status: { code: 10000 },
      input: { id: 'prototype-input' },
      data: {
        regions: ids.map((id, index) => ({
          id,
          region_info: {
            bounding_box: {
              top_row: 0.1 * index,
              left_col: 0.1,
              bottom_row: 0.1 * index + 0.1,
              right_col: 0.5,
            },
          },
        })),
      },
    });
    const before = workspace.reviews.get(prediction.id).state;
    // The model's ids are kept (and sent back); keys unsafe in a record are replaced by generated ones.
    expect(before.regions.map((region) => region.regionId)).toEqual(ids);
    const keys = before.regions.map((region) => region.key);
    expect(new Set(keys).size).toBe(ids.length);
    for (const key of keys) workspace.reviews.apply(prediction.id, { type: 'remove', keys: [key] }, 'fuzz');
    const removed = workspace.reviews.get(prediction.id).state;
    expect(removed.regions.every((region) => region.removed)).toBe(true);
    ids.forEach(() => workspace.reviews.undo(prediction.id));
    expect(workspace.reviews.get(prediction.id).state).toEqual(before);
    ids.forEach(() => workspace.reviews.redo(prediction.id));
    expect(workspace.reviews.get(prediction.id).state).toEqual(removed);
  });
});

// ---------------------------------------------------------------------------------------------
// The client against arbitrary HTTP answers

interface Answer {
  kind: 'answer' | 'network' | 'timeout' | 'broken body';
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What a header can carry: visible ASCII and spaces. */
const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
});
const retryAfterArbitrary = fc.oneof(
  fc.nat({ max: 100_000 }).map(String),
  fc.date({ noInvalidDate: true }).map((date) => date.toUTCString()),
  headerText,
  fc.constantFrom('-1', '1.5', '', ' 3 ', 'Wed, 21 Oct 2015 07:28:00 GMT', '9'.repeat(400)),
);
const answerArbitrary: fc.Arbitrary<Answer> = fc.record({
  kind: fc.constantFrom(
    'answer',
    'answer',
    'answer',
    'answer',
    'answer',
    'network',
    'timeout',
    'broken body',
  ),
  status: fc.oneof(
    fc.constantFrom(200, 207, 400, 401, 403, 404, 429, 500, 502, 503),
    fc.integer({ min: 200, max: 599 }),
  ),
  headers: fc.record(
    {
      'retry-after': retryAfterArbitrary,
      'content-type': fc.constantFrom('application/json', 'text/html', 'text/plain'),
    },
    { requiredKeys: [] },
  ),
  body: fc.oneof(
    answerJson.map((json) => JSON.stringify(json)),
    fc.string(),
    mutatedFixture(fixtureNames).map((json) => JSON.stringify(json).slice(0, 40)),
  ),
});

const nullBodyStatuses = new Set([204, 205, 304]);

function fakeFetch(answer: Answer): typeof fetch {
  return () => {
    if (answer.kind === 'network') {
      const cause = Object.assign(new Error(`other side closed ${key}`), { code: 'UND_ERR_SOCKET' });
      return Promise.reject(new TypeError('fetch failed', { cause }));
    }
    if (answer.kind === 'timeout') {
      return Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    }
    const body = nullBodyStatuses.has(answer.status)
      ? null
      : answer.kind === 'broken body'
        ? new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode(answer.body.slice(0, 10)));
              controller.error(new TypeError('terminated'));
            },
          })
        : answer.body;
    return Promise.resolve(new Response(body, { status: answer.status, headers: answer.headers }));
  };
}

type Call = (client: ClarifaiClient) => Promise<unknown>;
const calls: Record<string, Call> = {
  predict: (client) =>
    client.predict({ modelId: 'm' }, [{ data: { image: { url: 'https://example.com/a.jpg' } } }]),
  modelFeedback: (client) =>
    client.modelFeedback(
      { modelId: 'm' },
      { input: { id: 'i', feedback_info: { event_type: 'annotation', output_id: 'o' } } },
      { requestId: 'r' },
    ),
  searchFeedback: (client) =>
    client.searchFeedback({
      input: { id: 'i', feedback_info: { event_type: 'search_click', search_id: 's' } },
    }),
  searchLegacy: (client) =>
    client.searchLegacy({
      query: { ands: [{ output: { data: { concepts: [{ name: 'dog', value: 1 }] } } }] },
    }),
  searchInputs: (client) =>
    client.searchInputs({
      searches: [{ query: { ranks: [{ input: { data: { concepts: [{ name: 'dog' }] } } }] } }],
    }),
  addInputs: (client) => client.addInputs([{ data: { image: { url: 'https://example.com/a.jpg' } } }]),
  getInput: (client) => client.getInput('i'),
  listInputs: (client) => client.listInputs({ page: 1, per_page: 10 }),
  getModel: (client) => client.getModel({ modelId: 'm' }),
  listModels: (client) => client.listModels(),
  addAnnotations: (client) =>
    client.addAnnotations([{ input_id: 'i', data: { concepts: [{ id: 'dog', value: 1 }] } }]),
};

describe('the Clarifai client against arbitrary answers', () => {
  afterEach(() => vi.unstubAllGlobals());

  it(`${cases.client} calls: a value or a ClarifaiError with sane retry facts, and never the key`, async () => {
    const client = new ClarifaiClient({
      baseUrl: 'http://127.0.0.1:9',
      userId: 'u',
      appId: 'a',
      timeoutMs: 1_000,
      getKey: () => key,
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), answerArbitrary, async (name, answer) => {
        vi.stubGlobal('fetch', fakeFetch(answer));
        let error: unknown;
        try {
          await calls[name]!(client);
          count('clientValues');
        } catch (caught) {
          error = caught;
        }
        if (error === undefined) return;
        expect(error).toBeInstanceOf(ClarifaiError);
        const clarifai = error as ClarifaiError;
        expect(clarifai.message).not.toContain(key);
        expect(JSON.stringify({ ...clarifai, message: clarifai.message })).not.toContain(key);
        expect(clarifai.retryable && clarifai.needsPerson).toBe(false);
        if (clarifai.retryAfterMs !== undefined) {
          // The outbox and the prediction jobs store now + this as a date.
          expect(clarifai.retryAfterMs).toBeGreaterThanOrEqual(0);
          expect(Number.isNaN(new Date(Date.now() + clarifai.retryAfterMs).getTime())).toBe(false);
        }
        count('clientErrors');
      }),
      {
        numRuns: cases.client,
        examples: [
          // A Retry-After no date can hold, and a server that echoes the key as its status code.
          [
            'modelFeedback',
            {
              kind: 'answer',
              status: 429,
              headers: { 'retry-after': '9'.repeat(20) },
              body: '{"status":{"code":11005}}',
            },
          ],
          [
            'predict',
            {
              kind: 'answer',
              status: 200,
              headers: {},
              body: JSON.stringify({ status: { code: key, description: 'Ok' } }),
            },
          ],
        ],
      },
    );
  }, 600_000);
});
