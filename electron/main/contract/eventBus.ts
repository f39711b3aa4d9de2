import { randomBytes } from 'node:crypto';
import { events, type EventName, type EventPayload } from '../../../shared/contract.ts';
import type { EventCursor } from '../../../shared/eventCursor.ts';

export type EventListener = (name: EventName, payload: unknown, seq: number) => void;

/**
 * Fans contract events out to every transport (each open window or WebSocket). Payloads are
 * validated against the contract before they are handed on, as command outputs are.
 *
 * Every event is numbered (`seq`, from 1, within this bus's `stream`) so a transport that can
 * miss some — the bridge's socket, before it opens or while it is down — can tell a page which
 * ones it may have missed (docs/design.md §1, events a page may miss).
 */
export class EventBus {
  readonly #listeners = new Set<EventListener>();
  /** Names this process's numbering: a restarted main side starts again from 0. */
  readonly #stream = randomBytes(6).toString('base64url');
  #seq = 0;

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The last event emitted so far (seq 0: none yet). */
  get cursor(): EventCursor {
    return { stream: this.#stream, seq: this.#seq };
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const parsed: unknown = events[name].parse(payload);
    this.#seq += 1;
    const seq = this.#seq;
    for (const listener of this.#listeners) listener(name, parsed, seq);
  }
}
