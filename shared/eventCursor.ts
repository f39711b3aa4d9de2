/**
 * Where the main side's event stream stood: the number of the last event emitted (`seq`, 0 when
 * none yet) in the stream of one main-side process (`stream`, new on every start). The bridge
 * sends it with every command's answer (the state the answer was read from has seen every event
 * up to it) and as the first frame of each event socket (the socket gets every event after it),
 * so a page can tell when an event fell between the two (docs/design.md §1).
 */
export interface EventCursor {
  stream: string;
  seq: number;
}

/** The HTTP header of a command's answer that carries the cursor, as `stream:seq`. */
export const eventCursorHeader = 'X-Loupe-Event-Cursor';

export function formatEventCursor(cursor: EventCursor): string {
  return `${cursor.stream}:${cursor.seq}`;
}

/** The cursor in a header or frame, or undefined when it is not one. */
export function parseEventCursor(text: unknown): EventCursor | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /^([\w-]{1,64}):(\d{1,15})$/.exec(text);
  return match ? { stream: match[1]!, seq: Number(match[2]) } : undefined;
}
