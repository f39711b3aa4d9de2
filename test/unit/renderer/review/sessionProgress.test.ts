import '../../../support/rendererGlobals.ts';
import { describe, expect, it } from 'vitest';
import { formatDuration, sessionPace } from '../../../../renderer/src/review/sessionProgress.ts';

describe('the session pace', () => {
  it('is images done per hour since the start, and the time the rest takes at it', () => {
    const start = Date.UTC(2026, 11, 3, 9);
    expect(sessionPace({ startedAt: start, done: 0 }, start + 600_000, 10)).toBeUndefined();
    const pace = sessionPace({ startedAt: start, done: 30 }, start + 30 * 60_000, 90)!;
    expect(pace.perHour).toBe(60);
    expect(formatDuration(pace.leftMs)).toBe('1 h 30 min');
    expect(formatDuration(45 * 60_000)).toBe('45 min');
    expect(formatDuration(2 * 3_600_000)).toBe('2 h');
    expect(formatDuration(20_000)).toBe('under a minute');
  });
});
