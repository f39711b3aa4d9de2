import { recall, remember } from '../state/windowMemory.ts';
import { create } from 'zustand';
import type { ImageStatus } from '../../../shared/imageStatus.ts';
import type { Result } from '../../../shared/result.ts';
import {
  imageListFilterSchema,
  imageSortSchema,
  type ImageListFilter,
  type ImageListItem,
  type ImageSort,
} from '../../../shared/workspaceViews.ts';
import { loupe } from '../loupe.ts';
import { useAppStore } from '../state/appStore.ts';
import { pagesCovering, type RowRange } from './windowing.ts';

/** Rows are loaded in pages as they scroll into view: 50,000 images never sit in memory at once. */
export const listPageSize = 100;

export interface ReviewProgress {
  reviewed: number;
  inProgress: number;
  failed: number;
  total: number;
}

interface ImageListState {
  filter: ImageListFilter;
  sort: ImageSort;
  total: number;
  pages: ReadonlyMap<number, readonly ImageListItem[]>;
  /** Images chosen for a bulk action. */
  chosen: ReadonlySet<number>;
  progress: ReviewProgress | undefined;
  /** The row of the open image, when it was opened from the list (J/K step from here). */
  cursor: number | undefined;
}

const initial = remembered();

export const useImageListStore = create<ImageListState>(() => ({
  filter: initial.filter,
  sort: initial.sort,
  total: 0,
  pages: new Map(),
  chosen: new Set(),
  progress: undefined,
  cursor: undefined,
}));

const store = useImageListStore;
/** Bumped when the list must be read again; answers for an older generation are dropped. */
let generation = 0;
const loading = new Set<string>();
/** The pages the list shows now: a refresh reloads these and forgets the rest. */
let wanted: number[] = [0];

function report<T>(result: Result<T>): T | undefined {
  return useAppStore.getState().report(result);
}

async function loadPage(page: number): Promise<void> {
  const token = `${generation}:${page}`;
  if (loading.has(token)) return;
  loading.add(token);
  const asked = generation;
  const { filter, sort } = store.getState();
  const result = await loupe.invoke('images.list', {
    offset: page * listPageSize,
    limit: listPageSize,
    sort,
    ...filter,
  });
  loading.delete(token);
  if (asked !== generation) return;
  const value = report(result);
  if (value)
    store.setState((state) => ({ total: value.total, pages: new Map(state.pages).set(page, value.items) }));
}

/** Loads the pages a range of rows needs (the list calls this as it scrolls). */
export function showRows(range: RowRange): void {
  wanted = pagesCovering(range, listPageSize);
  if (wanted.length === 0) wanted = [0];
  const { pages } = store.getState();
  for (const page of wanted) if (!pages.has(page)) void loadPage(page);
}

async function loadProgress(): Promise<void> {
  const info = await loupe.invoke('workspace.info', {});
  if (!info.ok) return;
  const { byStatus, images } = info.value;
  store.setState({
    progress: {
      reviewed: byStatus.done + byStatus.queued,
      inProgress: byStatus.in_progress,
      failed: byStatus.failed,
      total: images,
    },
  });
}

/** Reads the shown pages again (an edit moved their counts; statuses and totals stay). */
export function refreshRows(): void {
  generation++;
  store.setState((state) => ({
    pages: new Map([...state.pages].filter(([page]) => wanted.includes(page))),
  }));
  for (const page of wanted) void loadPage(page);
}

/** Reads the shown pages and the progress again (images changed: a status moved, images arrived). */
export function refreshList(): void {
  refreshRows();
  void loadProgress();
  void loadConcepts();
}

/**
 * The list's first load when the review screen mounts: pages already read (coming back from
 * another screen) are read again; when none is, the pages the list asked for are only loaded, so
 * the request the list itself just sent is not sent twice (issue 21, one load per piece).
 */
export function loadList(): void {
  if (store.getState().pages.size > 0) refreshRows();
  else for (const page of wanted) void loadPage(page);
  void loadProgress();
  void loadConcepts();
}

/** Changes the list's filter (a part of it) or order; kept across this window's reloads. */
export function setListView(change: { filter?: ImageListFilter; sort?: ImageSort }): void {
  const { filter, sort } = { ...store.getState(), ...change };
  remember('listView', JSON.stringify({ filter, sort }));
  generation++;
  wanted = [0];
  store.setState({ filter, sort, pages: new Map(), total: 0, cursor: undefined });
  void loadPage(0);
}

/** The concepts the list can be filtered by (loaded when the list is shown and when images change). */
export const useListConcepts = create<{ concepts: readonly { name: string; images: number }[] }>(() => ({
  concepts: [],
}));

async function loadConcepts(): Promise<void> {
  const result = await loupe.invoke('images.concepts', {});
  if (result.ok) useListConcepts.setState({ concepts: result.value.concepts });
}

/** The image at a row, loading its page when needed. */
export async function imageAt(index: number): Promise<ImageListItem | undefined> {
  const page = Math.floor(index / listPageSize);
  if (!store.getState().pages.has(page)) await loadPage(page);
  return store.getState().pages.get(page)?.[index % listPageSize];
}

/** The row of an image among the loaded pages, if it is there. */
export function rowOf(imageId: number | undefined): number | undefined {
  if (imageId === undefined) return undefined;
  for (const [page, items] of store.getState().pages) {
    const index = items.findIndex((item) => item.id === imageId);
    if (index !== -1) return page * listPageSize + index;
  }
  return undefined;
}

export function toggleChosen(imageId: number): void {
  store.setState((state) => {
    const chosen = new Set(state.chosen);
    if (!chosen.delete(imageId)) chosen.add(imageId);
    return { chosen };
  });
}

export function clearChosen(): void {
  store.setState({ chosen: new Set() });
}

/**
 * The image to review after `afterId`: the first unreviewed one after it in import order (wrapping
 * round), else one in progress. Reviewers work forwards, so the unreviewed images after the
 * current one are at the head of that list and one page nearly always answers.
 */
export async function nextToReview(
  afterId: number | undefined,
  statuses: readonly ImageStatus[] = ['unreviewed', 'in_progress'],
): Promise<number | undefined> {
  for (const status of statuses) {
    let first: number | undefined;
    for (let offset = 0; ; offset += 500) {
      const result = await loupe.invoke('images.list', { offset, limit: 500, status });
      if (!result.ok) return undefined;
      const ids = result.value.items.map((item) => item.id).filter((id) => id !== afterId);
      first ??= ids[0];
      const after = afterId === undefined ? ids[0] : ids.find((id) => id > afterId);
      if (after !== undefined) return after;
      if (offset + 500 >= result.value.total) break;
    }
    if (first !== undefined) return first;
  }
  return undefined;
}

/** The list's filter and order this window had before a reload. */
function remembered(): { filter: ImageListFilter; sort: ImageSort } {
  let value: { filter?: unknown; sort?: unknown } = {};
  try {
    value = JSON.parse(recall('listView') ?? '{}') as typeof value;
  } catch {
    // Not ours, or damaged: the list starts unfiltered.
  }
  const filter = imageListFilterSchema.safeParse(value.filter);
  const sort = imageSortSchema.safeParse(value.sort);
  return { filter: filter.success ? filter.data : {}, sort: sort.success ? sort.data : 'import' };
}

/** An image that still needs a reviewer: not submitted, or with regions nobody judged. */
export function needsAttention(image: ImageListItem): boolean {
  return image.status === 'unreviewed' || image.status === 'in_progress' || image.unreviewedRegions > 0;
}

/**
 * The row of the next image needing attention after `row`, in the list's order and filter
 * (wrapping round); pages load as it looks, so a sorted list of thousands answers from its head.
 */
export async function nextNeedingAttention(row: number | undefined): Promise<number | undefined> {
  const { total } = store.getState();
  const start = row === undefined ? 0 : row + 1;
  for (let step = 0; step < total; step++) {
    const index = (start + step) % total;
    const image = await imageAt(index);
    if (image && index !== row && needsAttention(image)) return index;
  }
  return undefined;
}
