import type { RegionListFilter, RegionRow } from '../../../shared/regionTriage.ts';
import { loupe } from '../loupe.ts';
import { frequentConcepts } from '../review/regionActions.ts';
import { loadVocabulary, reloadImage } from '../review/reviewCommands.ts';
import { useReviewStore } from '../review/reviewStore.ts';
import { useAppStore } from '../state/appStore.ts';
import { triageOps, verdictAfter, type TriageVerdictKind } from './triageOps.ts';
import {
  ensureItems,
  enqueue,
  refreshPages,
  rowAt,
  rowId,
  triagePageSize,
  useTriageStore,
  type TriageState,
} from './triageStore.ts';

/** What the triage grid's keys and clicks do (docs/triage.md); each runs in the grid's queue. */

const store = useTriageStore;
const notice = (text: string) => store.setState({ notice: text });
const regionsWord = (count: number) => `${count} region${count === 1 ? '' : 's'}`;

/** Opens the grid (from the review screen's key or button), remembering where Esc goes back to. */
export function openTriage(): void {
  const { view, setView } = useAppStore.getState();
  if (view !== 'triage') store.setState({ returnTo: view });
  setView('triage');
}

/** Esc: back to the screen the grid was opened from; the canvas reads what the grid changed. */
export function closeTriage(): void {
  if (store.getState().history.length > 0) void reloadImage();
  useAppStore.getState().setView(store.getState().returnTo);
}

/** The selection of the regions from index `from` to `to` (both included), once they are loaded. */
async function rangeSelection(from: number, to: number): Promise<Map<string, RegionRow>> {
  const [low, high] = from <= to ? [from, to] : [to, from];
  await ensureItems(low, high + 1);
  const state = store.getState();
  const selection = new Map<string, RegionRow>();
  for (let index = low; index <= high; index++) {
    const row = rowAt(state, index);
    if (row) selection.set(rowId(row), row);
  }
  return selection;
}

/** Moves the focus to a crop; with `extend`, the selection runs from the anchor to it. */
function focusAt(target: (state: TriageState) => number, extend: boolean): Promise<void> {
  return enqueue(async () => {
    const { total, focus, anchor } = store.getState();
    if (!total) return;
    // Where to is asked when its turn comes, from the focus the key presses before it left.
    const next = Math.max(0, Math.min(total - 1, target(store.getState())));
    if (!extend) {
      store.setState({ focus: next, anchor: undefined, selection: new Map() });
      await ensureItems(next, next + 1);
      return;
    }
    const from = anchor ?? focus;
    store.setState({ focus: next, anchor: from, selection: await rangeSelection(from, next) });
  });
}

/** Arrows: left and right by one crop, up and down by a row; Shift extends the selection. */
export function moveFocus(dx: number, dy: number, extend: boolean): void {
  void focusAt(({ focus, columns }) => focus + dx + dy * columns, extend);
}

/** A click: focuses the crop; Shift extends the selection to it, Ctrl / ⌘ adds or takes it out. */
export function clickCrop(index: number, how: { shift: boolean; toggle: boolean }): void {
  if (how.shift) {
    void focusAt(() => index, true);
    return;
  }
  if (!how.toggle) {
    void focusAt(() => index, false);
    return;
  }
  void enqueue(() => {
    const state = store.getState();
    const row = rowAt(state, index);
    if (!row) return;
    const selection = new Map(state.selection);
    // The focused crop is part of what a toggle builds on, as on the canvas's shift-click.
    const focused = rowAt(state, state.focus);
    if (selection.size === 0 && focused && state.focus !== index) selection.set(rowId(focused), focused);
    if (selection.has(rowId(row))) selection.delete(rowId(row));
    else selection.set(rowId(row), row);
    store.setState({ focus: index, anchor: index, selection });
  });
}

/**
 * A verdict key (the canvas's accept, false positive or a 1–9 label key) on the selection, else the
 * focused crop: one `review.apply` per prediction, so the journal, undo and the outbox work as on
 * the canvas. The focus then moves past what was judged (or stays, when the verdict filter takes
 * the judged crops out of the grid).
 */
export function applyVerdict(verdict: TriageVerdictKind): void {
  void enqueue(async () => {
    await ensureItems(store.getState().focus, store.getState().focus + 1);
    const state = store.getState();
    const focused = rowAt(state, state.focus);
    const rows = state.selection.size > 0 ? [...state.selection.values()] : focused ? [focused] : [];
    if (rows.length === 0) return;
    if (verdict.kind === 'relabel')
      await Promise.all([...new Set(rows.map((row) => row.modelId))].map(loadVocabulary));
    const { vocabularies } = useReviewStore.getState();
    const n = verdict.kind === 'relabel' ? verdict.n : 0;
    const { ops, missing } = triageOps(
      rows,
      verdict,
      (modelId) => frequentConcepts(vocabularies.get(modelId))[n - 1],
    );
    if (missing.length > 0)
      notice(
        `No concept on key ${n} for ${missing.join(', ')} yet: the model's vocabulary has fewer concepts.`,
      );
    const edited: number[] = [];
    for (const [predictionId, op] of ops) {
      const receipt = useAppStore.getState().report(await loupe.invoke('review.apply', { predictionId, op }));
      if (receipt) edited.push(predictionId);
    }
    // Where the focus goes: past the judged crops, less those the verdict filter now leaves out.
    const indexes = rows.map((row) => indexOf(row)).filter((index) => index !== undefined);
    const last = indexes.length > 0 ? Math.max(...indexes) : state.focus;
    const leaves = state.filter.verdict !== undefined && state.filter.verdict !== verdictAfter(verdict);
    const next = leaves ? last + 1 - indexes.length : last + 1;
    store.setState((current) => ({
      focus: next,
      anchor: undefined,
      selection: new Map(),
      touched: new Set([...current.touched, ...edited]),
      history: edited.length > 0 ? [...current.history, edited] : current.history,
    }));
    if (rows.length > 1 && verdict.kind !== 'relabel')
      notice(
        `${verdict.kind === 'accept' ? 'Accepted' : 'Marked false positive:'} ${regionsWord(rows.length)}.`,
      );
    await refreshPages();
    const { total } = store.getState();
    store.setState((current) => ({ focus: Math.max(0, Math.min(current.focus, (total ?? 1) - 1)) }));
  });
}

/** The index of a loaded row in the grid now. */
function indexOf(row: RegionRow): number | undefined {
  const id = rowId(row);
  for (const [page, rows] of store.getState().pages) {
    const at = rows.findIndex((candidate) => rowId(candidate) === id);
    if (at !== -1) return page * triagePageSize + at;
  }
  return undefined;
}

/** Ctrl+Z: undoes the last verdict key press on every review it edited (the journal's undo). */
export function undoLast(): void {
  void enqueue(async () => {
    const { history } = store.getState();
    const last = history.at(-1);
    if (!last) {
      notice('Nothing to undo in the grid.');
      return;
    }
    store.setState({ history: history.slice(0, -1) });
    for (const predictionId of last)
      useAppStore.getState().report(await loupe.invoke('review.undo', { predictionId }));
    await refreshPages();
  });
}

/** Sends the feedback of every review the grid edited (only reviewed regions, as the submit step's S). */
export function submitTriaged(): void {
  void enqueue(async () => {
    const predictionIds = [...store.getState().touched];
    if (predictionIds.length === 0) {
      notice('Nothing triaged here yet to submit.');
      return;
    }
    const result = useAppStore
      .getState()
      .report(await loupe.invoke('review.submit', { predictionIds, unreviewed: 'skip' }));
    if (!result) return;
    store.setState({ touched: new Set() });
    notice(`Submitted: ${result.queued} feedback request(s) queued.`);
  });
}

/** Enter: the focused crop's image on the review canvas, with its region selected. */
export function openFocusedOnCanvas(): void {
  void enqueue(async () => {
    await ensureItems(store.getState().focus, store.getState().focus + 1);
    const state = store.getState();
    const row = rowAt(state, state.focus);
    if (!row) return;
    useAppStore.getState().openRegion(row.imageId, row.predictionId, row.regionKey);
  });
}

/** The confidence order flips (lowest first ↔ highest first); the focus goes to the first crop. */
export function flipSort(): void {
  void enqueue(async () => {
    const { sort } = store.getState();
    store.setState({
      sort: sort === 'confidenceAsc' ? 'confidenceDesc' : 'confidenceAsc',
      focus: 0,
      anchor: undefined,
      selection: new Map(),
    });
    await refreshPages(true);
  });
}

/** New filters: the grid reads its first page again; the focus goes to the first crop. */
export function setFilter(patch: Partial<RegionListFilter>): void {
  void enqueue(async () => {
    const filter = Object.fromEntries(
      Object.entries({ ...store.getState().filter, ...patch }).filter(
        ([, value]) => value !== undefined && value !== '',
      ),
    ) as RegionListFilter;
    store.setState({ filter, focus: 0, anchor: undefined, selection: new Map() });
    await refreshPages(true);
  });
}

export function showTriageShortcuts(): void {
  store.setState({ dialog: 'shortcuts' });
}
