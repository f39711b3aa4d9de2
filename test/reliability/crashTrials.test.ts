import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { SettingsStore } from '../../electron/main/store/settingsStore.ts';
import { Workspace } from '../../electron/main/workspace/workspace.ts';
import { buildModelFeedbackRequest } from '../../shared/clarifai/feedbackRequest.ts';
import type { PredictOutput } from '../../shared/clarifai/predict.ts';
import type { Box } from '../../shared/geometry.ts';
import type { ReviewState } from '../../shared/review.ts';
import { applyReviewOp, reviewOpSchema, type ReviewOp } from '../../shared/reviewOps.ts';
import { runCli, startServe, type ServedApi } from '../support/cliProcess.ts';
import { startLoupe, type LoupeProcess } from '../support/loupeProcess.ts';
import { size } from '../support/soak.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { recordFigures } from './figures.ts';
import { createRandom } from '../../shared/random.ts';

/**
 * kill -9 of the app's main side (`loupe app` behind the bridge) at random moments while a
 * reviewer edits over the bridge's HTTP API and the background sync delivers a backlog to
 * `loupe serve`. After every kill the files are checked as the next launch finds them: SQLite
 * intact, each review equal to its journal replayed from the predicted state, every acknowledged
 * edit present, every submitted review's request in the outbox, nothing stored twice by the server.
 */

const key = 'crash-trials-key-0123456789abcdef';
const reviewer = 'crash-trials';
// A model the server knows; its outputs here are made up, which the server flags but stores.
const modelId = 'a403429f2ddf4b49b307e318f00e528b';
const trials = size(10, 200);
const predictionCount = 16;
const backlog = size(100, 3_000);
/** Decides the kill moments and the edits; printed, so a failing run can be replayed in spirit. */
const seed = Number(process.env['LOUPE_CRASH_SEED']) || Date.now() % 1_000_000;

const temp = makeTempDir('loupe-crash-');
const clientDir = join(temp.dir, 'client');
const workspaceFile = join(clientDir, 'workspaces', 'default.loupe.sqlite');
let server: ServedApi | undefined;
let app: LoupeProcess | undefined;
afterAll(async () => {
  await app?.kill();
  server?.stop();
  temp.cleanup();
});

const random = createRandom(seed).next;
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function randomBox(): Box {
  const [top, bottom] = [random(), random()].sort((a, b) => a - b) as [number, number];
  const [left, right] = [random(), random()].sort((a, b) => a - b) as [number, number];
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    top: round(top),
    bottom: Math.max(round(bottom), round(top) + 0.001),
    left: round(left),
    right: Math.max(round(right), round(left) + 0.001),
  };
}

function predictOutput(index: number): PredictOutput {
  return {
    id: `crash-output-${index}`,
    status: { code: 10000, description: 'Ok' },
    input: { id: `crash-input-${index}` },
    data: {
      concepts: [
        { id: 'ai-dog', name: 'dog', value: 0.91 },
        { id: 'ai-cat', name: 'cat', value: 0.42 },
      ],
      regions: [0, 1, 2, 3].map((region) => ({
        id: `r${index}-${region}`,
        value: 0.8,
        region_info: {
          bounding_box: {
            top_row: 0.1 * region,
            left_col: 0.1,
            bottom_row: 0.1 * region + 0.2,
            right_col: 0.5,
          },
        },
        data: { concepts: [{ id: 'logo-acme', name: 'Acme', value: 0.77 }] },
      })),
    },
  };
}

interface Tracked {
  state: ReviewState;
  revision: number;
  status: string;
  journal: number;
}

/** What the reviewer was told: the last acknowledged answer per prediction. */
const tracked = new Map<number, Tracked>();
const initial = new Map<number, ReviewState>();
const everSubmitted = new Set<number>();

function seedClientData(): void {
  const settings = new SettingsStore(join(clientDir, 'settings.sqlite'));
  settings.set({
    endpoint: { kind: 'custom', baseUrl: server!.baseUrl },
    // Slow enough that the backlog is still being delivered when the kills come.
    rateLimitPerSecond: 10,
    concurrency: 2,
    reviewerId: reviewer,
  });
  settings.close();
  const workspace = new Workspace(workspaceFile);
  for (let i = 0; i < predictionCount; i++) {
    const { image } = workspace.images.add({
      source: `/photos/crash-${i}.jpg`,
      sourceKind: 'file',
      contentHash: createHash('sha256').update(`crash-${i}`).digest('hex'),
      byteSize: 1000,
      width: 640,
      height: 480,
      format: 'jpeg',
      error: null,
    });
    const prediction = workspace.predictions.record(image.id, modelId, predictOutput(i));
    const review = workspace.reviews.get(prediction.id);
    initial.set(prediction.id, review.state);
    tracked.set(prediction.id, {
      state: review.state,
      revision: review.revision,
      status: review.status,
      journal: 0,
    });
  }
  for (let i = 0; i < backlog; i++) {
    workspace.outbox.enqueueSearchFeedback(null, {
      input: {
        id: `backlog-${i}`,
        feedback_info: { event_type: 'search_click', search_id: `search-${i % 9}` },
      },
    });
  }
  workspace.close();
}

type Command =
  | { name: 'review.apply'; predictionId: number; op: ReviewOp }
  | { name: 'review.undo' | 'review.redo'; predictionId: number }
  | { name: 'review.submit'; predictionId: number };

let drawn = 0;
function nextCommand(): Command {
  const predictionId = pick([...tracked.keys()]);
  const { state } = tracked.get(predictionId)!;
  const keys = state.regions.map((region) => region.key);
  const predicted = state.regions
    .filter((region) => region.source === 'predicted')
    .map((region) => region.key);
  const roll = random();
  if (roll < 0.06) return { name: 'review.submit', predictionId };
  if (roll < 0.14) return { name: 'review.undo', predictionId };
  if (roll < 0.2) return { name: 'review.redo', predictionId };
  const op: ReviewOp = pick<() => ReviewOp>([
    () => ({ type: 'confirm', keys: [pick(predicted)] }),
    () => ({ type: 'unconfirm', keys: [pick(predicted)] }),
    () => ({ type: 'setBox', key: pick(keys), box: randomBox() }),
    () => ({ type: 'resetBox', key: pick(predicted) }),
    () => ({ type: 'remove', keys: [pick(keys)] }),
    () => ({ type: 'restore', keys: [pick(keys)] }),
    () =>
      keys.length < 10
        ? { type: 'addRegion', key: `drawn-${seed}-${drawn++}`, box: randomBox(), concepts: [] }
        : { type: 'remove', keys: [pick(keys)] },
    () => ({
      type: 'setConcept',
      target: random() < 0.5 ? 'image' : { region: pick(keys) },
      concept: pick([
        { id: 'ai-dog', name: 'dog' },
        { id: 'ai-cat', name: 'cat' },
        { id: 'logo-acme', name: 'Acme' },
        { id: 'new-brand', name: 'New brand' },
      ]),
      judgement: pick(['true', 'false', 'unsure'] as const),
    }),
  ])();
  return { name: 'review.apply', predictionId, op };
}

interface Envelope {
  ok: boolean;
  /** `state` is absent from a review.apply receipt: the caller applies the op itself. */
  value?: { state?: ReviewState; revision: number; status: string; queued?: number };
  error?: { code: string; message: string };
}

function invoke(running: LoupeProcess, command: Command): Promise<Envelope> {
  const body =
    command.name === 'review.submit'
      ? { predictionIds: [command.predictionId], unreviewed: 'skip' }
      : command.name === 'review.apply'
        ? { predictionId: command.predictionId, op: command.op }
        : { predictionId: command.predictionId };
  return fetch(`${running.origin}/api/invoke/${command.name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${running.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }).then((response) => response.json() as Promise<Envelope>);
}

/** Takes an acknowledged answer into the reviewer's view of things. */
function acknowledge(command: Command, answer: Envelope): void {
  const current = tracked.get(command.predictionId)!;
  if (!answer.ok) {
    // Undo with nothing to undo, an op on a region an undo removed: refused, nothing changed.
    expect(answer.error?.code, answer.error?.message).toBe('conflict');
    return;
  }
  if (command.name === 'review.submit') {
    everSubmitted.add(command.predictionId);
    tracked.set(command.predictionId, { ...current, status: 'done' });
    return;
  }
  const { revision, status } = answer.value!;
  const state =
    command.name === 'review.apply' ? applyReviewOp(current.state, command.op).state : answer.value!.state!;
  expect(revision).toBe(current.revision + 1);
  tracked.set(command.predictionId, {
    state,
    revision,
    status,
    journal: current.journal + (command.name === 'review.apply' ? 1 : 0),
  });
}

interface StoredRow {
  seq: number;
  requestId: string | null;
  inputId: string;
  kind: string;
  deliveries: number;
}

async function serverRows(): Promise<StoredRow[]> {
  const rows: StoredRow[] = [];
  for (let after = 0; ;) {
    const { feedback } = await server!.inspect<{ feedback: StoredRow[] }>(
      `/_loupe/feedback?after=${after}&limit=1000`,
    );
    rows.push(...feedback);
    if (feedback.length < 1000) return rows;
    after = feedback.at(-1)!.seq;
  }
}

interface Check {
  delivered: number;
  pending: number;
  journalRows: number;
}

/** Everything the next launch relies on, checked on the files as the crash left them. */
async function checkAfterCrash(inFlight: Command | undefined): Promise<Check> {
  const raw = new DatabaseSync(workspaceFile);
  try {
    expect(raw.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }]);
    expect(raw.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
  } finally {
    raw.close();
  }
  const workspace = new Workspace(workspaceFile);
  try {
    const journalEntries = workspace.db
      .prepare('SELECT prediction_id, op, state FROM journal ORDER BY id')
      .all()
      .map((row) => ({
        predictionId: Number(row['prediction_id']),
        op: String(row['op']),
        state: String(row['state']),
      }));
    for (const [predictionId, told] of tracked) {
      const stored = workspace.reviews.get(predictionId);
      const entries = journalEntries.filter((entry) => entry.predictionId === predictionId);
      // The review state is the journal's done entries replayed from the predicted state.
      let replayed = initial.get(predictionId)!;
      for (const entry of entries.filter((candidate) => candidate.state === 'done')) {
        replayed = applyReviewOp(replayed, reviewOpSchema.parse(JSON.parse(entry.op))).state;
      }
      expect(stored.state).toEqual(replayed);

      // Every acknowledged edit is there; the one in flight at the kill is there or not, whole.
      const mayDiffer = inFlight?.predictionId === predictionId;
      if (mayDiffer && stored.revision === told.revision + 1) {
        const appliedJournal = told.journal + (inFlight.name === 'review.apply' ? 1 : 0);
        expect(entries).toHaveLength(appliedJournal);
        if (inFlight.name === 'review.apply') {
          expect(stored.state).toEqual(applyReviewOp(told.state, inFlight.op).state);
        }
        tracked.set(predictionId, {
          state: stored.state,
          revision: stored.revision,
          status: stored.status,
          journal: appliedJournal,
        });
      } else {
        expect(stored.revision).toBe(told.revision);
        expect(stored.state).toEqual(told.state);
        expect(entries).toHaveLength(told.journal);
        if (!(mayDiffer && inFlight.name === 'review.submit')) expect(stored.status).toBe(told.status);
        tracked.set(predictionId, { ...told, status: stored.status });
      }
      if (mayDiffer && inFlight.name === 'review.submit' && stored.status === 'done')
        everSubmitted.add(predictionId);

      // A submitted review and its feedback request were written together, and agree.
      const items = workspace.outbox
        .list({ limit: 10_000 })
        .filter((item) => item.predictionId === predictionId);
      if (everSubmitted.has(predictionId)) {
        expect(
          items.some((item) => item.state === 'pending' || item.state === 'delivered'),
          JSON.stringify(items.map((item) => [item.state, item.lastError, item.body])),
        ).toBe(true);
      }
      if (stored.status === 'done') {
        const latest = items.at(-1)!;
        const body = latest.body as { input: { feedback_info: { session_id?: string } } };
        expect(latest.body).toEqual(
          buildModelFeedbackRequest(stored.state, {
            endUserId: reviewer,
            ...(body.input.feedback_info.session_id
              ? { sessionId: body.input.feedback_info.session_id }
              : {}),
            conceptValueEncoding: 'boolean',
            include: 'reviewed',
            regionConceptShape: workspace.predictions.regionConceptShape(predictionId),
          }),
        );
      }
    }
    // Every outbox row still parses (one that did not would never be sent), none failed.
    const total = Number(workspace.db.prepare('SELECT count(*) AS n FROM outbox').get()?.['n']);
    const items = workspace.outbox.list({ limit: 100_000 });
    expect(items).toHaveLength(total);
    const counts = workspace.outbox.counts();
    expect(counts.failed).toBe(0);

    // Delivered means the server has it; the server never holds one request id twice, nor one
    // backlog click twice.
    const rows = await serverRows();
    const storedIds = new Set(rows.map((row) => row.requestId));
    expect(storedIds.size).toBe(rows.length);
    for (const item of items.filter((candidate) => candidate.state === 'delivered')) {
      expect(storedIds.has(item.requestId), `delivered ${item.requestId} is not on the server`).toBe(true);
    }
    const clicks = rows.filter((row) => row.kind === 'search').map((row) => row.inputId);
    expect(new Set(clicks).size).toBe(clicks.length);
    return { delivered: counts.delivered, pending: counts.pending, journalRows: journalEntries.length };
  } finally {
    workspace.close();
  }
}

describe('kill -9 of the bridge app during review edits and sync', () => {
  it(`${trials} crashes at random moments lose no acknowledged edit and deliver nothing twice`, async () => {
    server = await startServe(join(temp.dir, 'server'), key, ['--faults', 'latency-ms=10,seed=3']);
    seedClientData();
    let acknowledged = 0;
    let refused = 0;
    let inFlightCommitted = 0;
    let inFlightLost = 0;
    let killsWhileSyncing = 0;
    let before: Check = { delivered: 0, pending: backlog, journalRows: 0 };
    for (let trial = 0; trial < trials; trial++) {
      app = await startLoupe({ dataDir: clientDir, env: { LOUPE_API_KEY: key } });
      const running = app;
      const killAfterMs = 100 + random() * 1_400;
      let killed = false;
      const kill = new Promise<void>((resolve) =>
        setTimeout(() => {
          killed = true;
          void running.kill().then(resolve);
        }, killAfterMs),
      );
      let inFlight: Command | undefined;
      while (!killed) {
        const command = nextCommand();
        let answer: Envelope;
        try {
          answer = await invoke(running, command);
        } catch {
          inFlight = command;
          break;
        }
        acknowledge(command, answer);
        if (answer.ok) acknowledged += 1;
        else refused += 1;
        await new Promise((resolve) => setTimeout(resolve, random() * 6));
      }
      await kill;
      app = undefined;
      const revisionBefore = inFlight && tracked.get(inFlight.predictionId)!.revision;
      const statusBefore = inFlight && tracked.get(inFlight.predictionId)!.status;
      const after = await checkAfterCrash(inFlight);
      if (inFlight) {
        const now = tracked.get(inFlight.predictionId)!;
        if (now.revision !== revisionBefore || now.status !== statusBefore) inFlightCommitted += 1;
        else inFlightLost += 1;
      }
      if (after.delivered > before.delivered && after.pending > 0) killsWhileSyncing += 1;
      before = after;
    }
    // Most kills came mid-sync: items had just been delivered and others were still waiting.
    expect(killsWhileSyncing).toBeGreaterThanOrEqual(trials / 2);

    // One more launch's worth of sync: everything arrives, each request stored once.
    const final = await runCli(['sync', '--data-dir', clientDir, '--json'], { LOUPE_API_KEY: key }, 900_000);
    expect(final.code, final.stdout + final.stderr).toBe(0);
    const workspace = new Workspace(workspaceFile);
    const items = workspace.outbox.list({ limit: 100_000 });
    workspace.close();
    expect(items.every((item) => item.state === 'delivered')).toBe(true);
    const rows = await serverRows();
    const byRequest = new Map(rows.map((row) => [row.requestId, row]));
    expect(byRequest.size).toBe(rows.length);
    for (const item of items) expect(byRequest.has(item.requestId)).toBe(true);
    const clicks = rows.filter((row) => row.kind === 'search');
    expect(clicks).toHaveLength(backlog);
    const outboxIds = new Set(items.map((item) => item.requestId));
    recordFigures('crashTrials', {
      seed,
      trials,
      acknowledgedEdits: acknowledged,
      refusedEdits: refused,
      journalRows: before.journalRows,
      inFlightAtKill: inFlightCommitted + inFlightLost,
      inFlightCommittedWhole: inFlightCommitted,
      inFlightNotCommitted: inFlightLost,
      killsWhileSyncing,
      outboxItems: items.length,
      serverRows: rows.length,
      resentAfterCrashStoredOnce: rows.reduce((sum, row) => sum + row.deliveries - 1, 0),
      supersededWhileInFlight: rows.filter((row) => row.requestId && !outboxIds.has(row.requestId)).length,
      lostAcknowledgedEdits: 0,
      storedTwice: 0,
    });
  }, 1_800_000);
});
