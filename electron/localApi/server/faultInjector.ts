import { randomInt } from 'node:crypto';
import { createRandom, type Random } from '../../../shared/random.ts';
import { faultKinds, noFaults, type FaultConfig, type FaultKind } from './faultConfig.ts';

export interface FaultDecision {
  /** 1 for the first request decided since the settings were (re)applied. */
  n: number;
  kind: FaultKind | 'none';
  latencyMs: number;
  /** Which variant of the fault (e.g. which 5xx), in [0, 1). */
  variant: number;
}

const historyLength = 1000;

/**
 * Decides, request by request, which fault to inject. Every decision draws exactly three numbers
 * from a seeded PRNG (fault, latency jitter, variant), so the same seed and the same sequence of
 * requests give the same sequence of faults, whatever the faults are.
 */
export class FaultInjector {
  #config: FaultConfig = noFaults;
  #seed = 0;
  #random: Random = createRandom(0);
  #count = 0;
  #history: FaultDecision[] = [];

  constructor(config: FaultConfig = noFaults) {
    this.configure(config);
  }

  /** New settings; the sequence starts again from the seed. */
  configure(config: FaultConfig): void {
    this.#config = config;
    this.#seed = config.seed ?? randomInt(0, 0xffffffff);
    this.#random = createRandom(this.#seed);
    this.#count = 0;
    this.#history = [];
  }

  get config(): FaultConfig & { seed: number } {
    return { ...this.#config, seed: this.#seed };
  }

  /** The latest decisions, oldest first. */
  get history(): readonly FaultDecision[] {
    return this.#history;
  }

  get active(): boolean {
    return (
      this.#config.latencyMs > 0 ||
      this.#config.latencyJitterMs > 0 ||
      faultKinds.some((kind) => this.#config[kind] > 0)
    );
  }

  decide(): FaultDecision {
    const pick = this.#random.next();
    const jitter = this.#random.next();
    const variant = this.#random.next();
    let kind: FaultDecision['kind'] = 'none';
    let threshold = 0;
    for (const candidate of faultKinds) {
      threshold += this.#config[candidate];
      if (pick < threshold) {
        kind = candidate;
        break;
      }
    }
    const latencyMs = this.#config.latencyMs + Math.floor(jitter * (this.#config.latencyJitterMs + 1));
    const decision = { n: ++this.#count, kind, latencyMs, variant };
    this.#history.push(decision);
    if (this.#history.length > historyLength) this.#history.shift();
    return decision;
  }
}
