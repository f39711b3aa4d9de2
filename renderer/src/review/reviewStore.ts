import { recall, remember } from '../state/windowMemory.ts';
import { create } from 'zustand';
import type { Size } from '../../../shared/geometry.ts';
import type { ModelVocabulary } from '../../../shared/modelVocabulary.ts';
import type { ReviewedConcept, ReviewedRegion } from '../../../shared/review.ts';
import type { ImageDetail, ReviewView } from '../../../shared/workspaceViews.ts';
import type { ConceptRef } from './conceptCatalog.ts';
import type { DrawLabel } from './drawLabel.ts';
import { topConcept } from '../../../shared/review.ts';

export type Tool = 'select' | 'draw';
export type ConceptTarget = 'region' | 'image';
export type ReviewDialog = 'shortcuts' | 'submit' | 'rejectConcept' | 'relabel';

const emptyRegions: readonly ReviewedRegion[] = [];
const emptyConcepts: readonly ReviewedConcept[] = [];

export interface ReviewStoreState {
  imageId: number | undefined;
  detail: ImageDetail | undefined;
  /** Reviews of the open image by prediction id, as last answered (or optimistically edited). */
  reviews: ReadonlyMap<number, ReviewView>;
  /** The prediction (one model's output) whose regions are on the canvas. */
  predictionId: number | undefined;
  /** The canvas's regions, kept object-stable per region between answers (see reconcileRegions). */
  regions: readonly ReviewedRegion[];
  regionsByKey: ReadonlyMap<string, ReviewedRegion>;
  imageConcepts: readonly ReviewedConcept[];
  /** The image as displayed (EXIF applied): what normalised boxes are converted with. */
  imageSize: Size | undefined;
  selectedKey: string | undefined;
  tool: Tool;
  /** Space held: drags pan even over the selected region. */
  panning: boolean;
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
  /** A short message for the status line (not an error: those go to the app's error banner). */
  notice: string | undefined;
}

export const useReviewStore = create<ReviewStoreState>(() => ({
  imageId: undefined,
  detail: undefined,
  reviews: new Map(),
  predictionId: undefined,
  regions: emptyRegions,
  regionsByKey: new Map(),
  imageConcepts: emptyConcepts,
  imageSize: undefined,
  selectedKey: undefined,
  tool: 'select',
  panning: false,
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

/** Selects a region (or none); the concept keys then act on its top concept. */
export function selectRegion(key: string | undefined): void {
  useReviewStore.setState((state) => {
    const region = key === undefined ? undefined : state.regionsByKey.get(key);
    if (!region) return { selectedKey: undefined, conceptTarget: 'image', conceptIndex: 0 };
    const top = topConcept(region.concepts);
    return {
      selectedKey: key,
      conceptTarget: 'region',
      conceptIndex: top ? region.concepts.indexOf(top) : 0,
    };
  });
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
