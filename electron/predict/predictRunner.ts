import { SUCCESS } from '../../shared/clarifai/status.ts';
import { readFile } from 'node:fs/promises';
import type { PredictInput, PredictOutput } from '../../shared/clarifai/predict.ts';
import { MAX_INPUTS_PER_CALL } from '../../shared/clarifai/limits.ts';
import { backoffDelayMs } from '../../shared/retryPolicy.ts';
import type { ModelChoice } from '../../shared/settings.ts';
import type { ClarifaiClient } from '../clarifai/clarifaiClient.ts';
import { ClarifaiError } from '../clarifai/ClarifaiError.ts';
import { inTransaction } from '../store/sqlite.ts';
import { WakeableSleep } from '../sync/wakeableSleep.ts';
import type { Workspace } from '../workspace/workspace.ts';

/** How long to wait before reading the jobs again after the workspace file refused. */
const storageRetryMs = 1000;

export interface PredictProgress {
  queued: number;
  done: number;
  failed: number;
}

export interface PredictRunnerOptions {
  workspace: Workspace;
  getClient: () => Promise<ClarifaiClient>;
  onProgress?: (progress: PredictProgress) => void;
  onImagesChanged?: (imageIds: number[]) => void;
  log?: (message: string) => void;
}

interface Job {
  id: number;
  imageId: number;
  model: ModelChoice;
  attempts: number;
}

/**
 * Persisted prediction jobs (design.md §3): batches of ≤128 inputs, rate-limited, retried with
 * backoff while the endpoint cannot be reached — so images imported offline are predicted when it
 * answers again — and resumed after a restart because the queue lives in the workspace.
 * Per-input failures (e.g. 30002) are recorded on the image, never swallowed.
 */
export class PredictRunner {
  readonly #options: PredictRunnerOptions;
  #running = false;
  #loop: Promise<void> | undefined;
  readonly #sleeper = new WakeableSleep();
  #blockedBy: string | undefined;

  constructor(options: PredictRunnerOptions) {
    this.#options = options;
  }

  /** Queues images (default: all without a successful prediction for the model). */
  enqueue(model: ModelChoice, imageIds?: readonly number[]): number {
    const { db } = this.#options.workspace;
    const modelKey = JSON.stringify(model);
    return inTransaction(db, () => {
      const candidates =
        imageIds ??
        db
          .prepare(
            `SELECT i.id FROM images i WHERE i.error IS NULL AND NOT EXISTS (
               SELECT 1 FROM predictions p WHERE p.image_id = i.id AND p.model_id = ? AND p.status_code = ${SUCCESS})`,
          )
          .all(model.modelId)
          .map((row) => Number(row['id']));
      const upsert = db.prepare(
        `INSERT INTO jobs (image_id, model, state, attempts, next_attempt_at, created_at) VALUES (?, ?, 'queued', 0, ?, ?)
         ON CONFLICT (image_id, model) DO UPDATE SET state = 'queued', attempts = 0, next_attempt_at = excluded.next_attempt_at,
           last_error = NULL WHERE jobs.state != 'queued'`,
      );
      const now = new Date().toISOString();
      let queued = 0;
      for (const imageId of candidates) queued += Number(upsert.run(imageId, modelKey, now, now).changes);
      this.#sleeper.wakeAll();
      return queued;
    });
  }

  /** Failed jobs (of some images, or all) run again, each with its own model. */
  retryFailed(imageIds?: readonly number[]): number {
    const { db } = this.#options.workspace;
    const wanted = imageIds && new Set(imageIds);
    return inTransaction(db, () => {
      const failed = db
        .prepare(`SELECT id, image_id FROM jobs WHERE state = 'failed'`)
        .all()
        .filter((row) => !wanted || wanted.has(Number(row['image_id'])));
      const now = new Date().toISOString();
      const requeue = db.prepare(
        `UPDATE jobs SET state = 'queued', attempts = 0, next_attempt_at = ?, last_error = NULL WHERE id = ?`,
      );
      for (const row of failed) requeue.run(now, Number(row['id']));
      this.#sleeper.wakeAll();
      return failed.length;
    });
  }

  progress(): PredictProgress {
    const counts: PredictProgress = { queued: 0, done: 0, failed: 0 };
    for (const row of this.#options.workspace.db
      .prepare('SELECT state, count(*) AS n FROM jobs GROUP BY state')
      .all()) {
      counts[String(row['state']) as keyof PredictProgress] = Number(row['n']);
    }
    return counts;
  }

  /** Why jobs are not running (bad key, unknown model…), until a person acts. */
  get blockedBy(): string | undefined {
    return this.#blockedBy;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run(false);
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#sleeper.wakeAll();
    await this.#loop;
  }

  /** Foreground run for the CLI: until no job is queued (or none is due, with `once`). */
  async drain(options: { once?: boolean } = {}): Promise<PredictProgress> {
    this.#running = true;
    await this.#run(options.once ? 'once' : 'empty');
    this.#running = false;
    return this.progress();
  }

  /** A person fixed what blocked the jobs (key, model): try again now. */
  resume(): void {
    this.#blockedBy = undefined;
    this.#sleeper.wakeAll();
  }

  async #run(until: false | 'once' | 'empty'): Promise<void> {
    while (this.#running) {
      try {
        if (this.#blockedBy) {
          if (until) return;
          await this.#sleeper.sleep(Infinity);
          continue;
        }
        const jobs = this.#dueJobs();
        if (jobs.length === 0) {
          const next = this.#nextDueAt();
          if (next === undefined ? until : until === 'once') return;
          await this.#sleeper.sleep(next === undefined ? Infinity : Math.max(0, next - Date.now()));
          continue;
        }
        await this.#runBatch(jobs);
        this.#options.onProgress?.(this.progress());
      } catch (error) {
        // The workspace file refused a read or write: say so and try again, rather than let the
        // loop die silently.
        this.#options.log?.(
          `predictions: the workspace file could not be read or updated (${error instanceof Error ? error.message : String(error)}); trying again`,
        );
        if (until) throw error;
        await this.#sleeper.sleep(storageRetryMs);
      }
    }
  }

  async #runBatch(jobs: Job[]): Promise<void> {
    const { workspace } = this.#options;
    const model = jobs[0]!.model;
    const ready: { job: Job; input: PredictInput }[] = [];
    for (const job of jobs) {
      const image = workspace.images.get(job.imageId);
      if (!image) {
        this.#finish(job, 'failed', 'The image is no longer in the workspace');
        continue;
      }
      if (image.sourceKind === 'url') {
        ready.push({ job, input: { data: { image: { url: image.source } } } });
        continue;
      }
      try {
        const bytes = await readFile(image.source);
        ready.push({ job, input: { data: { image: { base64: bytes.toString('base64') } } } });
      } catch (error) {
        this.#recordFailure(job, 0, `Cannot read ${image.source}: ${(error as Error).message}`);
      }
    }
    if (ready.length === 0) return;
    try {
      const client = await this.#options.getClient();
      const result = await client.predict(
        {
          modelId: model.modelId,
          ...(model.versionId ? { versionId: model.versionId } : {}),
          // A platform model names its own app (public models live in clarifai/main).
          ...(model.userId && model.appId ? { userId: model.userId, appId: model.appId } : {}),
        },
        ready.map((entry) => entry.input),
      );
      // One commit for the batch (up to 128 images), not one each.
      inTransaction(this.#options.workspace.db, () =>
        ready.forEach(({ job }, index) => {
          const output = result.outputs[index];
          if (output) this.#record(job, output);
          else this.#recordFailure(job, 0, 'The endpoint returned no output for this image');
        }),
      );
    } catch (error) {
      this.#handleError(
        ready.map((entry) => entry.job),
        error,
      );
    }
    this.#options.onImagesChanged?.(ready.map((entry) => entry.job.imageId));
  }

  #record(job: Job, output: PredictOutput): void {
    const { workspace } = this.#options;
    inTransaction(workspace.db, () => {
      const prediction = workspace.predictions.record(job.imageId, job.model.modelId, output);
      this.#finish(job, prediction.statusCode === SUCCESS ? 'done' : 'failed', prediction.statusDescription);
    });
  }

  #recordFailure(job: Job, code: number, description: string): void {
    this.#record(job, { id: '', status: { code, description }, input: { id: '' } });
  }

  #handleError(jobs: Job[], error: unknown): void {
    const clarifai = error instanceof ClarifaiError ? error : undefined;
    const message = error instanceof Error ? error.message : String(error);
    if (clarifai?.needsPerson) {
      // Bad key, missing scopes, quota: every job would fail the same way. Wait for a person.
      this.#blockedBy = message;
      this.#options.log?.(`predictions paused: ${message}`);
      return;
    }
    if (!clarifai || clarifai.retryable) {
      // One wait for the whole batch, so it goes again as one request, not as many single ones.
      const attempts = Math.max(...jobs.map((job) => job.attempts)) + 1;
      const due = new Date(
        Date.now() + backoffDelayMs(attempts, undefined, Math.random, clarifai?.retryAfterMs),
      );
      const { db } = this.#options.workspace;
      inTransaction(db, () => {
        for (const job of jobs) {
          db.prepare(
            'UPDATE jobs SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?',
          ).run(due.toISOString(), message, job.id);
        }
      });
      return;
    }
    // Permanent (unknown model, bad request): shown on each image with the server's words.
    for (const job of jobs) this.#recordFailure(job, clarifai.code ?? 0, message);
  }

  #finish(job: Job, state: 'done' | 'failed', lastError: string): void {
    this.#options.workspace.db
      .prepare('UPDATE jobs SET state = ?, attempts = attempts + 1, last_error = ? WHERE id = ?')
      .run(state, state === 'failed' ? lastError : null, job.id);
  }

  #dueJobs(): Job[] {
    const rows = this.#options.workspace.db
      .prepare(
        `SELECT id, image_id, model, attempts FROM jobs WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY id LIMIT ?`,
      )
      .all(new Date().toISOString(), MAX_INPUTS_PER_CALL);
    const jobs = rows.map((row) => ({
      id: Number(row['id']),
      imageId: Number(row['image_id']),
      model: JSON.parse(String(row['model'])) as ModelChoice,
      attempts: Number(row['attempts']),
    }));
    // One model per request.
    const first = jobs[0];
    return first ? jobs.filter((job) => JSON.stringify(job.model) === JSON.stringify(first.model)) : [];
  }

  #nextDueAt(): number | undefined {
    const row = this.#options.workspace.db
      .prepare(`SELECT min(next_attempt_at) AS at FROM jobs WHERE state = 'queued'`)
      .get();
    return typeof row?.['at'] === 'string' ? Date.parse(row['at']) : undefined;
  }
}
