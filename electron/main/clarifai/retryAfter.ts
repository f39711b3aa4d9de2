/**
 * `Retry-After` (RFC 9110 §10.2.3) → milliseconds to wait, or undefined when absent or
 * unreadable. Either delta seconds (`120`) or an HTTP date; a date in the past means "now" (0).
 * Only the three HTTP date formats are accepted: `Date.parse` alone would read `1.5` as a date.
 */
const httpDateFormats = [
  /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/, // IMF-fixdate
  /^[A-Za-z]{6,9}, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT$/, // obsolete RFC 850
  /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/, // obsolete asctime
];

/** Longer waits than this are taken as a server mistake, not a plan: a day at most. */
export const maxRetryAfterMs = 24 * 60 * 60 * 1000;

export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return capped(Number(text) * 1000);
  if (!httpDateFormats.some((format) => format.test(text))) return undefined;
  // asctime carries no zone; HTTP dates are always GMT.
  const date = Date.parse(text.endsWith('GMT') ? text : `${text} GMT`);
  return Number.isNaN(date) ? undefined : capped(Math.max(0, date - now));
}

function capped(ms: number): number | undefined {
  return Number.isFinite(ms) ? Math.min(ms, maxRetryAfterMs) : undefined;
}
