import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { rowsOffset, scrollGeometry, scrollRowIntoView, visibleRows } from '../review/windowing.ts';
import { cropCellId, TriageCrop } from './TriageCrop.tsx';
import { showItems, useTriageStore } from './triageStore.ts';

/** A crop's cell: 192 px of crop, its caption and verdict, the gap. */
export const cropCellWidth = 208;
export const cropRowHeight = 256;
export const triageGridId = 'triage-grid';

/**
 * The crops in rows of as many as fit, windowed as VirtualList windows the image list (the same
 * windowing.ts arithmetic, including the scaled spacer past Chromium's layout limit): only the rows
 * in view (plus two) exist in the DOM, and their pages are read as they scroll in.
 */
export function TriageGrid() {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const total = useTriageStore((state) => state.total ?? 0);
  const focus = useTriageStore((state) => state.focus);
  const columns = Math.max(1, Math.floor(size.width / cropCellWidth));
  const rowCount = Math.ceil(total / columns);
  const geometry = scrollGeometry(rowCount, cropRowHeight, size.height);
  const rowsTop = rowsOffset(scrollTop, geometry);
  const { start, end } = visibleRows(rowsTop, size.height, cropRowHeight, rowCount, 2);

  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setSize({ width: element.clientWidth, height: element.clientHeight });
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    measure();
    return () => observer.disconnect();
  }, []);

  useEffect(() => useTriageStore.setState({ columns }), [columns]);
  useEffect(() => showItems(start * columns, end * columns), [start, end, columns]);

  // The focused crop's row is scrolled into view when the focus moves.
  const focusRow = Math.floor(focus / columns);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    scrollRowIntoView(element, focusRow, rowCount, cropRowHeight);
  }, [focusRow, rowCount]);

  const rows: ReactNode[] = [];
  for (let row = start; row < end; row++) {
    const cells: ReactNode[] = [];
    for (let index = row * columns; index < Math.min(total, (row + 1) * columns); index++)
      cells.push(<TriageCrop key={index} index={index} />);
    rows.push(
      <div
        key={row}
        role="row"
        className="virtual-row triage-row"
        style={{ top: row * cropRowHeight - rowsTop + scrollTop, height: cropRowHeight }}
      >
        {cells}
      </div>,
    );
  }
  return (
    <div
      ref={ref}
      id={triageGridId}
      className="triage-grid"
      role="grid"
      aria-label="Region crops"
      aria-multiselectable
      aria-rowcount={rowCount}
      aria-activedescendant={total > 0 ? cropCellId(focus) : undefined}
      data-testid="triage-grid"
      data-total={total}
      data-columns={columns}
      data-focus={focus}
      tabIndex={0}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div className="virtual-spacer" style={{ height: geometry.spacerHeight }}>
        {rows}
      </div>
    </div>
  );
}
