import type { Result } from '../../../shared/result.ts';
import type { ReviewState } from '../../../shared/review.ts';
import { applyReviewOp, ReviewOpError, type ReviewOp } from '../../../shared/reviewOps.ts';
import type { ImageDetail, ReviewView } from '../../../shared/workspaceViews.ts';
import { loupe } from '../loupe.ts';
import { useAppStore } from '../state/appStore.ts';
import { decodedImage } from './bitmapCache.ts';
import { resolveConcept, withConceptsOf } from './conceptCatalog.ts';
import { drawLabelAfter } from './drawLabel.ts';
import { reconcileRegions } from './reconcileRegions.ts';
import { rejectConceptOps } from './rejectConceptOps.ts';
import {
  activeReview,
  activeVocabulary,
  keptSelection,
  useReviewStore,
  type ReviewStoreState,
} from './reviewStore.ts';

/**
 * Everything that changes a review goes through one serial queue, in the order the reviewer
 * pressed the keys, so the main side applies edits in that order and one gesture stays one undo
 * step. An edit is applied to the local state at once (the same pure `applyReviewOp` the main
 * side runs) and sent; the answer replaces the local state once nothing else is in flight.
 * Undo, redo, submit and opening an image cannot be predicted locally: they are barriers, and
 * edits queued behind one are built when their turn comes, from the state the barrier left.
 */

let chain: Promise<void> = Promise.resolve();
let barriers = 0;
/** Edits queued behind a barrier that have not been applied locally yet. */
let held = 0;

const store = useReviewStore;

function report<T>(result: Result<T>): T | undefined {
  return useAppStore.getState().report(result);
}

function enqueue(task: () => Promise<void>, barrier = false): Promise<void> {
  if (barrier) barriers++;
  store.setState((state) => ({ pending: state.pending + 1 }));
  const run = chain.then(task).finally(() => {
    if (barrier) barriers--;
    store.setState((state) => ({ pending: state.pending - 1 }));
  });
  chain = run.catch((error: unknown) =>
    store.setState({
      notice: `Something went wrong: ${error instanceof Error ? error.message : String(error)}`,
    }),
  );
  return chain;
}

/** Resolves when every queued edit has been answered (submit waits for this). */
export function settled(): Promise<void> {
  return chain;
}

function withReview(state: ReviewStoreState, view: ReviewView): Partial<ReviewStoreState> {
  const reviews = new Map(state.reviews).set(view.predictionId, view);
  if (view.predictionId !== state.predictionId) return { reviews };
  const previous = activeReview(state);
  const regions = reconcileRegions(previous?.state.regions, view.state.regions);
  const reconciled: ReviewView =
    regions === view.state.regions ? view : { ...view, state: { ...view.state, regions } };
  reviews.set(view.predictionId, reconciled);
  const sameRegions = regions === state.regions;
  const regionsByKey = sameRegions
    ? state.regionsByKey
    : new Map(regions.map((region) => [region.key, region]));
  return {
    reviews,
    regions,
    regionsByKey,
    imageConcepts: view.state.imageConcepts,
    catalog: withConceptsOf(state.catalog, [view.state]),
    // Regions an undo removed leave the selection.
    ...(sameRegions ? {} : keptSelection(state, regionsByKey)),
  };
}

function adopt(view: ReviewView): void {
  store.setState((state) => withReview(state, view));
}

/** What opening another image resets: its regions, selection, tool and concept focus. */
function freshImage(detail: ImageDetail): Partial<ReviewStoreState> {
  const { width, height } = detail.image;
  return {
    reviews: new Map(),
    regions: [],
    regionsByKey: new Map(),
    imageConcepts: [],
    selectedKey: undefined,
    selection: new Set(),
    conceptTarget: 'image',
    conceptIndex: 0,
    tool: 'select',
    imageSize: width && height ? { width, height } : undefined,
  };
}

function adoptDetail(detail: ImageDetail, keepView: boolean): void {
  store.setState((state) => {
    const views = detail.predictions.flatMap((prediction) => (prediction.review ? [prediction.review] : []));
    const sameImage = keepView && state.imageId === detail.image.id;
    const preferred = detail.predictions.find(
      (prediction) => prediction.review && prediction.modelId === state.preferredModelId,
    );
    const predictionId =
      preferred?.predictionId ??
      (sameImage && views.some((view) => view.predictionId === state.predictionId)
        ? state.predictionId
        : views[0]?.predictionId);
    const base: ReviewStoreState = {
      ...state,
      ...(sameImage ? {} : freshImage(detail)),
      imageId: detail.image.id,
      detail,
      predictionId,
      catalog: withConceptsOf(
        state.catalog,
        views.map((view) => view.state),
      ),
    };
    return views.reduce<ReviewStoreState>((next, view) => ({ ...next, ...withReview(next, view) }), base);
  });
}

async function fetchDetail(imageId: number, keepView: boolean): Promise<void> {
  const detail = report(await loupe.invoke('image.get', { imageId }));
  if (!detail) return;
  adoptDetail(detail, keepView);
  for (const prediction of detail.predictions) void loadVocabulary(prediction.modelId);
}

const vocabularyAsked = new Set<string>();

/**
 * Loads a model's vocabulary once per window (the triage grid's label keys use it too), beside the edit queue (opening an image does not
 * wait for it; until it arrives typed names resolve against the concepts seen so far).
 */
export async function loadVocabulary(modelId: string): Promise<void> {
  if (vocabularyAsked.has(modelId)) return;
  vocabularyAsked.add(modelId);
  const result = await loupe.invoke('model.vocabulary', { modelId });
  if (!result.ok) {
    vocabularyAsked.delete(modelId);
    return;
  }
  store.setState((state) => ({ vocabularies: new Map(state.vocabularies).set(modelId, result.value) }));
}

/**
 * Opens an image (after the edits already queued for the one before it). Its bytes are fetched and
 * decoded meanwhile, not after its regions arrive: the canvas finds them in the bitmap cache.
 */
export function openImage(imageId: number): Promise<void> {
  decodedImage(imageId).catch(() => undefined);
  return enqueue(() => fetchDetail(imageId, false), true);
}

/** Reads the open image again, keeping the view (after an error, or another window's edit). */
export function reloadImage(): Promise<void> {
  return enqueue(async () => {
    const { imageId } = store.getState();
    if (imageId !== undefined) await fetchDetail(imageId, true);
  }, true);
}

/**
 * Another window or `loupe review` edited a review this window shows: read the image again. Its
 * own edits announce themselves too; while any is in flight, or once its receipt has been counted,
 * the revision is not news.
 */
export function watchOtherEdits(): () => void {
  return loupe.on('review.changed', ({ predictionId, revision }) => {
    const { reviews, pending } = store.getState();
    const view = reviews.get(predictionId);
    if (view && pending === 0 && held === 0 && revision > view.revision) void reloadImage();
  });
}

/** Shows this model's output first on every image that has it (predictions just imported as it). */
export function preferModel(modelId: string): void {
  store.setState({ preferredModelId: modelId });
}

/** Shows another model's output of the same image on the canvas (and first on the next images). */
export function showPrediction(predictionId: number): void {
  store.setState((state) => {
    const view = state.reviews.get(predictionId);
    if (!view) return {};
    const modelId = state.detail?.predictions.find(
      (prediction) => prediction.predictionId === predictionId,
    )?.modelId;
    const cleared = {
      ...state,
      predictionId,
      preferredModelId: modelId ?? state.preferredModelId,
      regions: [],
      regionsByKey: new Map(),
      selectedKey: undefined,
      selection: new Set<string>(),
    };
    return { ...cleared, ...withReview(cleared, view), conceptTarget: 'image', conceptIndex: 0 };
  });
}

function applyLocally(predictionId: number, op: ReviewOp): boolean {
  const view = store.getState().reviews.get(predictionId);
  if (!view) return false;
  let state: ReviewState;
  try {
    const applied = applyReviewOp(view.state, op);
    state = applied.state;
    store.setState((current) => ({
      drawLabel: drawLabelAfter(current.drawLabel, view.state, applied.forward),
    }));
  } catch (error) {
    if (error instanceof ReviewOpError) {
      store.setState({ notice: error.message });
      return false;
    }
    throw error;
  }
  // One edit, one revision: the main side counts the same way, so its receipts can be checked.
  adopt({ ...view, state, revision: view.revision + 1, canUndo: true, canRedo: false });
  return true;
}

async function send(predictionId: number, op: ReviewOp): Promise<void> {
  const receipt = report(await loupe.invoke('review.apply', { predictionId, op }));
  if (!receipt) {
    await fetchDetailOfOpenImage();
    return;
  }
  // Edits after this one were already applied locally: their receipts will follow.
  const view = store.getState().reviews.get(predictionId);
  if (!view || store.getState().pending !== 1) return;
  // Another window or `loupe review` edited this review too: the local state lacks their edits.
  if (receipt.revision !== view.revision) await fetchDetailOfOpenImage();
  else adopt({ ...view, ...receipt });
}

async function fetchDetailOfOpenImage(): Promise<void> {
  const { imageId } = store.getState();
  if (imageId !== undefined) await fetchDetail(imageId, true);
}

/**
 * One edit of the review on the canvas: `build` turns the current state into an op (or nothing
 * to do). One call is one journaled op and so one undo step.
 */
export function edit(build: (state: ReviewState) => ReviewOp | undefined): void {
  const predictionId = store.getState().predictionId;
  if (predictionId === undefined) return;
  // Behind an undo, redo, reload, submit or image change — or behind edits still held there —
  // the op is built when its turn comes, from the state then. A later key press waits too, so
  // the screen applies edits in the order the main side does.
  if (barriers > 0 || held > 0) {
    held++;
    void enqueue(async () => {
      let op: ReviewOp | undefined;
      try {
        const view = store.getState().reviews.get(predictionId);
        op = view && build(view.state);
        if (op && !applyLocally(predictionId, op)) op = undefined;
      } finally {
        held--;
      }
      if (op) await send(predictionId, op);
    });
    return;
  }
  const view = store.getState().reviews.get(predictionId);
  const op = view && build(view.state);
  if (!op || !applyLocally(predictionId, op)) return;
  void enqueue(() => send(predictionId, op));
}

function history(kind: 'review.undo' | 'review.redo'): void {
  const predictionId = store.getState().predictionId;
  if (predictionId === undefined) return;
  void enqueue(async () => {
    const view = store.getState().reviews.get(predictionId);
    if (!view || !(kind === 'review.undo' ? view.canUndo : view.canRedo)) return;
    const answer = report(await loupe.invoke(kind, { predictionId }));
    if (answer) adopt(answer);
  }, true);
}

export const undo = (): void => history('review.undo');
export const redo = (): void => history('review.redo');

/**
 * Marks the open image done: one feedback request per model output goes to the outbox. Resolves
 * with whether it was queued.
 */
export function submitImage(unreviewed: 'accept' | 'skip'): Promise<boolean> {
  let submitted = false;
  return enqueue(async () => {
    const predictionIds = [...store.getState().reviews.keys()];
    if (predictionIds.length === 0) {
      store.setState({ notice: 'This image has no prediction to submit.' });
      return;
    }
    const result = report(await loupe.invoke('review.submit', { predictionIds, unreviewed }));
    if (!result) return;
    submitted = true;
    store.setState({ notice: `Submitted: ${result.queued} feedback request(s) queued.` });
    await fetchDetailOfOpenImage();
  }, true).then(() => submitted);
}

/**
 * Marks one concept false on every review of the chosen images that has it (each judgement is
 * one op, so each can be undone on its image); the status line says how many changed.
 */
export function rejectConceptOnImages(imageIds: readonly number[], typed: string): Promise<void> {
  return enqueue(async () => {
    const concept = resolveConcept(store.getState().catalog, typed, activeVocabulary());
    if (!concept) return;
    let changed = 0;
    let images = 0;
    for (const imageId of imageIds) {
      const detail = report(await loupe.invoke('image.get', { imageId }));
      if (!detail) continue;
      let touched = false;
      for (const prediction of detail.predictions) {
        if (!prediction.review) continue;
        for (const op of rejectConceptOps(prediction.review.state, concept)) {
          const answer = await loupe.invoke('review.apply', { predictionId: prediction.predictionId, op });
          if (report(answer)) {
            changed++;
            touched = true;
          }
        }
      }
      if (touched) images++;
    }
    store.setState({ notice: `Marked “${concept.name}” false ${changed} time(s) on ${images} image(s).` });
    await fetchDetailOfOpenImage();
  }, true);
}
