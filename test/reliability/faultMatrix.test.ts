import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClarifaiClient } from '../../electron/main/clarifai/clarifaiClient.ts';
import { ClarifaiError } from '../../electron/main/clarifai/ClarifaiError.ts';
import {
  faultConfigSchema,
  faultKinds,
  type FaultConfigInput,
  type FaultKind,
} from '../../electron/localApi/server/faultConfig.ts';
import { FaultInjector } from '../../electron/localApi/server/faultInjector.ts';
import { localApiDatabaseFile } from '../../electron/localApi/server/localApiDatabase.ts';
import { startLocalApi, type LocalApi } from '../../electron/localApi/server/localApiServer.ts';
import { PredictRunner } from '../../electron/main/predict/predictRunner.ts';
import { createFeedbackSender } from '../../electron/main/sync/feedbackSender.ts';
import { SyncEngine, type SyncState } from '../../electron/main/sync/syncEngine.ts';
import { importFiles } from '../../electron/main/workspace/imageImporter.ts';
import { submitReviews } from '../../electron/main/workspace/submitReviews.ts';
import { Workspace } from '../../electron/main/workspace/workspace.ts';
import { cannedModels } from '../integration/localApi/localApiTestServer.ts';
import { size } from '../support/soak.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { recordFigures, type Figures } from './figures.ts';

/**
 * The fault matrix: prediction and sync, driven by the app's own services (PredictRunner,
 * SyncEngine, the Clarifai client), against the embedded local API injecting one fault at a time
 * and then all of them mixed. The server's own records are the judge: every feedback item stored
 * once (by request id) with the body the outbox holds, every image predicted.
 */

const key = 'fault-matrix-key-0123456789abcdef';
const faceModel = 'a403429f2ddf4b49b307e318f00e528b';
/** Long enough for a legitimate 128-image predict under load; a hang costs this much. */
const timeoutMs = 1_500;
/** With these shares, an item needing more attempts than this is a retry bug, not bad luck. */
const maxAttempts = 15;

const temp = makeTempDir('loupe-faults-');
let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi({ dataDir: join(temp.dir, 'server'), key, modelRunner: cannedModels });
});
afterAll(async () => {
  await api.close();
  temp.cleanup();
});

async function inspect<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(api.baseUrl + path, {
    ...init,
    headers: { Authorization: `Key ${key}`, 'Content-Type': 'application/json' },
  });
  if (!response.ok) throw new Error(`${path} answered HTTP ${response.status}`);
  return (await response.json()) as T;
}

interface Decision {
  n: number;
  kind: FaultKind | 'none';
}

/** Follows the server's fault decisions (it keeps the latest 1000) while a phase runs. */
function watchDecisions(): { stop(): Promise<Map<number, Decision['kind']>> } {
  const seen = new Map<number, Decision['kind']>();
  const poll = async () => {
    const { decisions } = await inspect<{ decisions: Decision[] }>('/_loupe/faults');
    for (const decision of decisions) seen.set(decision.n, decision.kind);
  };
  // A missed poll is made up by the next one (decisions carry their number).
  const timer = setInterval(() => void poll().catch(() => undefined), 200);
  return {
    async stop() {
      clearInterval(timer);
      await poll();
      return seen;
    },
  };
}

interface Attempt {
  key: string;
  start: number;
  end: number;
  outcome: string;
  retryAfterMs?: number | undefined;
}

/** The app's client, noting each call and how it ended, so retry timing can be checked. */
class RecordingClient extends ClarifaiClient {
  readonly attempts: Attempt[] = [];

  override predict(...args: Parameters<ClarifaiClient['predict']>) {
    const inputs = createHash('sha1').update(JSON.stringify(args[1])).digest('hex').slice(0, 12);
    return this.#record(`predict ${inputs}`, () => super.predict(...args));
  }

  override modelFeedback(...args: Parameters<ClarifaiClient['modelFeedback']>) {
    return this.#record(args[2]?.requestId ?? '', () => super.modelFeedback(...args));
  }

  override searchFeedback(...args: Parameters<ClarifaiClient['searchFeedback']>) {
    return this.#record(args[1]?.requestId ?? '', () => super.searchFeedback(...args));
  }

  async #record<T>(key: string, work: () => Promise<T>): Promise<T> {
    const start = Date.now();
    try {
      const value = await work();
      this.attempts.push({ key, start, end: Date.now(), outcome: 'ok' });
      return value;
    } catch (error) {
      const outcome =
        error instanceof ClarifaiError
          ? [error.kind, error.httpStatus, error.code].filter((part) => part !== undefined).join(' ')
          : `untyped ${String(error)}`;
      this.attempts.push({
        key,
        start,
        end: Date.now(),
        outcome,
        retryAfterMs: error instanceof ClarifaiError ? error.retryAfterMs : undefined,
      });
      throw error;
    }
  }
}

function clientWith(getKey: () => string): RecordingClient {
  return new RecordingClient({ baseUrl: api.baseUrl, timeoutMs, getKey });
}

/** After an answer with Retry-After, the same request must not go again sooner. */
function retryAfterViolations(attempts: readonly Attempt[]): string[] {
  const violations: string[] = [];
  const byKey = new Map<string, Attempt[]>();
  for (const attempt of attempts) byKey.set(attempt.key, [...(byKey.get(attempt.key) ?? []), attempt]);
  for (const [key, list] of byKey) {
    const ordered = [...list].sort((a, b) => a.start - b.start);
    ordered.slice(1).forEach((next, index) => {
      const previous = ordered[index]!;
      if (previous.retryAfterMs !== undefined && next.start < previous.end + previous.retryAfterMs - 2) {
        violations.push(
          `${key}: retried ${next.start - previous.end} ms after Retry-After ${previous.retryAfterMs} ms`,
        );
      }
    });
  }
  return violations;
}

/** Distinct small PNGs, one colour each, so every image is its own input on the server. */
async function makeImages(folder: string, tag: number, count: number): Promise<string[]> {
  mkdirSync(folder, { recursive: true });
  const hashes: string[] = [];
  for (let i = 0; i < count; i++) {
    const png = await sharp({
      create: {
        width: 16,
        height: 12,
        channels: 3,
        background: { r: (tag * 17) % 256, g: i % 256, b: (i >> 8) * 50 },
      },
    })
      .png()
      .toBuffer();
    writeFileSync(join(folder, `image-${i}.png`), png);
    hashes.push(createHash('sha256').update(png).digest('hex'));
  }
  return hashes;
}

/** A seed whose first decision is `kind` (or any fault), so prediction surely meets it. */
function seedMeetingFirst(config: FaultConfigInput, kind: FaultKind | undefined): number {
  const anyFault = faultKinds.some((candidate) => (config[candidate] ?? 0) > 0);
  if (!anyFault) return 1;
  for (let seed = 1; ; seed++) {
    const first = new FaultInjector(faultConfigSchema.parse({ ...config, seed })).decide().kind;
    if (kind ? first === kind : first !== 'none') return seed;
  }
}

interface StoredFeedback {
  seq: number;
  requestId: string | null;
  body: string;
  flags: string[];
  deliveries: number;
}

async function storedFeedback(): Promise<StoredFeedback[]> {
  const all: StoredFeedback[] = [];
  for (let after = 0; ;) {
    const { feedback } = await inspect<{ feedback: StoredFeedback[] }>(
      `/_loupe/feedback?after=${after}&limit=1000`,
    );
    all.push(...feedback);
    if (feedback.length < 1000) return all;
    after = feedback.at(-1)!.seq;
  }
}

/** How many outputs the server made for these images (a damaged answer is predicted again). */
function serverOutputs(hashes: readonly string[]): number {
  const db = new DatabaseSync(localApiDatabaseFile(join(temp.dir, 'server')), { readOnly: true });
  try {
    const count = db.prepare(
      'SELECT count(*) AS n FROM outputs o JOIN inputs i ON i.id = o.input_id WHERE i.image_sha256 = ?',
    );
    return hashes.reduce((sum, hash) => sum + Number(count.get(hash)?.['n'] ?? 0), 0);
  } finally {
    db.close();
  }
}

const countKinds = (decisions: Iterable<Decision['kind']>) => {
  const counts: Record<string, number> = {};
  for (const kind of decisions) if (kind !== 'none') counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
};

const shares = 0.35;
const matrix: { name: string; kind?: FaultKind; config: FaultConfigInput }[] = [
  { name: 'added latency', config: { latencyMs: 30, latencyJitterMs: 60 } },
  { name: '5xx', kind: 'serverError', config: { serverError: shares } },
  {
    name: '429, Retry-After in seconds',
    kind: 'throttle',
    config: { throttle: shares, retryAfterSeconds: 1 },
  },
  {
    name: '429, Retry-After as an HTTP date',
    kind: 'throttle',
    config: { throttle: shares, retryAfter: 'date', retryAfterSeconds: 1 },
  },
  { name: '11005 inside a 200 body', kind: 'throttleInBody', config: { throttleInBody: shares } },
  { name: 'connection reset', kind: 'reset', config: { reset: shares } },
  { name: 'hang until timeout', kind: 'hang', config: { hang: 0.15 } },
  { name: 'truncated body', kind: 'truncate', config: { truncate: shares } },
  { name: 'HTML error page', kind: 'html', config: { html: shares } },
  { name: 'invalid JSON', kind: 'invalidJson', config: { invalidJson: shares } },
  { name: 'slow drip', kind: 'drip', config: { drip: shares, dripIntervalMs: 5 } },
  {
    name: 'all mixed',
    config: {
      latencyMs: 5,
      latencyJitterMs: 20,
      serverError: 0.03,
      throttle: 0.03,
      throttleInBody: 0.03,
      reset: 0.03,
      hang: 0.02,
      html: 0.03,
      truncate: 0.03,
      invalidJson: 0.03,
      drip: 0.03,
      dripIntervalMs: 5,
      retryAfter: 'date',
      retryAfterSeconds: 1,
    },
  },
];

const images = size(12, 300);
const searches = size(12, 300);
const matrixFigures: Figures = {};

describe('fault matrix: prediction and sync against the embedded local API', () => {
  it.each(matrix.map((entry, index) => ({ ...entry, index })))(
    `$name: ${images} images predicted and ${images + searches} feedback items each stored once, attempts bounded`,
    async ({ name, kind, config, index }) => {
      const started = Date.now();
      const dir = join(temp.dir, `run-${index}`);
      const hashes = await makeImages(join(dir, 'images'), index + 1, images);
      const workspace = new Workspace(join(dir, 'workspace.sqlite'));
      try {
        const imported = await importFiles(workspace, [join(dir, 'images')]);
        expect(imported.added).toHaveLength(images);
        const seed = seedMeetingFirst(config, kind);
        await inspect('/_loupe/faults', { method: 'POST', body: JSON.stringify({ ...config, seed }) });
        const client = clientWith(() => key);

        // Prediction: persisted jobs, retried by the runner until each image has its output.
        let watch = watchDecisions();
        const runner = new PredictRunner({
          workspace,
          getClient: () => Promise.resolve(client),
        });
        runner.enqueue({ modelId: faceModel });
        const predicted = await runner.drain();
        const predictDecisions = await watch.stop();
        const predictAttempts = client.attempts.length;
        expect(runner.blockedBy).toBeUndefined();
        expect(predicted, JSON.stringify(client.attempts.filter((a) => a.outcome !== 'ok'))).toEqual({
          queued: 0,
          done: images,
          failed: 0,
        });
        const predictions = workspace.db
          .prepare('SELECT count(*) AS n FROM predictions WHERE status_code = 10000')
          .get();
        expect(Number(predictions?.['n'])).toBe(images);
        const extraOutputs = serverOutputs(hashes) - images;
        expect(extraOutputs).toBeGreaterThanOrEqual(0);
        const jobAttempts = Number(
          workspace.db.prepare('SELECT max(attempts) AS n FROM jobs').get()?.['n'] ?? 0,
        );
        expect(jobAttempts).toBeLessThanOrEqual(maxAttempts);

        // Sync: the reviews submitted (one request per output) plus search clicks.
        submitReviews(workspace, workspace.reviews.ids(), {
          unreviewed: 'accept',
          reviewer: 'fault-matrix',
          sessionId: `session-${index}`,
          conceptValueEncoding: 'boolean',
          delivery: { kind: 'v2_feedback' },
        });
        for (let i = 0; i < searches; i++) {
          workspace.outbox.enqueueSearchFeedback(null, {
            input: {
              id: `run-${index}-input-${i}`,
              feedback_info: { event_type: 'search_click', search_id: `search-${i % 5}` },
            },
          });
        }
        const queued = workspace.outbox.list({ limit: 10_000 });
        expect(queued).toHaveLength(images + searches);
        const states = new Set<SyncState>();
        const engine = new SyncEngine({
          outbox: workspace.outbox,
          send: createFeedbackSender(() => Promise.resolve(client)),
          concurrency: 4,
          backoff: { baseMs: 25, capMs: 1_000 },
          onStatus: (status) => states.add(status.state),
        });
        watch = watchDecisions();
        const synced = await engine.drain();
        const syncDecisions = await watch.stop();
        expect(synced).toMatchObject({ state: 'idle', pending: 0, failed: 0, delivered: images + searches });

        // The server's count: each queued request id stored exactly once, with the queued body,
        // and every model feedback names an output the server really made.
        const ours = new Map(queued.map((item) => [item.requestId, item]));
        const stored = (await storedFeedback()).filter((row) => row.requestId && ours.has(row.requestId));
        expect(stored).toHaveLength(ours.size);
        expect(new Set(stored.map((row) => row.requestId)).size).toBe(ours.size);
        for (const row of stored) {
          expect(JSON.parse(row.body)).toEqual(ours.get(row.requestId!)!.body);
          expect(row.flags).not.toContain('unknown_output');
        }
        const outboxAttempts = Math.max(
          ...workspace.outbox.list({ limit: 10_000 }).map((item) => item.attempts),
        );
        expect(outboxAttempts).toBeLessThanOrEqual(maxAttempts);

        const attempts = client.attempts;
        expect(attempts.filter((attempt) => attempt.outcome.startsWith('untyped'))).toEqual([]);
        expect(retryAfterViolations(attempts)).toEqual([]);
        const phase = (decisions: Map<number, Decision['kind']>, from: number, to: number) =>
          countKinds([...decisions].filter(([n]) => n > from && n <= to).map(([, decided]) => decided));
        const predictFaults = phase(predictDecisions, 0, predictAttempts);
        const syncFaults = phase(syncDecisions, predictAttempts, Infinity);
        if (kind) {
          expect(predictFaults[kind] ?? 0).toBeGreaterThan(0);
          expect(syncFaults[kind] ?? 0).toBeGreaterThan(0);
        }
        if (kind === 'throttle') {
          const throttled = attempts.filter((attempt) => attempt.outcome === 'http 429 11005');
          expect(throttled.length).toBeGreaterThan(0);
          for (const attempt of throttled) expect(attempt.retryAfterMs).toBeGreaterThan(0);
        }
        matrixFigures[name] = {
          predictRequests: predictAttempts,
          predictFaults: Object.values(predictFaults).reduce((a, b) => a + b, 0),
          syncRequests: attempts.length - predictAttempts,
          syncFaults: Object.values(syncFaults).reduce((a, b) => a + b, 0),
          maxAttempts: Math.max(jobAttempts, outboxAttempts),
          resentAndRecognised: stored.reduce((sum, row) => sum + row.deliveries - 1, 0),
          extraServerOutputs: extraOutputs,
          circuitOpened: states.has('offline') ? 'yes' : 'no',
          seconds: Math.round((Date.now() - started) / 100) / 10,
        };
      } finally {
        await inspect('/_loupe/faults', { method: 'POST', body: '{}' });
        workspace.close();
      }
    },
    180_000,
  );

  it('a 401 pauses sync and prediction until a person acts, and both resume once the key is fixed', async () => {
    const dir = join(temp.dir, 'bad-key');
    await makeImages(join(dir, 'images'), 200, 6);
    const workspace = new Workspace(join(dir, 'workspace.sqlite'));
    try {
      await importFiles(workspace, [join(dir, 'images')]);
      let currentKey = 'not-the-key-0123456789';
      const client = clientWith(() => currentKey);

      const runner = new PredictRunner({
        workspace,
        getClient: () => Promise.resolve(client),
      });
      runner.enqueue({ modelId: faceModel });
      expect(await runner.drain()).toEqual({ queued: 6, done: 0, failed: 0 });
      expect(runner.blockedBy).toMatch(/401.*11009/);
      expect(client.attempts).toHaveLength(1);

      for (let i = 0; i < 20; i++) {
        workspace.outbox.enqueueSearchFeedback(null, {
          input: { id: `bad-key-input-${i}`, feedback_info: { event_type: 'search_click', search_id: 's' } },
        });
      }
      const states: SyncState[] = [];
      const engine = new SyncEngine({
        outbox: workspace.outbox,
        send: createFeedbackSender(() => Promise.resolve(client)),
        concurrency: 4,
        backoff: { baseMs: 25, capMs: 1_000 },
        onStatus: (status) => states.push(status.state),
      });
      engine.start();
      await until(() => engine.status().state === 'blocked' && engine.status().inFlight === 0);
      const refusedCalls = client.attempts.length - 1;
      // Only what was already in flight when the first 401 came back was sent at all.
      expect(refusedCalls).toBeGreaterThan(0);
      expect(refusedCalls).toBeLessThanOrEqual(4);
      expect(engine.status()).toMatchObject({ state: 'blocked', pending: 20, delivered: 0 });
      expect(engine.status().lastError).toMatchObject({ httpStatus: 401, code: 11009, needsPerson: true });

      // Fixing the key is not enough on its own: nothing is sent until a person resumes.
      await sleep(1_000);
      currentKey = key;
      await sleep(500);
      expect(client.attempts.length - 1).toBe(refusedCalls);
      expect(engine.status().state).toBe('blocked');

      engine.resume();
      await until(() => engine.status().pending === 0 && engine.status().inFlight === 0);
      expect(engine.status()).toMatchObject({ state: 'idle', delivered: 20, failed: 0 });
      await engine.stop();
      runner.resume();
      expect(await runner.drain()).toEqual({ queued: 0, done: 6, failed: 0 });

      const ids = new Set(workspace.outbox.list().map((item) => item.requestId));
      const stored = (await storedFeedback()).filter((row) => row.requestId && ids.has(row.requestId));
      expect(stored).toHaveLength(20);
      matrixFigures['401 until a person acts'] = {
        requestsWhileBlocked: 0,
        refusedBeforeBlocking: refusedCalls,
        deliveredAfterResume: stored.length,
      };
    } finally {
      workspace.close();
    }
  }, 60_000);

  it('repeated failures open the circuit: only spaced probes go out, and it closes by itself', async () => {
    const dir = join(temp.dir, 'circuit');
    const workspace = new Workspace(join(dir, 'workspace.sqlite'));
    try {
      for (let i = 0; i < 30; i++) {
        workspace.outbox.enqueueSearchFeedback(null, {
          input: { id: `circuit-input-${i}`, feedback_info: { event_type: 'search_click', search_id: 's' } },
        });
      }
      await inspect('/_loupe/faults', { method: 'POST', body: JSON.stringify({ serverError: 1, seed: 1 }) });
      const client = clientWith(() => key);
      const states = new Set<SyncState>();
      const engine = new SyncEngine({
        outbox: workspace.outbox,
        send: createFeedbackSender(() => Promise.resolve(client)),
        concurrency: 4,
        backoff: { baseMs: 25, capMs: 1_000 },
        onStatus: (status) => states.add(status.state),
      });
      engine.start();
      await sleep(2_000);
      const duringOutage = client.attempts.length;
      expect(states).toContain('offline');
      // Without the circuit, 30 items retried on a 25 ms backoff would make hundreds of requests.
      expect(duringOutage).toBeLessThan(30);
      await inspect('/_loupe/faults', { method: 'POST', body: '{}' });
      await until(() => engine.status().pending === 0 && engine.status().inFlight === 0, 15_000);
      expect(engine.status()).toMatchObject({ state: 'idle', delivered: 30, failed: 0 });
      await engine.stop();
      matrixFigures['circuit on repeated 5xx'] = { requestsIn2sOutage: duringOutage, delivered: 30 };
    } finally {
      await inspect('/_loupe/faults', { method: 'POST', body: '{}' });
      workspace.close();
    }
  }, 60_000);

  it('a prediction batch that failed is retried as one batch, not image by image', async () => {
    const dir = join(temp.dir, 'batch-retry');
    await makeImages(join(dir, 'images'), 202, 40);
    const workspace = new Workspace(join(dir, 'workspace.sqlite'));
    try {
      await importFiles(workspace, [join(dir, 'images')]);
      const client = clientWith(() => key);
      const runner = new PredictRunner({
        workspace,
        getClient: () => Promise.resolve(client),
      });
      runner.enqueue({ modelId: faceModel });
      await inspect('/_loupe/faults', { method: 'POST', body: JSON.stringify({ serverError: 1, seed: 1 }) });
      expect(await runner.drain({ once: true })).toEqual({ queued: 40, done: 0, failed: 0 });
      await inspect('/_loupe/faults', { method: 'POST', body: '{}' });
      expect(await runner.drain()).toEqual({ queued: 0, done: 40, failed: 0 });
      // Against a rate-limited API, 40 single-image retries cost 40 times the quota of one.
      const outcomes = client.attempts.map((attempt) => attempt.outcome);
      expect(outcomes).toHaveLength(2);
      expect(outcomes[0]).toMatch(/^http 50[03]/);
      expect(outcomes[1]).toBe('ok');
    } finally {
      await inspect('/_loupe/faults', { method: 'POST', body: '{}' });
      workspace.close();
    }
  });

  it('a Retry-After larger than any date can hold stops neither sync nor prediction', async () => {
    // One header from a broken or hostile endpoint must not end the app's background loops.
    let hits = 0;
    const hostile = createServer((request, response) => {
      hits += 1;
      request.resume();
      request.on('end', () => {
        response.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '9'.repeat(20) });
        response.end(JSON.stringify({ status: { code: 11005, description: 'Making too many requests' } }));
      });
    });
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    const dir = join(temp.dir, 'retry-after-overflow');
    await makeImages(join(dir, 'images'), 201, 1);
    const workspace = new Workspace(join(dir, 'workspace.sqlite'));
    try {
      await importFiles(workspace, [join(dir, 'images')]);
      workspace.outbox.enqueueSearchFeedback(null, {
        input: { id: 'overflow-input', feedback_info: { event_type: 'search_click', search_id: 's' } },
      });
      const client = new ClarifaiClient({
        baseUrl: `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`,
        timeoutMs,
        getKey: () => key,
      });
      const engine = new SyncEngine({
        outbox: workspace.outbox,
        send: createFeedbackSender(() => Promise.resolve(client)),
        concurrency: 1,
      });
      const status = await within(engine.drain({ once: true }), 5_000, 'one sync pass').finally(() =>
        engine.stop().catch(() => undefined),
      );
      expect(status).toMatchObject({ pending: 1, delivered: 0, lastError: { httpStatus: 429 } });
      expect(Date.parse(workspace.outbox.list()[0]!.nextAttemptAt)).not.toBeNaN();

      const runner = new PredictRunner({
        workspace,
        getClient: () => Promise.resolve(client),
      });
      runner.enqueue({ modelId: faceModel });
      expect(await within(runner.drain({ once: true }), 5_000, 'one prediction pass')).toEqual({
        queued: 1,
        done: 0,
        failed: 0,
      });
      const job = workspace.db.prepare('SELECT next_attempt_at AS at FROM jobs').get();
      expect(Date.parse(String(job?.['at']))).not.toBeNaN();
      // One request each, then waiting: no loop hammering an endpoint that asked for a pause.
      expect(hits).toBe(2);
    } finally {
      workspace.close();
      hostile.closeAllConnections();
      await new Promise((resolve) => hostile.close(resolve));
    }
  });

  afterAll(() => recordFigures('faultMatrix', { images, searchClicks: searches, ...matrixFigures }));
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Fails fast, saying what did not finish, instead of running into the test timeout. */
function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function until(condition: () => boolean, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await sleep(20);
  }
}
