import { describe, expect, it } from 'vitest';
import { pagesCovering, scrollToShow, visibleRows } from '../../../../renderer/src/review/windowing.ts';

describe('list windowing', () => {
  it('renders the rows in view plus a few either side', () => {
    expect(visibleRows(0, 560, 56, 50_000, 5)).toEqual({ start: 0, end: 15 });
    expect(visibleRows(56 * 1000, 560, 56, 50_000, 5)).toEqual({ start: 995, end: 1015 });
    expect(visibleRows(56 * 49_995, 560, 56, 50_000, 5)).toEqual({ start: 49_990, end: 50_000 });
    expect(visibleRows(0, 560, 56, 0)).toEqual({ start: 0, end: 0 });
  });

  it('loads the pages that cover the rows', () => {
    expect(pagesCovering({ start: 95, end: 215 }, 100)).toEqual([0, 1, 2]);
    expect(pagesCovering({ start: 0, end: 0 }, 100)).toEqual([]);
  });

  it('scrolls just enough to show a row', () => {
    expect(scrollToShow(3, 0, 560, 56)).toBeUndefined();
    expect(scrollToShow(20, 0, 560, 56)).toBe(21 * 56 - 560);
    expect(scrollToShow(2, 560, 560, 56)).toBe(112);
  });
});
