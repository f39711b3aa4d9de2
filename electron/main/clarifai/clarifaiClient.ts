import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import type { StrictAnnotationInput } from '../../../shared/clarifai/platform/platformAnnotation.ts';
import {
  multiAnnotationResponseSchema,
  type MultiAnnotationResponse,
} from '../../../shared/clarifai/platform/platformResponses.ts';
import type { WireInput } from '../../../shared/clarifai/data.ts';
import type { ModelFeedbackRequest, SearchFeedbackRequest } from '../../../shared/clarifai/feedback.ts';
import {
  getInputResponseSchema,
  inputsResponseSchema,
  type NewInput,
} from '../../../shared/clarifai/inputs.ts';
import { MAX_INPUTS_PER_CALL } from '../../../shared/clarifai/limits.ts';
import {
  getModelResponseSchema,
  listModelsResponseSchema,
  type WireModel,
} from '../../../shared/clarifai/models.ts';
import {
  annotationsPath,
  annotationsSearchesPath,
  inputsPath,
  inputsSearchesPath,
  modelFeedbackPath,
  modelOutputsPath,
  modelPath,
  modelsPath,
  searchesPath,
  type AppScope,
  type ModelRef,
} from '../../../shared/clarifai/paths.ts';
import {
  predictResponseSchema,
  type OutputConfig,
  type PredictInput,
  type PredictOutput,
  type PredictRequest,
} from '../../../shared/clarifai/predict.ts';
import {
  legacySearchResponseSchema,
  searchesResponseSchema,
  type LegacySearchRequest,
  type LegacySearchResponse,
  type Pagination,
  type SearchesRequest,
  type SearchesResponse,
} from '../../../shared/clarifai/search.ts';
import {
  MIXED_STATUS,
  statusResponseSchema,
  statusSchema,
  SUCCESS,
  type Status,
} from '../../../shared/clarifai/status.ts';
import { statusCodeNumber, statusOutcome } from '../../../shared/clarifai/statusCodes.ts';
import { describeIssues } from '../../../shared/result.ts';
import type { RateLimiter } from '../net/rateLimiter.ts';
import { ClarifaiError } from './ClarifaiError.ts';
import { parseRetryAfter } from './retryAfter.ts';

/**
 * The Clarifai v2 HTTP client of the main side (docs/clarifai-v2.md). One request per call, no
 * retries: the outbox owns retry policy and reads `retryable` / `needsPerson` /
 * `retryAfterMs` off the one error type, `ClarifaiError`.
 *
 * The API key is read through `getKey` on every request and goes into the `Authorization`
 * header only — never into a log line or an error (text the server echoes back is scrubbed).
 */

export interface ClarifaiClientOptions {
  /** e.g. `https://api.clarifai.com` or the embedded local API; a path prefix is kept. */
  baseUrl: string;
  /** The app requests are scoped to (`/v2/users/{u}/apps/{a}/...`); both or neither. */
  userId?: string;
  appId?: string;
  /** Limit for one whole request, answer body included. */
  timeoutMs: number;
  getKey: () => string | undefined;
  /** The endpoint's rate limit, shared by everything that calls it; none: unpaced. */
  limiter?: RateLimiter;
}

export interface CallOptions {
  /** Sent as `X-Loupe-Request-Id`, so a server can recognise a delivery the outbox repeats. */
  requestId?: string;
  /** Cancels the call; the caller's own abort reason is rethrown as is, not as a ClarifaiError. */
  signal?: AbortSignal;
}

/** Predict and add-inputs answer per item: a 207 (10010) is a result, not an error. */
export interface PredictResult {
  /** One per input, in input order, each with its own status. */
  outputs: PredictOutput[];
  /** Some item did not succeed (10010, or 10020 with per-item statuses); read each status. */
  mixed: boolean;
}

export interface AddInputsResult {
  inputs: WireInput[];
  mixed: boolean;
}

export interface WaitForInputsOptions {
  pollMs: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

export const REQUEST_ID_HEADER = 'X-Loupe-Request-Id';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One request and how its answer is read; see `ClarifaiClient.exchange`. */
export interface Exchange<S extends z.ZodType> {
  method: Method;
  path: string;
  body?: unknown;
  schema: S;
  call?: CallOptions | undefined;
  /**
   * For endpoints that answer per item: accept a 10010 / 10020 answer when it carries items, so
   * the caller sees which ones failed instead of one error for all.
   */
  hasItems?: (parsed: z.output<S>) => boolean;
}

export class ClarifaiClient {
  readonly #options: ClarifaiClientOptions;
  readonly #scope: AppScope;

  constructor(options: ClarifaiClientOptions) {
    this.#options = options;
    const scope: AppScope = {};
    if (options.userId !== undefined) scope.userId = options.userId;
    if (options.appId !== undefined) scope.appId = options.appId;
    // Fail early on a half-set scope rather than on the first request.
    searchesPath(scope);
    this.#scope = scope;
  }

  /** Predicts in batches of at most 128 inputs, one after the other; outputs keep input order. */
  async predict(
    model: ModelRef,
    inputs: readonly PredictInput[],
    outputConfig?: OutputConfig,
    call?: CallOptions,
  ): Promise<PredictResult> {
    const result: PredictResult = { outputs: [], mixed: false };
    for (const batch of batches(inputs)) {
      const body: PredictRequest = { inputs: batch };
      if (outputConfig) body.model = { output_info: { output_config: outputConfig } };
      const response = await this.exchange({
        method: 'POST',
        path: modelOutputsPath(this.#modelScope(model)),
        body,
        schema: predictResponseSchema,
        call,
        hasItems: (parsed) => parsed.outputs.length > 0,
      });
      result.outputs.push(...response.outputs);
      result.mixed ||= statusCodeNumber(response.status.code) !== SUCCESS;
    }
    return result;
  }

  /** Concept and region feedback on one output; resolves on 10000 only. */
  async modelFeedback(model: ModelRef, body: ModelFeedbackRequest, call?: CallOptions): Promise<Status> {
    const path = modelFeedbackPath(this.#modelScope(model));
    return (await this.exchange({ method: 'POST', path, body, schema: statusResponseSchema, call })).status;
  }

  /** A search click; resolves on 10000 only. */
  async searchFeedback(body: SearchFeedbackRequest, call?: CallOptions): Promise<Status> {
    const path = searchesPath(this.#scope, 'feedback');
    return (await this.exchange({ method: 'POST', path, body, schema: statusResponseSchema, call })).status;
  }

  /** `POST /v2/searches`: the answer's `id` is the `search_id` for search feedback. */
  searchLegacy(query: LegacySearchRequest, call?: CallOptions): Promise<LegacySearchResponse> {
    const path = searchesPath(this.#scope);
    return this.exchange({ method: 'POST', path, body: query, schema: legacySearchResponseSchema, call });
  }

  /** `POST .../inputs/searches`; see `searchIdOf` for the search id. */
  searchInputs(request: SearchesRequest, call?: CallOptions): Promise<SearchesResponse> {
    const path = inputsSearchesPath(this.#scope);
    return this.exchange({ method: 'POST', path, body: request, schema: searchesResponseSchema, call });
  }

  /** `POST .../annotations/searches`. */
  searchAnnotations(request: SearchesRequest, call?: CallOptions): Promise<SearchesResponse> {
    const path = annotationsSearchesPath(this.#scope);
    return this.exchange({ method: 'POST', path, body: request, schema: searchesResponseSchema, call });
  }

  /** Adds inputs in batches of at most 128; they process asynchronously (see `waitForInputs`). */
  async addInputs(inputs: readonly NewInput[], call?: CallOptions): Promise<AddInputsResult> {
    const result: AddInputsResult = { inputs: [], mixed: false };
    for (const batch of batches(inputs)) {
      const response = await this.exchange({
        method: 'POST',
        path: inputsPath(this.#scope),
        body: { inputs: batch },
        schema: inputsResponseSchema,
        call,
        hasItems: (parsed) => parsed.inputs.length > 0,
      });
      result.inputs.push(...response.inputs);
      result.mixed ||= statusCodeNumber(response.status.code) !== SUCCESS;
    }
    return result;
  }

  async getInput(inputId: string, call?: CallOptions): Promise<WireInput> {
    const path = inputsPath(this.#scope, inputId);
    return (await this.exchange({ method: 'GET', path, schema: getInputResponseSchema, call })).input;
  }

  async listInputs(page: Pagination = {}, call?: CallOptions): Promise<WireInput[]> {
    const path = inputsPath(this.#scope) + pageQuery(page);
    return (await this.exchange({ method: 'GET', path, schema: inputsResponseSchema, call })).inputs;
  }

  /**
   * Polls each input until it is no longer pending (30001/30003) — usually 30000 (ready) or
   * 30002 (failed) — and returns them in the order asked. Throws a `timeout` ClarifaiError when
   * some are still pending after `timeoutMs`.
   */
  async waitForInputs(inputIds: readonly string[], options: WaitForInputsOptions): Promise<WireInput[]> {
    const deadline = Date.now() + options.timeoutMs;
    const settled = new Map<string, WireInput>();
    let pending = [...new Set(inputIds)];
    const call = options.signal ? { signal: options.signal } : undefined;
    for (;;) {
      const stillPending: string[] = [];
      for (const id of pending) {
        const input = await this.getInput(id, call);
        if (statusOutcome(input.status?.code) === 'pending') stillPending.push(id);
        else settled.set(id, input);
      }
      pending = stillPending;
      if (pending.length === 0) return inputIds.flatMap((id) => settled.get(id) ?? []);
      if (Date.now() + options.pollMs > deadline) {
        throw new ClarifaiError({
          kind: 'timeout',
          request: `GET ${inputsPath(this.#scope)}/{id}`,
          reason: `${pending.length} input(s) still processing after ${options.timeoutMs} ms: ${pending.join(', ')}`,
        });
      }
      await sleep(options.pollMs, undefined, call);
    }
  }

  /** The current API's corrections (docs/clarifai-v2.md §5); needs a user/app scope. */
  async addAnnotations(
    annotations: readonly StrictAnnotationInput[],
    call?: CallOptions,
  ): Promise<MultiAnnotationResponse> {
    const path = annotationsPath(this.#scope);
    return this.exchange({
      method: 'POST',
      path,
      body: { annotations },
      schema: multiAnnotationResponseSchema,
      call,
    });
  }

  async getModel(model: ModelRef, call?: CallOptions): Promise<WireModel> {
    const path = modelPath(this.#modelScope(model));
    return (await this.exchange({ method: 'GET', path, schema: getModelResponseSchema, call })).model;
  }

  async listModels(page: Pagination = {}, call?: CallOptions): Promise<WireModel[]> {
    const path = modelsPath(this.#scope) + pageQuery(page);
    return (await this.exchange({ method: 'GET', path, schema: listModelsResponseSchema, call })).models;
  }

  /** A model's own user/app (public models live in clarifai/main) wins over the client's. */
  #modelScope(model: ModelRef): ModelRef {
    return model.userId !== undefined || model.appId !== undefined ? model : { ...model, ...this.#scope };
  }

  /**
   * One request to the endpoint, its answer checked against `schema`; every failure is a
   * ClarifaiError. The platform client (platformClient.ts) makes its calls through this too, so
   * both generations share one key handling, one timeout and one error classification.
   */
  async exchange<S extends z.ZodType>(exchange: Exchange<S>): Promise<z.output<S>> {
    const { method, path, call } = exchange;
    const request = `${method} ${path}`;
    let key: string | undefined;
    try {
      key = this.#options.getKey();
    } catch (error) {
      // The vault could not give the key (cannot decrypt it, no keyring…): a person must act, so
      // the outbox blocks and says why instead of retrying as if the network were down.
      const reason = error instanceof Error ? error.message : String(error);
      throw new ClarifaiError({ kind: 'no_key', request, reason, cause: error });
    }
    if (!key) throw new ClarifaiError({ kind: 'no_key', request });
    const scrub = (text: string) => text.split(key).join('[key]');

    const headers: Record<string, string> = { Authorization: `Key ${key}`, Accept: 'application/json' };
    if (exchange.body !== undefined) headers['Content-Type'] = 'application/json';
    if (call?.requestId) headers[REQUEST_ID_HEADER] = call.requestId;
    try {
      await this.#options.limiter?.acquire(call?.signal);
    } catch (error) {
      throw this.#transportError(error, { request, call, scrub, kind: 'network' });
    }
    // The timeout counts from the request's turn, not from the wait for it.
    const timeout = AbortSignal.timeout(this.#options.timeoutMs);
    const signal = call?.signal ? AbortSignal.any([timeout, call.signal]) : timeout;

    let response: Response;
    let text: string;
    try {
      response = await fetch(this.#options.baseUrl.replace(/\/+$/, '') + path, {
        method,
        headers,
        signal,
        ...(exchange.body === undefined ? {} : { body: JSON.stringify(exchange.body) }),
      });
    } catch (error) {
      throw this.#transportError(error, { request, call, scrub, kind: 'network' });
    }
    try {
      text = await response.text();
    } catch (error) {
      // The headers came, the body did not: cut short (or timed out) in transit.
      throw this.#transportError(error, {
        request,
        call,
        scrub,
        kind: 'invalid_response',
        httpStatus: response.status,
      });
    }

    const httpStatus = response.status;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    // Whatever the server echoes anywhere in its answer — per-item statuses of a batch included,
    // which go into the outbox, the queue screen and the image's error — never carries the key.
    const json = parseJson(scrub(text));
    const status = statusSchema.safeParse(isRecord(json) ? json.status : undefined);
    const statusFacts = status.success
      ? {
          code: typeof status.data.code === 'string' ? scrub(status.data.code) : status.data.code,
          ...(status.data.description ? { description: scrub(status.data.description) } : {}),
          ...(status.data.details ? { details: scrub(status.data.details) } : {}),
        }
      : {};
    const base = { request, httpStatus, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };

    const code = status.success ? statusCodeNumber(status.data.code) : undefined;
    const perItem = code === MIXED_STATUS || code === 10020;
    if (perItem && exchange.hasItems) {
      const parsed = exchange.schema.safeParse(json);
      if (parsed.success && exchange.hasItems(parsed.data)) return parsed.data;
    }

    if (!response.ok) {
      throw new ClarifaiError({
        ...base,
        ...statusFacts,
        kind: 'http',
        ...(status.success
          ? {}
          : { reason: `the answer carries no Clarifai status: ${snippet(scrub(text))}` }),
      });
    }
    if (json === undefined) {
      // A proxy or a half-broken server: the request may or may not have taken effect. Sending it
      // again is safe (feedback carries a request id the server recognises), giving up is not.
      throw new ClarifaiError({
        ...base,
        kind: 'invalid_response',
        retryable: true,
        reason: `not JSON: ${snippet(scrub(text))}`,
      });
    }
    if (!status.success) {
      throw new ClarifaiError({ ...base, kind: 'invalid_response', reason: 'the answer carries no status' });
    }
    if (code !== SUCCESS) {
      // An error code inside a 2xx: e.g. 11005 (throttled) in a 200, which is retryable.
      throw new ClarifaiError({ ...base, ...statusFacts, kind: 'http' });
    }
    const parsed = exchange.schema.safeParse(json);
    if (!parsed.success) {
      throw new ClarifaiError({
        ...base,
        kind: 'invalid_response',
        reason: scrub(describeIssues(parsed.error)),
      });
    }
    return parsed.data;
  }

  #transportError(
    error: unknown,
    context: {
      request: string;
      call: CallOptions | undefined;
      scrub: (text: string) => string;
      kind: 'network' | 'invalid_response';
      httpStatus?: number;
    },
  ): unknown {
    const { request, call, kind, httpStatus } = context;
    // The caller cancelled: not a Clarifai failure, hand back the caller's own reason.
    if (call?.signal?.aborted) return call.signal.reason;
    const withStatus = httpStatus === undefined ? {} : { httpStatus };
    if (error instanceof Error && error.name === 'TimeoutError') {
      const reason = `no complete answer within ${this.#options.timeoutMs} ms`;
      return new ClarifaiError({ kind: 'timeout', request, reason, ...withStatus });
    }
    const cause = context.scrub(causeOf(error));
    const reason = kind === 'network' ? cause : `the answer was cut short (${cause})`;
    // A cut-short answer is worth another try whatever its status said: the transfer broke.
    return new ClarifaiError({ kind, request, reason, retryable: true, ...withStatus });
  }
}

function* batches<T>(items: readonly T[]): Generator<T[]> {
  for (let start = 0; start < items.length; start += MAX_INPUTS_PER_CALL) {
    yield items.slice(start, start + MAX_INPUTS_PER_CALL);
  }
}

function pageQuery(page: Pagination): string {
  const query = new URLSearchParams();
  if (page.page !== undefined) query.set('page', String(page.page));
  if (page.per_page !== undefined) query.set('per_page', String(page.per_page));
  const text = query.toString();
  return text ? `?${text}` : '';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The start of a body, on one line: enough to recognise a proxy's HTML page. */
function snippet(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line === '') return '(empty body)';
  return line.length > 160 ? `"${line.slice(0, 160)}…"` : `"${line}"`;
}

/** undici wraps the socket error: `fetch failed` ← `ECONNRESET` / `other side closed`. */
function causeOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 3; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${current.message} [${code}]` : current.message);
    current = current.cause;
  }
  return parts.length > 0 ? parts.join(': ') : String(error);
}
