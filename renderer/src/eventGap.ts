import type { EventCursor } from '../../shared/eventCursor.ts';

/**
 * Tells when the page may have missed an event of the bridge's socket (docs/design.md §1): one
 * emitted after a command's answer was read and before the socket subscribed (at start, the start
 * state is read while the socket is still opening), or while the socket was down. Each answer
 * carries the cursor it was read at, the socket's first frame the cursor it subscribed at, and
 * every event its number; an event is possibly missed exactly when the state was read at an older
 * cursor than the one the socket picked up from. Nothing missed, nothing read again (issue 21).
 */
export class EventGap {
  /** Where the open socket subscribed; undefined while it is not open. */
  #openedAt: EventCursor | undefined;
  /** The last event the open socket delivered (from `openedAt` on). */
  #last: EventCursor | undefined;
  /** The oldest cursor some state was read at while no socket was open. */
  #oldest: EventCursor | undefined;
  /** A miss was reported since the socket opened: the state read again covers the rest of it. */
  #reported = false;

  /** A command's answer was read at `cursor`; true when an event may have been missed. */
  answered(cursor: EventCursor): boolean {
    if (this.#openedAt) return this.#report(isBefore(cursor, this.#openedAt));
    this.#oldest = older(this.#oldest, cursor);
    return false;
  }

  /** The socket subscribed at `cursor`; true when an event may have been missed. */
  opened(cursor: EventCursor): boolean {
    const missed = this.#oldest !== undefined && isBefore(this.#oldest, cursor);
    this.#openedAt = cursor;
    this.#last = cursor;
    this.#oldest = undefined;
    this.#reported = false;
    return this.#report(missed);
  }

  /** The open socket delivered event number `seq`. */
  received(seq: number): void {
    if (this.#last) this.#last = { stream: this.#last.stream, seq };
  }

  /** The socket closed: the page has seen every event up to the last one it delivered. */
  closed(): void {
    if (this.#last) this.#oldest = older(this.#oldest, this.#last);
    this.#openedAt = undefined;
    this.#last = undefined;
  }

  /** Once per opening: several answers read before it were all cut before the same events. */
  #report(missed: boolean): boolean {
    if (!missed || this.#reported) return false;
    this.#reported = true;
    return true;
  }
}

/** Whether events came after `read` and up to `from` (another stream: the main side restarted). */
function isBefore(read: EventCursor, from: EventCursor): boolean {
  return read.stream !== from.stream || read.seq < from.seq;
}

/** The older of two cursors; of two streams, the first seen (it then differs from any later one). */
function older(kept: EventCursor | undefined, next: EventCursor): EventCursor {
  if (!kept || (kept.stream === next.stream && next.seq < kept.seq)) return next;
  return kept;
}
