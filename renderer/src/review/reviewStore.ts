import { expireNotices } from '../state/expiringNotice.ts';
import { recall, remember } from '../state/windowMemory.ts';
import { create } from 'zustand';
import type { Box, Size } from '../../../shared/geometry.ts';
import type { ModelVocabulary } from '../../../shared/modelVocabulary.ts';
import type { ReviewedConcept, ReviewedRegion } from '../../../shared/review.ts';
import type { ImageDetail, ReviewView } from '../../../shared/workspaceViews.ts';
import type { ConceptRef } from './conceptCatalog.ts';
import type { DrawLabel } from './drawLabel.ts';
import { topConcept } from '../../../shared/review.ts';

export type Tool = 'select' | 'draw';
export type ConceptTarget = 'region' | 'image';
export type ReviewDialog = 'shortcuts' | 'submit' | 'rejectConcept' | 'relabel' | 'audit';

/** A region copied with Ctrl+C: its box (normalised, so it pastes at the same place on any image) and labels. */
export interface CopiedRegion {
  box: Box;
  concepts: readonly ReviewedConcept[];
}

const emptyRegions: readonly ReviewedRegion[] = [];
const emptyConcepts: readonly ReviewedConcept[] = [];

export interface ReviewStoreState {
  imageId: number | undefined;
  detail: ImageDetail | undefined;
  /** Reviews of the open image by prediction id, as last answered (or optimistically edited). */
  reviews: ReadonlyMap<number, ReviewView>;
  /** The prediction (one model's output) whose regions are on the canvas. */
  predictionId: number | undefined;
  /**
   * The model whose output is shown first on every image that has it: the one last picked in
   * the Model selector, or the model predictions were just imported as (docs/interop.md).
   */
  preferredModelId: string | undefined;
  /** The canvas's regions, kept object-stable per region between answers (see reconcileRegions). */
  regions: readonly ReviewedRegion[];
  regionsByKey: ReadonlyMap<string, ReviewedRegion>;
  imageConcepts: readonly ReviewedConcept[];
  /** The image as displayed (EXIF applied): what normalised boxes are converted with. */
  imageSize: Size | undefined;
  selectedKey: string | undefined;
  /**
   * Regions selected together (shift-click, Shift-drag, Ctrl+A): two or more, and then no single
   * `selectedKey`; empty otherwise. The verdict and label keys act on all of them at once.
   */
  selection: ReadonlySet<string>;
  /** Regions copied with Ctrl+C: Ctrl+V adds them to the open image (kept across images). */
  clipboard: readonly CopiedRegion[];
  tool: Tool;
  /** Space held: drags pan even over the selected region. */
  panning: boolean;
  /** The minimap shows while zoomed in (M hides it); kept across reloads of this window. */
  minimap: boolean;
  /** Regions whose confidence is below it are dimmed (see isDimmed). */
  threshold: number;
  conceptTarget: ConceptTarget;
  conceptIndex: number;
  /** Concepts seen in this session's reviews: the add-concept field completes from them. */
  catalog: ReadonlyMap<string, ConceptRef>;
  /** Each model's vocabulary, by model id, loaded once per window (model.vocabulary). */
  vocabularies: ReadonlyMap<string, ModelVocabulary>;
  /** The label a newly drawn region gets: the last region concept the reviewer set true (drawLabel.ts). */
  drawLabel: DrawLabel | undefined;
  /** Edits sent and not yet answered. */
  pending: number;
  dialog: ReviewDialog | undefined;
  /**
   * A short message for the status line (not an error: those go to the app's error banner); it
   * expires (expiringNotice.ts).
   */
  notice: string | undefined;
}

export const useReviewStore = create<ReviewStoreState>(() => ({
  imageId: undefined,
  detail: undefined,
  reviews: new Map(),
  predictionId: undefined,
  preferredModelId: undefined,
  regions: emptyRegions,
  regionsByKey: new Map(),
  imageConcepts: emptyConcepts,
  imageSize: undefined,
  selectedKey: undefined,
  selection: new Set(),
  clipboard: [],
  tool: 'select',
  panning: false,
  minimap: recall('minimap') !== 'off',
  threshold: rememberedThreshold(),
  conceptTarget: 'image',
  conceptIndex: 0,
  catalog: new Map(),
  vocabularies: new Map(),
  drawLabel: undefined,
  pending: 0,
  dialog: undefined,
  notice: undefined,
}));

expireNotices(useReviewStore);

/** The review on the canvas. */
export function activeReview(state: ReviewStoreState = useReviewStore.getState()): ReviewView | undefined {
  return state.predictionId === undefined ? undefined : state.reviews.get(state.predictionId);
}

/** The concepts the concept keys act on: the selected region's, or the image's. */
export function targetConcepts(state: ReviewStoreState): readonly ReviewedConcept[] {
  if (state.conceptTarget === 'region' && state.selectedKey !== undefined)
    return state.regionsByKey.get(state.selectedKey)?.concepts ?? emptyConcepts;
  return state.imageConcepts;
}

const noSelection: ReadonlySet<string> = new Set();

/** What selecting `key` alone sets: it and its top concept (the concept keys act on it), or nothing. */
function single(state: ReviewStoreState, key: string | undefined): Partial<ReviewStoreState> {
  const region = key === undefined ? undefined : state.regionsByKey.get(key);
  if (!region)
    return { selectedKey: undefined, selection: noSelection, conceptTarget: 'image', conceptIndex: 0 };
  const top = topConcept(region.concepts);
  return {
    selectedKey: region.key,
    selection: noSelection,
    conceptTarget: 'region',
    conceptIndex: top ? region.concepts.indexOf(top) : 0,
  };
}

/** Selects a region (or none); the concept keys then act on its top concept. */
export function selectRegion(key: string | undefined): void {
  useReviewStore.setState((state) => single(state, key));
}

/** The keys of every selected region: the multi-selection, else the one selected region, else none. */
export function selectedKeys(state: ReviewStoreState = useReviewStore.getState()): readonly string[] {
  if (state.selection.size > 0) return [...state.selection];
  return state.selectedKey === undefined ? [] : [state.selectedKey];
}

/**
 * Selects these regions (those that exist): one is an ordinary selection, two or more a
 * multi-selection (the concept keys then act on the image's concepts).
 */
export function setSelection(keys: Iterable<string>): void {
  useReviewStore.setState((state) => selectionOf(state, keys));
}

function selectionOf(state: ReviewStoreState, keys: Iterable<string>): Partial<ReviewStoreState> {
  const existing = new Set([...keys].filter((key) => state.regionsByKey.has(key)));
  if (existing.size <= 1) return single(state, existing.values().next().value);
  return { selectedKey: undefined, selection: existing, conceptTarget: 'image', conceptIndex: 0 };
}

/** Shift-click: adds a region to the selection, or takes it out if it is in. */
export function toggleSelected(key: string): void {
  useReviewStore.setState((state) => {
    const keys = new Set(selectedKeys(state));
    if (keys.has(key)) keys.delete(key);
    else keys.add(key);
    return selectionOf(state, keys);
  });
}

/**
 * The selection after the regions changed: regions that are gone (an undone paste, say) leave it,
 * and a selected region that is gone takes the concept keys' focus with it, as clearing the
 * selection does (T/F must not land on an image concept by its old index). Nothing when all stay.
 */
export function keptSelection(
  state: ReviewStoreState,
  regionsByKey: ReadonlyMap<string, ReviewedRegion>,
): Partial<ReviewStoreState> {
  if (state.selectedKey !== undefined && !regionsByKey.has(state.selectedKey))
    return { selectedKey: undefined, selection: noSelection, conceptTarget: 'image', conceptIndex: 0 };
  if ([...state.selection].every((key) => regionsByKey.has(key))) return {};
  return selectionOf({ ...state, regionsByKey }, state.selection);
}

/** The vocabulary of the model whose review is on the canvas, once loaded. */
export function activeVocabulary(
  state: ReviewStoreState = useReviewStore.getState(),
): ModelVocabulary | undefined {
  const modelId = activeReview(state)?.state.modelId;
  return modelId === undefined ? undefined : state.vocabularies.get(modelId);
}

/** The threshold this window had before a reload (0–1), else 0. */
function rememberedThreshold(): number {
  const value = Number(recall('threshold'));
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : 0;
}

/** Sets the confidence threshold and keeps it across reloads of this window. */
export function setThreshold(threshold: number): void {
  useReviewStore.setState({ threshold });
  remember('threshold', String(threshold));
}

/** M: shows or hides the minimap, and keeps the choice across reloads of this window. */
export function toggleMinimap(): void {
  const minimap = !useReviewStore.getState().minimap;
  useReviewStore.setState({ minimap });
  remember('minimap', minimap ? undefined : 'off');
}
