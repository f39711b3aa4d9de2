import { backoffDelayMs, defaultBackoff, type BackoffOptions } from '../../../shared/retryPolicy.ts';
import type { SyncState } from '../../../shared/workspaceViews.ts';
import { JobLoop, type StepOutcome } from '../jobs/jobLoop.ts';
import type { OutboxCounts, OutboxError, OutboxItem, OutboxRepo } from '../workspace/outboxRepo.ts';

/**
 * How long delivered marks gather before they are committed together. Slots do not wait for the
 * mark (see #launch), so this costs no throughput; a crash in the window means a few items are sent
 * again, and the server stores each request id once.
 */
const markDelayMs = 10;
/**
 * Due items read ahead per slot: one query fills the free slots and keeps the rest for the slots
 * that free next (a query per freed slot cost ≈ 0.3 ms; docs/sync.md, "Throughput"). Each is
 * checked again with one point read before it goes, so a replaced, discarded or rescheduled item
 * is never sent from the buffer.
 */
const readAheadPerSlot = 4;

export type SendResult = { ok: true } | { ok: false; error: OutboxError; retryAfterMs?: number };
/** Delivers one item to the endpoint. Must not throw: every failure is a SendResult. */
export type Sender = (item: OutboxItem) => Promise<SendResult>;

export type { SyncState };

export interface SyncStatus extends OutboxCounts {
  state: SyncState;
  inFlight: number;
  lastError: OutboxError | null;
}

export interface SyncEngineOptions {
  outbox: OutboxRepo;
  send: Sender;
  concurrency: number;
  onStatus?: (status: SyncStatus) => void;
  backoff?: BackoffOptions;
  /** Consecutive retryable failures before the circuit opens (the engine waits, then probes). */
  circuitThreshold?: number;
  random?: () => number;
  now?: () => number;
}

/**
 * Delivers the outbox at least once: bounded concurrency, capped exponential backoff with full
 * jitter honouring Retry-After, and a circuit that pauses on repeated failures or stops on errors
 * a person must fix. Reachability is learnt by talking to the endpoint. The rate limit is the
 * endpoint's, shared with prediction: the client's requests wait for it (net/rateLimiter.ts).
 */
export class SyncEngine {
  readonly #options: Required<Omit<SyncEngineOptions, 'onStatus'>> & Pick<SyncEngineOptions, 'onStatus'>;
  /** Items picked and not yet recorded as sent or retried: never picked again meanwhile. */
  readonly #inFlight = new Map<number, Promise<void>>();
  /** Of those, how many wait for the endpoint's answer: what the concurrency limit counts. */
  #sending = 0;
  #state: SyncState = 'idle';
  #paused = false;
  #blocked = false;
  #consecutiveFailures = 0;
  #circuitOpenUntil = 0;
  #lastError: OutboxError | null = null;
  readonly #loop = new JobLoop({
    step: () => this.#step(),
    onStorageError: (error) => this.#storageFailed(error),
    settle: () => Promise.all(this.#inFlight.values()),
  });
  #emitTimer: ReturnType<typeof setTimeout> | undefined;
  /** Due items read ahead, earliest first (see readAheadPerSlot). */
  #ready: OutboxItem[] = [];
  readonly #delivered: { id: number; requestId: string }[] = [];
  #flush: Promise<void> | undefined;

  constructor(options: SyncEngineOptions) {
    this.#options = {
      backoff: defaultBackoff,
      circuitThreshold: 5,
      random: Math.random,
      now: Date.now,
      ...options,
    };
  }

  /** Applies a new concurrency from settings to the running engine. */
  configure(pace: { concurrency: number }): void {
    this.#options.concurrency = pace.concurrency;
    this.#ready = [];
    this.#loop.wake();
  }

  status(): SyncStatus {
    return {
      ...this.#options.outbox.counts(),
      state: this.#state,
      inFlight: this.#sending,
      lastError: this.#lastError,
    };
  }

  /** Runs in the background until stop(). */
  start(): void {
    this.#loop.start();
  }

  async stop(): Promise<void> {
    await this.#loop.stop();
    this.#ready = [];
    // A progress report still due would read the outbox after its workspace has closed.
    clearTimeout(this.#emitTimer);
    this.#emitTimer = undefined;
  }

  /**
   * Runs in the foreground until nothing is pending (or, with `once`, until nothing is due now),
   * or until the engine is blocked. For the CLI.
   */
  async drain(options: { once?: boolean } = {}): Promise<SyncStatus> {
    await this.#loop.drain(options.once ? 'once' : 'empty');
    return this.status();
  }

  pause(): void {
    this.#paused = true;
    this.#setState('paused');
  }

  /** Resumes after a pause, and is how a person clears a block (e.g. after fixing the key). */
  resume(): void {
    this.#paused = false;
    this.#blocked = false;
    this.#circuitOpenUntil = 0;
    this.#consecutiveFailures = 0;
    this.#ready = [];
    this.#loop.wake();
  }

  /**
   * The endpoint or its settings changed: the failures the circuit, a block and each item's backoff
   * remember were the old endpoint's, so try the new one now. A pause a person chose stays.
   */
  endpointChanged(): void {
    this.#blocked = false;
    this.#circuitOpenUntil = 0;
    this.#consecutiveFailures = 0;
    this.#options.outbox.dueNow();
    this.#ready = [];
    this.#loop.wake();
  }

  /** New items were queued, or a person asked to retry: look again now. */
  kick(): void {
    // What was read ahead may now come after a newer or retried item: read the queue afresh.
    this.#ready = [];
    this.#loop.wake();
  }

  #step(): StepOutcome {
    if (this.#paused || this.#blocked) return { kind: 'held' };
    const now = this.#options.now();
    if (this.#circuitOpenUntil > now) {
      this.#setState('offline');
      return { kind: 'wait', ms: this.#circuitOpenUntil - now };
    }
    // While the circuit is half-open (after failures), send one probe at a time.
    const slots = this.#consecutiveFailures > 0 ? 1 : this.#options.concurrency;
    const items = this.#sending < slots ? this.#take(new Date(now), slots - this.#sending) : [];
    for (const item of items) {
      if (!this.#loop.running || this.#paused || this.#blocked) break;
      this.#launch(item);
    }
    if (items.length > 0) this.#setState('syncing');
    // Each delivery wakes the loop when its slot frees and again when it is recorded.
    if (this.#inFlight.size > 0) return { kind: 'wait', ms: Infinity };
    if (items.length > 0) return { kind: 'worked' };
    const nextDue = this.#options.outbox.nextDueAt();
    if (!nextDue) {
      this.#setState('idle');
      return { kind: 'idle' };
    }
    return { kind: 'due', ms: nextDue.getTime() - this.#options.now() };
  }

  /**
   * Up to `count` due items, from those read ahead (each checked again) and, when they run out,
   * from one query that also reads ahead for the slots that free next.
   */
  #take(now: Date, count: number): OutboxItem[] {
    const { outbox } = this.#options;
    const picked: OutboxItem[] = [];
    let read = false;
    while (picked.length < count) {
      if (this.#ready.length === 0) {
        if (read) break;
        read = true;
        const ahead = Math.max(count, this.#options.concurrency * readAheadPerSlot);
        // Those picked from the buffer in this call are not in flight yet: skip them too.
        const skip = new Set([...this.#inFlight.keys(), ...picked.map((item) => item.id)]);
        this.#ready = outbox.due(now, ahead, skip);
        picked.push(...this.#ready.splice(0, count - picked.length));
        continue;
      }
      const item = this.#ready.shift()!;
      if (this.#inFlight.has(item.id)) continue;
      const current = outbox.stillDue(item, now);
      if (current) picked.push(current);
    }
    return picked;
  }

  #launch(item: OutboxItem): void {
    this.#sending += 1;
    const delivery = this.#options
      .send(item)
      .catch((error: unknown): SendResult => ({
        ok: false,
        error: { description: `Sending failed: ${String(error)}`, retryable: true, needsPerson: false },
      }))
      .then((result) => {
        // The endpoint has answered: its slot takes the next item while this outcome is recorded
        // (a delivered mark waits for the next batched commit; holding the slot through that fsync
        // cost every request a few ms on top of its round trip).
        this.#sending -= 1;
        this.#loop.wake();
        return this.#settle(item, result);
      })
      // Recording the outcome failed: the item stays pending and goes again (stored once by its
      // request id); the engine carries on.
      .catch((error: unknown) => this.#storageFailed(error))
      .finally(() => {
        this.#inFlight.delete(item.id);
        this.#loop.wake();
      });
    this.#inFlight.set(item.id, delivery);
  }

  #settle(item: OutboxItem, result: SendResult): Promise<void> | void {
    const { outbox } = this.#options;
    if (result.ok) {
      this.#consecutiveFailures = 0;
      this.#lastError = null;
      this.#emit();
      return this.#markDelivered(item);
    } else if (result.error.needsPerson) {
      // Bad key, missing scopes, quota: retrying cannot help. Keep the item pending and stop.
      outbox.markRetry(item.id, item.requestId, result.error, new Date(this.#options.now()));
      this.#lastError = result.error;
      this.#blocked = true;
      this.#setState('blocked');
    } else if (result.error.retryable) {
      this.#consecutiveFailures += 1;
      this.#lastError = result.error;
      const delay = backoffDelayMs(
        item.attempts + 1,
        this.#options.backoff,
        this.#options.random,
        result.retryAfterMs,
      );
      outbox.markRetry(item.id, item.requestId, result.error, new Date(this.#options.now() + delay));
      if (this.#consecutiveFailures >= this.#options.circuitThreshold) {
        const cooldown = backoffDelayMs(
          this.#consecutiveFailures - this.#options.circuitThreshold + 1,
          this.#options.backoff,
          () => 1,
          result.retryAfterMs,
        );
        this.#circuitOpenUntil = this.#options.now() + cooldown;
      }
    } else {
      outbox.markFailed(item.id, item.requestId, result.error);
      this.#lastError = result.error;
      this.#consecutiveFailures = 0;
    }
    this.#emit();
  }

  /**
   * Deliveries that settle together are marked in one transaction (one fsync, not one each). The
   * item stays in flight until its mark is committed, so it is never picked again meanwhile; if
   * the process dies first, the item is sent again and the server recognises its request id.
   */
  #markDelivered(item: OutboxItem): Promise<void> {
    this.#delivered.push({ id: item.id, requestId: item.requestId });
    this.#flush ??= new Promise((resolve) =>
      setTimeout(() => {
        const batch = this.#delivered.splice(0);
        this.#flush = undefined;
        try {
          this.#options.outbox.markDeliveredMany(batch);
        } catch (error) {
          // Left pending: they go again, and the server stores each request id once.
          this.#lastError = {
            description: `Could not record deliveries: ${String(error)}`,
            retryable: true,
            needsPerson: false,
          };
        }
        resolve();
      }, markDelayMs),
    );
    return this.#flush;
  }

  #storageFailed(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.#lastError = {
      description: `The outbox could not be read or updated in the workspace file (${reason}); trying again`,
      retryable: true,
      needsPerson: false,
    };
    this.#emitNow();
  }

  #setState(state: SyncState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#emitNow();
  }

  /** Progress: at most every 100 ms (counting the queue per delivered item would cost O(n²)). */
  #emit(): void {
    if (this.#emitTimer) return;
    this.#emitTimer = setTimeout(() => this.#emitNow(), 100);
    this.#emitTimer.unref();
  }

  #emitNow(): void {
    clearTimeout(this.#emitTimer);
    this.#emitTimer = undefined;
    this.#options.onStatus?.(this.status());
  }
}
