import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  SyncEngine,
  type SendResult,
  type SyncStatus,
} from '../../../../../electron/main/sync/syncEngine.ts';
import { OutboxRepo, type OutboxItem } from '../../../../../electron/main/workspace/outboxRepo.ts';
import { Workspace } from '../../../../../electron/main/workspace/workspace.ts';
import { makeTempDir } from '../../../../support/tempDir.ts';

const temp = makeTempDir();
afterAll(temp.cleanup);
let counter = 0;

function queue(items: number): { workspace: Workspace; outbox: OutboxRepo } {
  const workspace = new Workspace(join(temp.dir, `sync-${counter++}.sqlite`));
  const outbox = new OutboxRepo(workspace.db);
  for (let i = 0; i < items; i++) outbox.enqueueSearchFeedback(null, { n: i });
  return { workspace, outbox };
}

const fast = { backoff: { baseMs: 1, capMs: 5 }, concurrency: 4 };

describe('sync engine', () => {
  it('delivers every item once and reports progress', async () => {
    const { workspace, outbox } = queue(25);
    const seen: number[] = [];
    const statuses: SyncStatus[] = [];
    const engine = new SyncEngine({
      ...fast,
      outbox,
      send: (item) => {
        seen.push((item.body as { n: number }).n);
        return Promise.resolve({ ok: true });
      },
      onStatus: (status) => statuses.push(status),
    });
    const status = await engine.drain();
    expect(status).toMatchObject({ pending: 0, delivered: 25, failed: 0, state: 'idle' });
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(25).keys()]);
    expect(statuses.some((s) => s.state === 'syncing')).toBe(true);
    workspace.close();
  });

  it('retries retryable failures with backoff and honours Retry-After', async () => {
    const { workspace, outbox } = queue(3);
    const attempts = new Map<number, number>();
    const times: number[] = [];
    const engine = new SyncEngine({
      ...fast,
      outbox,
      send: (item) => {
        const n = (attempts.get(item.id) ?? 0) + 1;
        attempts.set(item.id, n);
        if (item.id === 1) times.push(Date.now());
        if (n < 3) {
          return Promise.resolve<SendResult>({
            ok: false,
            error: {
              httpStatus: 429,
              code: 11005,
              description: 'throttled',
              retryable: true,
              needsPerson: false,
            },
            retryAfterMs: item.id === 1 ? 50 : undefined,
          });
        }
        return Promise.resolve({ ok: true });
      },
    });
    const status = await engine.drain();
    expect(status).toMatchObject({ pending: 0, delivered: 3 });
    expect([...attempts.values()]).toEqual([3, 3, 3]);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(45);
    expect(outbox.get(1)?.attempts).toBe(3);
    workspace.close();
  });

  it('stops on an auth error, marks nothing delivered, and resumes when a person acts', async () => {
    const { workspace, outbox } = queue(5);
    let keyFixed = false;
    const engine = new SyncEngine({
      ...fast,
      outbox,
      send: () =>
        Promise.resolve<SendResult>(
          keyFixed
            ? { ok: true }
            : {
                ok: false,
                error: {
                  httpStatus: 401,
                  code: 11009,
                  description: 'API key not found',
                  retryable: false,
                  needsPerson: true,
                },
              },
        ),
    });
    const blocked = await engine.drain();
    expect(blocked.state).toBe('blocked');
    expect(blocked.delivered).toBe(0);
    expect(blocked.pending).toBe(5);
    expect(blocked.lastError).toMatchObject({ code: 11009, description: 'API key not found' });
    keyFixed = true;
    engine.resume();
    expect(await engine.drain()).toMatchObject({ delivered: 5, pending: 0, lastError: null });
    workspace.close();
  });

  it('marks permanent failures failed with the server description, then retries them on request', async () => {
    const { workspace, outbox } = queue(2);
    let accept = false;
    const engine = new SyncEngine({
      ...fast,
      outbox,
      send: (item: OutboxItem) =>
        Promise.resolve<SendResult>(
          accept || item.id === 2
            ? { ok: true }
            : {
                ok: false,
                error: {
                  httpStatus: 400,
                  code: 11100,
                  description: 'Bad request format',
                  retryable: false,
                  needsPerson: false,
                },
              },
        ),
    });
    expect(await engine.drain()).toMatchObject({ delivered: 1, failed: 1, pending: 0 });
    expect(outbox.get(1)).toMatchObject({
      state: 'failed',
      lastError: { code: 11100, description: 'Bad request format' },
    });
    accept = true;
    expect(outbox.retry([1])).toBe(1);
    expect(await engine.drain()).toMatchObject({ delivered: 2, failed: 0 });
    workspace.close();
  });

  it('opens the circuit after repeated failures and probes one at a time', async () => {
    const { workspace, outbox } = queue(6);
    let calls = 0;
    let concurrent = 0;
    let maxConcurrentAfterFailures = 0;
    const engine = new SyncEngine({
      ...fast,
      circuitThreshold: 3,
      outbox,
      send: async () => {
        calls += 1;
        concurrent += 1;
        // Calls 5–9 start while the circuit is open or half-open: one probe at a time.
        if (calls > fast.concurrency && calls <= 9)
          maxConcurrentAfterFailures = Math.max(maxConcurrentAfterFailures, concurrent);
        await new Promise((resolve) => setTimeout(resolve, 2));
        concurrent -= 1;
        return calls <= 8
          ? { ok: false, error: { description: 'connection reset', retryable: true, needsPerson: false } }
          : { ok: true };
      },
    });
    const status = await engine.drain();
    expect(status).toMatchObject({ delivered: 6, pending: 0 });
    expect(maxConcurrentAfterFailures).toBe(1);
    workspace.close();
  });

  it('replacing a pending item while it is in flight keeps the new body pending', async () => {
    const { workspace, outbox } = queue(0);
    const { image } = workspace.images.add({
      source: '/a.jpg',
      sourceKind: 'file',
      contentHash: 'h',
      byteSize: 1,
      width: 1,
      height: 1,
      format: 'jpeg',
      error: null,
    });
    const prediction = workspace.db
      .prepare(
        "INSERT INTO predictions (image_id, model_id, status_code, status_description, created_at) VALUES (?, 'm', 10000, 'Ok', 'now')",
      )
      .run(image.id);
    const predictionId = Number(prediction.lastInsertRowid);
    const target = { kind: 'model_feedback' as const, modelId: 'm' };
    outbox.enqueueReview(predictionId, image.id, target, { v: 1 });
    const bodies: unknown[] = [];
    const engine = new SyncEngine({
      ...fast,
      outbox,
      send: (item) => {
        bodies.push(item.body);
        if (bodies.length === 1) outbox.enqueueReview(predictionId, image.id, target, { v: 2 });
        return Promise.resolve({ ok: true });
      },
    });
    expect(await engine.drain()).toMatchObject({ delivered: 1, pending: 0 });
    expect(bodies).toEqual([{ v: 1 }, { v: 2 }]);
    // After delivery, a new submit queues a new item.
    outbox.enqueueReview(predictionId, image.id, target, { v: 3 });
    expect(outbox.counts()).toMatchObject({ delivered: 1, pending: 1 });
    workspace.close();
  });

  it('never sends an item discarded while it waited among those read ahead', async () => {
    const { workspace, outbox } = queue(6);
    const sent: number[] = [];
    const engine = new SyncEngine({
      ...fast,
      // One slot: the first query reads several items ahead, so 3 and 5 are already read.
      concurrency: 1,
      outbox,
      send: (item) => {
        sent.push(item.id);
        if (item.id === 1) {
          outbox.discard(3);
          outbox.discard(5);
        }
        return Promise.resolve({ ok: true });
      },
    });
    expect(await engine.drain()).toMatchObject({ delivered: 4, discarded: 2, pending: 0 });
    expect(sent).toEqual([1, 2, 4, 6]);
    workspace.close();
  });

  it('carries on after the workspace file refuses, and says why', async () => {
    const { workspace, outbox } = queue(3);
    const due = outbox.due.bind(outbox);
    const markRetry = outbox.markRetry.bind(outbox);
    let refusals = 1;
    outbox.due = (...args) => {
      if (refusals-- > 0) throw new Error('database is locked');
      return due(...args);
    };
    // Recording one failed attempt fails too: the item stays pending and goes again.
    let retryRefusals = 1;
    outbox.markRetry = (...args) => {
      if (retryRefusals-- > 0) throw new Error('disk I/O error');
      markRetry(...args);
    };
    let failOnce = true;
    const errors = new Set<string>();
    const engine = new SyncEngine({
      ...fast,
      outbox,
      send: () => {
        if (!failOnce) return Promise.resolve({ ok: true });
        failOnce = false;
        return Promise.resolve({
          ok: false,
          error: { description: '503', retryable: true, needsPerson: false },
        });
      },
      onStatus: (status) => status.lastError && errors.add(status.lastError.description),
    });
    engine.start();
    for (let waited = 0; outbox.counts().delivered < 3 && waited < 5_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await engine.stop();
    expect(outbox.counts()).toMatchObject({ delivered: 3, pending: 0 });
    expect([...errors].some((text) => text.includes('database is locked'))).toBe(true);
    expect([...errors].some((text) => text.includes('disk I/O error'))).toBe(true);
    workspace.close();
  });

  it('applies new pacing to a running engine', async () => {
    const { workspace, outbox } = queue(12);
    let inFlight = 0;
    let maxInFlight = 0;
    const engine = new SyncEngine({
      ...fast,
      outbox,
      send: async () => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight -= 1;
        return { ok: true };
      },
    });
    engine.configure({ concurrency: 1 });
    expect(await engine.drain()).toMatchObject({ delivered: 12 });
    expect(maxInFlight).toBe(1);
    workspace.close();
  });
});
