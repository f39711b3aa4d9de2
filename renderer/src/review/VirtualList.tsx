import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { rowsOffset, scrollGeometry, scrollRowIntoView, visibleRows, type RowRange } from './windowing.ts';

/**
 * A fixed-row-height windowed list: only the rows in view (plus a few) exist in the DOM, inside a
 * spacer as tall as all of them (up to `maxScrollHeight`; a taller list scrolls faster than its rows,
 * see windowing.ts), so 1,000,000 rows scroll like 20. `onRange` says which rows are
 * shown (to load their data); `scrollToRow` brings a row into view when it changes.
 */
export function VirtualList(props: {
  count: number;
  rowHeight: number;
  renderRow: (index: number) => ReactNode;
  onRange: (range: RowRange) => void;
  scrollToRow: number | undefined;
  className?: string;
  label: string;
  id?: string;
  activeDescendant?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(0);
  const { count, rowHeight, onRange, scrollToRow } = props;
  const geometry = scrollGeometry(count, rowHeight, height);
  // The viewport's top among the rows: the scroll position unless the list is scaled.
  const rowsTop = rowsOffset(scrollTop, geometry);
  const range = visibleRows(rowsTop, height, rowHeight, count);

  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    setHeight(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  const { start, end } = range;
  useEffect(() => onRange({ start, end }), [onRange, start, end]);

  useEffect(() => {
    const element = ref.current;
    if (!element || scrollToRow === undefined) return;
    scrollRowIntoView(element, scrollToRow, count, rowHeight);
  }, [scrollToRow, rowHeight, count]);

  const rows: ReactNode[] = [];
  for (let index = range.start; index < range.end; index++) {
    rows.push(
      <div
        key={index}
        className="virtual-row"
        style={{ top: index * rowHeight - rowsTop + scrollTop, height: rowHeight }}
      >
        {props.renderRow(index)}
      </div>,
    );
  }
  return (
    <div
      ref={ref}
      id={props.id}
      className={props.className}
      role="listbox"
      aria-label={props.label}
      aria-activedescendant={props.activeDescendant}
      tabIndex={0}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div className="virtual-spacer" style={{ height: geometry.spacerHeight }}>
        {rows}
      </div>
    </div>
  );
}
