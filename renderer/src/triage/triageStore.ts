import { create } from 'zustand';
import type { RegionListFilter, RegionPage, RegionRow, RegionSort } from '../../../shared/regionTriage.ts';
import { loupe } from '../loupe.ts';
import { useAppStore, type View } from '../state/appStore.ts';
import { expireNotices } from '../state/expiringNotice.ts';
import { pagesCovering } from '../review/windowing.ts';

/**
 * The region triage grid's state (docs/triage.md): the filtered, sorted regions of the workspace in
 * pages read by offset as they scroll into view (100,000 regions never sit in memory at once), the
 * focused crop and the selection.
 */

/** Regions per `regions.list` page. */
export const triagePageSize = 120;

export interface TriageState {
  filter: RegionListFilter;
  sort: RegionSort;
  /** How many regions the filters select; undefined until the first page has been read. */
  total: number | undefined;
  pages: ReadonlyMap<number, readonly RegionRow[]>;
  models: readonly string[];
  concepts: readonly string[];
  progress: RegionPage['progress'] | undefined;
  /** The grid's columns at its current width (the arrows' Up and Down step by this). */
  columns: number;
  focus: number;
  /** Where a Shift+arrow or Shift+click range started. */
  anchor: number | undefined;
  /** Selected regions by `rowId`, with the row as it was when selected. */
  selection: ReadonlyMap<string, RegionRow>;
  /** Predictions a grid key edited since the grid opened: what its submit sends. */
  touched: ReadonlySet<number>;
  /** The predictions each verdict key press edited, newest last (Ctrl+Z undoes the last). */
  history: readonly (readonly number[])[];
  /** Key presses queued or under way (tests wait for 0). */
  pending: number;
  dialog: 'shortcuts' | undefined;
  notice: string | undefined;
  /** The screen Esc goes back to. */
  returnTo: View;
}

export const useTriageStore = create<TriageState>(() => ({
  filter: {},
  sort: 'confidenceAsc',
  total: undefined,
  pages: new Map(),
  models: [],
  concepts: [],
  progress: undefined,
  columns: 1,
  focus: 0,
  anchor: undefined,
  selection: new Map(),
  touched: new Set(),
  history: [],
  pending: 0,
  dialog: undefined,
  notice: undefined,
  returnTo: 'review',
}));

expireNotices(useTriageStore);

const store = useTriageStore;

/** A region's id in the grid: its prediction and key (the crop route names it the same way). */
export const rowId = (row: Pick<RegionRow, 'predictionId' | 'regionKey'>): string =>
  `${row.predictionId}/${row.regionKey}`;

export function rowAt(state: TriageState, index: number): RegionRow | undefined {
  return state.pages.get(Math.floor(index / triagePageSize))?.[index % triagePageSize];
}

/** Bumped when the filter or sort changes: answers for an older generation are dropped. */
let generation = 0;
const loading = new Map<string, Promise<void>>();
/** The pages the grid shows now: a refresh reads these again and forgets the rest. */
let wanted: number[] = [0];

async function loadPage(page: number, asOf = generation): Promise<void> {
  const key = `${asOf}:${page}`;
  const running = loading.get(key);
  if (running) return running;
  const { filter, sort } = store.getState();
  const task = loupe
    .invoke('regions.list', { filter, sort, offset: page * triagePageSize, limit: triagePageSize })
    .then((result) => {
      if (asOf !== generation) return;
      const value = useAppStore.getState().report(result);
      if (!value) return;
      store.setState((state) => ({
        total: value.total,
        models: value.models,
        concepts: value.concepts,
        progress: value.progress,
        pages: new Map(state.pages).set(page, value.items),
      }));
    })
    .finally(() => loading.delete(key));
  loading.set(key, task);
  return task;
}

/** The grid shows these regions (by index): their pages are read if they are not yet. */
export function showItems(start: number, end: number): void {
  wanted = pagesCovering({ start, end: Math.max(end, start + 1) }, triagePageSize);
  const { pages } = store.getState();
  for (const page of wanted) if (!pages.has(page)) void loadPage(page);
}

/** Makes sure the regions from `start` to `end` (exclusive) are loaded. */
export async function ensureItems(start: number, end: number): Promise<void> {
  const { pages } = store.getState();
  await Promise.all(
    pagesCovering({ start, end: Math.max(end, start + 1) }, triagePageSize)
      .filter((page) => !pages.has(page))
      .map((page) => loadPage(page)),
  );
}

/**
 * Reads the shown pages again (after an edit, or with new filters), dropping the others; the old
 * rows stay on screen until the new ones are there.
 */
export async function refreshPages(reset = false): Promise<void> {
  generation++;
  const asOf = generation;
  if (reset) {
    wanted = [0];
    store.setState({ pages: new Map(), total: undefined });
  }
  // The focused crop's page too: the keys act on it even before the grid has scrolled to it.
  const kept = new Set([...wanted, Math.floor(store.getState().focus / triagePageSize)]);
  store.setState((state) => ({
    pages: new Map([...state.pages].filter(([page]) => kept.has(page))),
  }));
  await Promise.all([...kept].map((page) => loadPage(page, asOf)));
}

let chain: Promise<void> = Promise.resolve();

/**
 * Every grid key press and click runs in one serial queue, in the order they came: each acts on
 * the grid as the one before it left it (a quick A, A, A judges three crops, not one thrice).
 */
export function enqueue(task: () => Promise<void> | void): Promise<void> {
  store.setState((state) => ({ pending: state.pending + 1 }));
  const run = chain.then(task).finally(() => store.setState((state) => ({ pending: state.pending - 1 })));
  chain = run.catch((error: unknown) =>
    store.setState({
      notice: `Something went wrong: ${error instanceof Error ? error.message : String(error)}`,
    }),
  );
  return chain;
}
