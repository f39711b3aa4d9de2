import { describe, expect, it } from 'vitest';
import {
  maxScrollHeight,
  pagesCovering,
  rowsOffset,
  scrollGeometry,
  scrollOffset,
  scrollToShow,
  visibleRows,
} from '../../../../renderer/src/review/windowing.ts';

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

  it('scrolls a million rows within the height a browser lays out, to the last row', () => {
    const viewport = 560;
    expect(scrollGeometry(50_000, 56, viewport)).toEqual({ spacerHeight: 50_000 * 56, scale: 1 });
    const million = scrollGeometry(1_000_000, 56, viewport);
    expect(million.spacerHeight).toBe(maxScrollHeight);
    expect(million.scale).toBeGreaterThan(1);
    // Scrolled to the end: the last rows are the ones in view.
    const end = rowsOffset(million.spacerHeight - viewport, million);
    expect(visibleRows(end, viewport, 56, 1_000_000, 0)).toEqual({ start: 1_000_000 - 10, end: 1_000_000 });
    // Halfway down is halfway through the rows; and a row brought into view maps back.
    expect(
      visibleRows(rowsOffset((million.spacerHeight - viewport) / 2, million), viewport, 56, 1_000_000, 0)
        .start,
    ).toBe(499_995);
    const target = scrollToShow(700_000, 0, viewport, 56)!;
    const scrolled = scrollOffset(target, million);
    expect(scrolled).toBeLessThan(maxScrollHeight);
    expect(visibleRows(rowsOffset(scrolled, million), viewport, 56, 1_000_000, 0).end).toBe(700_001);
  });
});
