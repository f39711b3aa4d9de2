import { WakeableSleep } from './wakeableSleep.ts';

/** How long to wait before looking at the jobs again after the workspace file refused. */
const storageRetryMs = 1000;

/**
 * What one step of a job loop found, which says how long the loop waits before the next:
 * - `worked`: it started or finished work; look again at once;
 * - `wait`: wait `ms` (Infinity: until woken) in every mode — work is in flight, or the endpoint
 *   is cooling down;
 * - `due`: the next job is due in `ms`; a one-pass run stops here;
 * - `idle`: nothing is queued; a foreground run stops here;
 * - `held`: paused or blocked until a person acts; a foreground run stops here.
 */
export type StepOutcome =
  | { kind: 'worked' }
  | { kind: 'wait'; ms: number }
  | { kind: 'due'; ms: number }
  | { kind: 'idle' }
  | { kind: 'held' };

/** How long a run lasts: `background` until stopped; `empty` until idle; `once` until nothing is due now. */
export type RunMode = 'background' | 'empty' | 'once';

export interface JobLoopOptions {
  /** One look at the queue; starts due work (it may stay in flight) and says what comes next. */
  step: () => Promise<StepOutcome> | StepOutcome;
  /** The workspace file refused a read or write: say so (the loop tries again, or a foreground run ends). */
  onStorageError: (error: unknown) => void;
  /** Waits for work the step left in flight, when a run ends. */
  settle?: () => Promise<unknown>;
}

/**
 * The one loop behind prediction jobs and outbox delivery (docs/sync.md): it runs in the
 * background until stopped, or in the foreground for the CLI, sleeping until the next job is due
 * and woken at once by new work, a resume or a stop. A failing workspace file is reported and
 * retried, never left to kill the loop silently.
 */
export class JobLoop {
  readonly #options: JobLoopOptions;
  readonly #sleeper = new WakeableSleep();
  #running = false;
  #loop: Promise<void> | undefined;

  constructor(options: JobLoopOptions) {
    this.#options = options;
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run('background');
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.wake();
    await this.#loop;
    await this.#options.settle?.();
  }

  /** A foreground run (the CLI): until nothing is queued, or with `once` nothing is due now. */
  async drain(mode: Exclude<RunMode, 'background'>): Promise<void> {
    this.#running = true;
    try {
      await this.#run(mode);
    } finally {
      this.#running = false;
      await this.#options.settle?.();
    }
  }

  /** New work, a resume, a new setting: look again now. */
  wake(): void {
    this.#sleeper.wakeAll();
  }

  /** A sleep the loop's wake cuts short (for work that must wait inside a step). */
  sleep(ms: number): Promise<void> {
    return this.#sleeper.sleep(ms);
  }

  async #run(mode: RunMode): Promise<void> {
    const foreground = mode !== 'background';
    while (this.#running) {
      let outcome: StepOutcome;
      try {
        outcome = await this.#options.step();
      } catch (error) {
        this.#options.onStorageError(error);
        if (foreground) return;
        await this.#sleeper.sleep(storageRetryMs);
        continue;
      }
      switch (outcome.kind) {
        case 'worked':
          continue;
        case 'wait':
          await this.#sleeper.sleep(outcome.ms);
          continue;
        case 'due':
          if (mode === 'once') return;
          await this.#sleeper.sleep(Math.max(0, outcome.ms));
          continue;
        case 'idle':
        case 'held':
          if (foreground) return;
          await this.#sleeper.sleep(Infinity);
          continue;
      }
    }
  }
}
