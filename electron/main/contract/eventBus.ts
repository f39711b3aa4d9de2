import { events, type EventName, type EventPayload } from '../../../shared/contract.ts';

export type EventListener = (name: EventName, payload: unknown) => void;

/**
 * Fans contract events out to every transport (each open window or WebSocket). Payloads are
 * validated against the contract before they are handed on, as command outputs are.
 */
export class EventBus {
  readonly #listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const parsed: unknown = events[name].parse(payload);
    for (const listener of this.#listeners) listener(name, parsed);
  }
}
