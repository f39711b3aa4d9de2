import { SUCCESS } from '../../../shared/clarifai/status.ts';
import { readFile } from 'node:fs/promises';
import type { PredictInput, PredictOutput } from '../../../shared/clarifai/predict.ts';
import { MAX_INPUTS_PER_CALL } from '../../../shared/clarifai/limits.ts';
import { backoffDelayMs } from '../../../shared/retryPolicy.ts';
import type { ModelChoice } from '../../../shared/settings.ts';
import type { ClarifaiClient } from '../clarifai/clarifaiClient.ts';
import { ClarifaiError } from '../clarifai/ClarifaiError.ts';
import { JobLoop, type StepOutcome } from '../jobs/jobLoop.ts';
import { inTransaction } from '../../io/sqlite.ts';
import type { JobCounts, PredictJob } from '../workspace/jobRepo.ts';
import type { Workspace } from '../workspace/workspace.ts';

export type PredictProgress = JobCounts;

export interface PredictRunnerOptions {
  workspace: Workspace;
  getClient: () => Promise<ClarifaiClient>;
  onProgress?: (progress: PredictProgress) => void;
  onImagesChanged?: (imageIds: number[]) => void;
  log?: (message: string) => void;
  /** The IoU at which a new prediction's regions take earlier verdicts (Settings; read per batch). */
  carryIoU?: () => number;
}

/**
 * Persisted prediction jobs (docs/design.md §3): batches of ≤128 inputs, rate-limited, retried with
 * backoff while the endpoint cannot be reached — so images imported offline are predicted when it
 * answers again — and resumed after a restart because the queue lives in the workspace.
 * Per-input failures (e.g. 30002) are recorded on the image, never swallowed.
 */
export class PredictRunner {
  readonly #options: PredictRunnerOptions;
  readonly #loop = new JobLoop({
    step: () => this.#step(),
    // The workspace file refused a read or write: say so; the loop tries again.
    onStorageError: (error) =>
      this.#options.log?.(
        `predictions: the workspace file could not be read or updated (${error instanceof Error ? error.message : String(error)}); trying again`,
      ),
  });
  #blockedBy: string | undefined;

  constructor(options: PredictRunnerOptions) {
    this.#options = options;
  }

  /** Queues images (default: all without a successful prediction for the model). */
  enqueue(model: ModelChoice, imageIds?: readonly number[]): number {
    const queued = this.#options.workspace.jobs.enqueue(model, imageIds);
    this.#loop.wake();
    return queued;
  }

  /** Failed jobs (of some images, or all) run again, each with its own model. */
  retryFailed(imageIds?: readonly number[]): number {
    const queued = this.#options.workspace.jobs.retryFailed(imageIds);
    this.#loop.wake();
    return queued;
  }

  progress(): PredictProgress {
    return this.#options.workspace.jobs.counts();
  }

  /** Why jobs are not running (bad key, unknown model…), until a person acts. */
  get blockedBy(): string | undefined {
    return this.#blockedBy;
  }

  start(): void {
    this.#loop.start();
  }

  stop(): Promise<void> {
    return this.#loop.stop();
  }

  /** Foreground run for the CLI: until no job is queued (or none is due, with `once`). */
  async drain(options: { once?: boolean } = {}): Promise<PredictProgress> {
    await this.#loop.drain(options.once ? 'once' : 'empty');
    return this.progress();
  }

  /** A person fixed what blocked the jobs (key, model): try again now. */
  resume(): void {
    this.#blockedBy = undefined;
    this.#loop.wake();
  }

  async #step(): Promise<StepOutcome> {
    if (this.#blockedBy) return { kind: 'held' };
    const { jobs } = this.#options.workspace;
    const due = jobs.due(new Date(), MAX_INPUTS_PER_CALL);
    // One model per request.
    const first = due[0];
    if (!first) {
      const next = jobs.nextDueAt();
      return next === undefined ? { kind: 'idle' } : { kind: 'due', ms: next - Date.now() };
    }
    const model = JSON.stringify(first.model);
    await this.#runBatch(due.filter((job) => JSON.stringify(job.model) === model));
    this.#options.onProgress?.(this.progress());
    return { kind: 'worked' };
  }

  async #runBatch(jobs: PredictJob[]): Promise<void> {
    const { workspace } = this.#options;
    const model = jobs[0]!.model;
    const ready: { job: PredictJob; input: PredictInput }[] = [];
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

  #record(job: PredictJob, output: PredictOutput): void {
    const { workspace } = this.#options;
    inTransaction(workspace.db, () => {
      const carryIoU = this.#options.carryIoU?.();
      const prediction = workspace.predictions.record(job.imageId, job.model.modelId, output, {
        ...(carryIoU === undefined ? {} : { carryIoU }),
      });
      this.#finish(job, prediction.statusCode === SUCCESS ? 'done' : 'failed', prediction.statusDescription);
    });
  }

  #recordFailure(job: PredictJob, code: number, description: string): void {
    this.#record(job, { id: '', status: { code, description }, input: { id: '' } });
  }

  #handleError(jobs: PredictJob[], error: unknown): void {
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
      this.#options.workspace.jobs.retryLater(
        jobs.map((job) => job.id),
        due,
        message,
      );
      return;
    }
    // Permanent (unknown model, bad request): shown on each image with the server's words.
    for (const job of jobs) this.#recordFailure(job, clarifai.code ?? 0, message);
  }

  #finish(job: PredictJob, state: 'done' | 'failed', lastError: string): void {
    this.#options.workspace.jobs.finish(job.id, state, lastError);
  }
}
