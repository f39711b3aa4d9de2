/**
 * Sleeps that can be cut short: a background loop waits for its next due time (or forever) and is
 * woken at once when there is new work, a pause/resume, or a stop (jobLoop.ts).
 */
export class WakeableSleep {
  readonly #waiters = new Set<() => void>();

  /** Waits `ms` (Infinity: until woken). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      this.#waiters.add(done);
    });
  }

  wakeAll(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}
