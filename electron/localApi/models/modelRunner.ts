import { availableParallelism, totalmem } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createConcurrencyLimit } from '../concurrencyLimit.ts';
import { decodeImage } from '../images/decodeImage.ts';
import type { DecodedImage } from '../images/decodeImage.ts';
import type { FaceDetection, ObjectDetection } from './detections.ts';
import type { ModelRequest, ModelResponse, ModelTask, TaskResults } from './modelWorkerProtocol.ts';

/** A model could not give an answer: it failed to load or to run, its worker died or hung, or the runner is closed. */
export class ModelError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ModelError';
  }
}

export interface ModelRunnerOptions {
  /** Worker threads, each with its own copy of the models (default: `defaultWorkerCount()`). */
  workers?: number;
  /** Longest one detection may take, model loading included, before its worker is replaced. */
  timeoutMs?: number;
  /** The worker script; see `defaultModelWorkerUrl`. */
  workerUrl?: URL;
}

/**
 * The local models, run off the event loop. Images are bytes as a predict request carries them;
 * they are decoded here (sharp works on libuv's pool, not the event loop), only when a worker is
 * free to take them or one ahead of the workers, and a bad image rejects with `ImageDecodeError` before any worker is involved. Boxes are normalised to the
 * EXIF-corrected image.
 */
export interface ModelRunner {
  detectFaces(image: Uint8Array): Promise<FaceDetection[]>;
  detectObjects(image: Uint8Array): Promise<ObjectDetection[]>;
  /** Rejects what is queued or running with a `ModelError` and stops the workers. */
  close(): Promise<void>;
}

// This module's location: `import.meta.url` in ES modules, `__filename` in a CommonJS bundle.
const here = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;

/**
 * From the TypeScript sources (vitest; Node strips the types) the worker is modelWorker.ts beside
 * this file. In a bundle (dist/cli/loupe.mjs, dist/electron/main.cjs) it is the worker bundle
 * that build/bundle.mjs writes to dist/workers/modelWorker.mjs.
 */
export function defaultModelWorkerUrl(moduleUrl: string = here): URL {
  return moduleUrl.endsWith('.ts')
    ? new URL('./modelWorker.ts', moduleUrl)
    : new URL('../workers/modelWorker.mjs', moduleUrl);
}

/**
 * What one worker holds once its models are loaded: the tfjs WASM heap, the weights and the
 * tensors of one detection (about 355 MB measured with the face model on a 2048 px photo).
 */
export const workerBytes = 384 * 2 ** 20;

/**
 * One worker per core, as many as a quarter of the machine's memory holds, 1 to 8. Detection is
 * the only heavy work while a predict request waits (decoding runs on libuv's pool, the server
 * only waits), so every core can run a model; workers start only when requests are waiting for
 * them, so a reviewer predicting one image at a time has one (localModels.md beside this folder).
 */
export function defaultWorkerCount(cores = availableParallelism(), memory = totalmem()): number {
  return Math.max(1, Math.min(8, cores, Math.floor(memory / 4 / workerBytes)));
}

const defaultTimeoutMs = 120_000;
const closedMessage = 'The model runner is closed';
const taskNames: Record<ModelTask, string> = { faces: 'face detection', objects: 'object detection' };

interface Job {
  task: ModelTask;
  image: DecodedImage;
  resolve: (result: TaskResults[ModelTask]) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker?: Worker;
  running?: { id: number; job: Job; timer: NodeJS.Timeout };
}

export function createModelRunner(options: ModelRunnerOptions = {}): ModelRunner {
  const workerCount = options.workers ?? defaultWorkerCount();
  if (!Number.isInteger(workerCount) || workerCount < 1) {
    throw new RangeError(`workers must be a whole number ≥ 1 (got ${workerCount})`);
  }
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const workerUrl = options.workerUrl ?? defaultModelWorkerUrl();
  const slots: Slot[] = Array.from({ length: workerCount }, () => ({}));
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;

  function spawn(slot: Slot): Worker {
    const worker = new Worker(workerUrl);
    worker.on('message', (response: ModelResponse) => settle(slot, worker, response));
    worker.on('error', (error: unknown) =>
      retire(
        slot,
        worker,
        `stopped with an error (${error instanceof Error ? error.message : String(error)})`,
      ),
    );
    worker.on('exit', (code) => retire(slot, worker, `stopped unexpectedly (exit code ${code})`));
    return worker;
  }

  function settle(slot: Slot, worker: Worker, response: ModelResponse): void {
    const running = slot.running;
    if (slot.worker !== worker || !running || running.id !== response.id) return;
    clearTimeout(running.timer);
    slot.running = undefined;
    // An idle worker must not keep the process alive; it is ref'd again while it works.
    worker.unref();
    if (response.ok) running.job.resolve(response.result);
    else running.job.reject(new ModelError(response.message));
    pump();
  }

  /** Takes a dead or hung worker out of its slot; the slot starts a fresh one for its next job. */
  function retire(slot: Slot, worker: Worker, why: string): void {
    if (slot.worker !== worker) return;
    slot.worker = undefined;
    const running = slot.running;
    slot.running = undefined;
    void worker.terminate();
    if (running) {
      clearTimeout(running.timer);
      running.job.reject(new ModelError(`The model worker ${why} during ${taskNames[running.job.task]}`));
    }
    pump();
  }

  function dispatch(slot: Slot, job: Job): void {
    let worker: Worker;
    try {
      worker = slot.worker ?? spawn(slot);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      job.reject(new ModelError(`The model worker cannot start (${reason})`, { cause: error }));
      return;
    }
    slot.worker = worker;
    const id = nextId++;
    const timer = setTimeout(() => retire(slot, worker, `did not answer within ${timeoutMs} ms`), timeoutMs);
    slot.running = { id, job, timer };
    worker.ref();
    const request: ModelRequest = { id, task: job.task, image: job.image };
    worker.postMessage(request);
  }

  function pump(): void {
    while (!closed && queue.length > 0) {
      // Prefer a worker that is already up (its models are loaded) over starting another.
      const idle = slots.filter((slot) => !slot.running);
      const slot = idle.find((candidate) => candidate.worker) ?? idle[0];
      const job = slot && queue.shift();
      if (!slot || !job) return;
      dispatch(slot, job);
    }
  }

  // A decoded image exists only for a job a worker is running, plus one decoded ahead so a worker
  // that finishes takes its next image at once instead of waiting for its decode (≈ 40 ms of a
  // ≈ 500 ms detection): 128 queued requests hold 128 encoded images and at most workers + 1
  // decoded ones (each up to 2048² × 3 bytes, see decodeImage.ts).
  const decodedInFlight = createConcurrencyLimit(workerCount + 1);

  function run<T extends ModelTask>(task: T, bytes: Uint8Array): Promise<TaskResults[T]> {
    if (closed) return Promise.reject(new ModelError(closedMessage));
    return decodedInFlight.run(async () => {
      if (closed) throw new ModelError(closedMessage);
      const image = await decodeImage(bytes);
      return new Promise<TaskResults[T]>((resolve, reject) => {
        if (closed) {
          reject(new ModelError(closedMessage));
          return;
        }
        // The worker answers a `task` request with that task's result type (modelWorker.ts).
        queue.push({ task, image, resolve: resolve as (result: TaskResults[ModelTask]) => void, reject });
        pump();
      });
    });
  }

  return {
    detectFaces: (image) => run('faces', image),
    detectObjects: (image) => run('objects', image),
    async close() {
      closed = true;
      const stopped = new ModelError(closedMessage);
      for (const job of queue.splice(0)) job.reject(stopped);
      await Promise.all(
        slots.map(async (slot) => {
          const { worker, running } = slot;
          slot.worker = undefined;
          slot.running = undefined;
          if (running) {
            clearTimeout(running.timer);
            running.job.reject(stopped);
          }
          await worker?.terminate();
        }),
      );
    },
  };
}
