/**
 * The names of the events the main side sends (their payloads are declared in contract.ts, which
 * must list exactly these). Apart so the renderer can check an incoming event's name without
 * loading the contract's schemas: building them all costs its start-up (docs/design.md §6).
 */
export const eventNames = [
  'settings.changed',
  'sync.status',
  'import.progress',
  'predict.progress',
  'ui.navigate',
  'images.changed',
  'review.changed',
] as const;

export type EventName = (typeof eventNames)[number];

const known: ReadonlySet<string> = new Set(eventNames);

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && known.has(name);
}
