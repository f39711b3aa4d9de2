/** Fixed-height row windowing: which rows to render and which pages of them to load. */

export interface RowRange {
  /** First row to render (inclusive). */
  start: number;
  /** Row after the last to render (exclusive). */
  end: number;
}

export function visibleRows(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan = 5,
): RowRange {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewportHeight)) / rowHeight);
  return { start: Math.max(0, Math.min(count, first - overscan)), end: Math.min(count, last + overscan) };
}

/**
 * The tallest scroll area the list lays out: Chromium's layout positions end at 2^25 px
 * (33,554,431), and 1,000,000 rows of 56 px would need 56,000,000 — the rows past the limit could
 * never be scrolled to. Taller lists scroll a spacer this tall, each scrolled pixel moving
 * `scale` pixels of rows.
 */
export const maxScrollHeight = 30_000_000;

export interface ScrollGeometry {
  /** Height of the scrolled spacer. */
  spacerHeight: number;
  /** Row pixels per scrolled pixel: 1 unless the rows are taller than `maxScrollHeight`. */
  scale: number;
}

export function scrollGeometry(
  count: number,
  rowHeight: number,
  viewportHeight: number,
  max = maxScrollHeight,
): ScrollGeometry {
  const total = Math.max(0, count) * rowHeight;
  if (total <= max || max <= viewportHeight) return { spacerHeight: total, scale: 1 };
  // Scrolled to the end (max − viewport), the viewport's top is the last screenful's.
  return { spacerHeight: max, scale: (total - viewportHeight) / (max - viewportHeight) };
}

/** Where the viewport's top is among the rows (in row pixels) at a scroll position, and back. */
export const rowsOffset = (scrollTop: number, geometry: ScrollGeometry): number => scrollTop * geometry.scale;
export const scrollOffset = (rowsTop: number, geometry: ScrollGeometry): number => rowsTop / geometry.scale;

/** Indexes of the pages of `pageSize` rows that cover a range. */
export function pagesCovering(range: RowRange, pageSize: number): number[] {
  if (range.end <= range.start) return [];
  const pages: number[] = [];
  for (let page = Math.floor(range.start / pageSize); page * pageSize < range.end; page++) pages.push(page);
  return pages;
}

/** The scroll position that brings a row into view, or undefined when it already is. */
export function scrollToShow(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
): number | undefined {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return undefined;
}

/**
 * Scrolls a windowed list's element, if needed, so that `row` (of `count` rows of `rowHeight`) is
 * in view: the image list and the triage grid both keep their focused row shown this way.
 */
export function scrollRowIntoView(element: HTMLElement, row: number, count: number, rowHeight: number): void {
  const shape = scrollGeometry(count, rowHeight, element.clientHeight);
  const next = scrollToShow(row, rowsOffset(element.scrollTop, shape), element.clientHeight, rowHeight);
  if (next !== undefined) element.scrollTop = scrollOffset(next, shape);
}
