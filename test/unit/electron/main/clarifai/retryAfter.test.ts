import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../../../electron/main/clarifai/retryAfter.ts';

const now = Date.parse('2025-05-01T12:00:00Z');

describe('Retry-After', () => {
  it.each([
    ['0', 0],
    ['15', 15_000],
    [' 120 ', 120_000],
    ['Thu, 01 May 2025 12:00:30 GMT', 30_000],
    ['Thursday, 01-May-25 12:01:00 GMT', 60_000],
    ['Thu May  1 12:00:05 2025', 5_000],
    ['Thu, 01 May 2025 11:00:00 GMT', 0],
  ])('%j → %i ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it.each([null, undefined, '', '-5', '1.5', 'soon', '2025-05-01T12:00:30Z', 'Thu, 01 May 2025 12:00:30'])(
    'ignores %j',
    (value) => {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    },
  );
});
