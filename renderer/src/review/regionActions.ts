import { sameBox, toPixels, type Box, type Size } from '../../../shared/geometry.ts';
import type { Judgement, ReviewedConcept, ReviewedRegion } from '../../../shared/review.ts';
import type { ModelVocabulary } from '../../../shared/modelVocabulary.ts';
import type { ReviewOp, SingleReviewOp } from '../../../shared/reviewOps.ts';
import { useAppStore } from '../state/appStore.ts';
import { moveEdge, nudgeBox, nudgeDistance, placedBox, type Edge } from './boxEdit.ts';
import { resolveConcept, type ConceptRef } from './conceptCatalog.ts';
import { nextLowestConfidence, nextUnreviewed, stepRegion } from './regionOrder.ts';
import { isCarriedUnconfirmed, topConcept } from '../../../shared/review.ts';
import { isShown } from './regionDisplay.ts';
import { isDimmed, isUnreviewed, regionLook } from './regionStatus.ts';
import { edit } from './reviewCommands.ts';
import { useDisplayStore } from './displayStore.ts';
import {
  activeVocabulary,
  selectedKeys,
  selectRegion,
  setSelection,
  targetConcepts,
  useReviewStore,
  type CopiedRegion,
} from './reviewStore.ts';
import { panToShow, visibleRect } from './viewport.ts';
import { useViewportStore } from './viewportStore.ts';

/**
 * What the region and concept keys (and the matching buttons) do. Each edit is one `edit` call,
 * so one key press is one journaled op and one undo step.
 */

const review = () => useReviewStore.getState();
const notice = (text: string) => useReviewStore.setState({ notice: text });

function selected() {
  const state = review();
  return state.selectedKey === undefined ? undefined : state.regionsByKey.get(state.selectedKey);
}

/** The regions of a multi-selection (shift-click, Shift-drag, Ctrl+A); empty when one or none is selected. */
function multiSelected(): ReviewedRegion[] {
  const { selection, regionsByKey } = review();
  return [...selection].flatMap((key) => regionsByKey.get(key) ?? []);
}

/** Several ops as one edit, so one undo takes them all back; one op as itself. */
function asOne(ops: readonly SingleReviewOp[]): ReviewOp | undefined {
  if (ops.length <= 1) return ops[0];
  return { type: 'batch', ops: [...ops] };
}

const regionsWord = (count: number) => `${count} region${count === 1 ? '' : 's'}`;

/** Selects a region and pans it into view when it is off screen. */
export function focusRegion(key: string | undefined): void {
  selectRegion(key);
  const region = key === undefined ? undefined : review().regionsByKey.get(key);
  const size = review().imageSize;
  if (!region || !size) return;
  const { viewport, stage, setViewport } = useViewportStore.getState();
  setViewport(panToShow(viewport, stage, toPixels(region.box, size)));
}

export function selectStep(direction: 1 | -1): void {
  focusRegion(stepRegion(review().regions, review().selectedKey, direction));
}

export function selectLowestConfidence(): void {
  const next = nextLowestConfidence(review().regions, review().selectedKey, review().threshold);
  if (next === undefined) notice('No unreviewed region left.');
  else focusRegion(next);
}

export function clearSelection(): void {
  selectRegion(undefined);
  useReviewStore.setState({ tool: 'select' });
}

function goToNextUnreviewed(after: string | undefined, dimmed: boolean): void {
  const { regions, threshold } = review();
  const next = nextUnreviewed(regions, after, threshold, dimmed);
  if (next !== undefined) focusRegion(next);
  else notice(dimmed ? 'No dimmed region left to promote.' : 'Every region above the threshold is reviewed.');
}

/**
 * Accept: confirm the selected predicted region, then select the next unreviewed one. With
 * several selected, confirms them all (one op) and keeps the selection.
 */
export function acceptAndNext(): void {
  const many = multiSelected();
  if (many.length > 0) {
    const keys = many.filter((r) => r.source === 'predicted' && !r.confirmed && !r.removed).map((r) => r.key);
    if (keys.length === 0) notice('Nothing to accept: the selected regions are accepted, removed or drawn.');
    else {
      edit(() => ({ type: 'confirm', keys }));
      notice(`Accepted ${regionsWord(keys.length)}.`);
    }
    return;
  }
  const region = selected();
  if (region?.source === 'predicted' && !region.confirmed && !region.removed)
    edit(() => ({ type: 'confirm', keys: [region.key] }));
  goToNextUnreviewed(region?.key, false);
}

/** Accepts every unreviewed region above the threshold, as one op (one undo step). */
export function acceptAllRemaining(): void {
  const { regions, threshold } = review();
  const keys = regions
    .filter((region) => isUnreviewed(region) && !isDimmed(region, threshold))
    .map((r) => r.key);
  if (keys.length === 0) {
    notice('No unreviewed region above the threshold.');
    return;
  }
  edit(() => ({ type: 'confirm', keys }));
}

/**
 * Promote: a region dimmed for low confidence is a real one after all — accept it (docs/design.md:
 * dimmed regions are promoted with one key) and go on to the next dimmed one.
 */
export function promote(): void {
  const region = selected();
  if (region && isUnreviewed(region) && isDimmed(region, review().threshold))
    edit(() => ({ type: 'confirm', keys: [region.key] }));
  goToNextUnreviewed(region?.key, true);
}

/**
 * False positive for a predicted region (deletion for a drawn one), then the next unreviewed.
 * With several selected, all of them (one op).
 */
export function removeSelected(): void {
  const many = multiSelected();
  if (many.length > 0) {
    const keys = many.filter((r) => !r.removed).map((r) => r.key);
    if (keys.length > 0) {
      edit(() => ({ type: 'remove', keys }));
      notice(`Marked ${regionsWord(keys.length)} false positive (drawn ones deleted).`);
    }
    return;
  }
  const region = selected();
  if (!region || region.removed) return;
  edit(() => ({ type: 'remove', keys: [region.key] }));
  goToNextUnreviewed(region.key, false);
}

/**
 * V: confirms every verdict carried from an earlier model version on this image's review as it
 * stands (one op, one undo step; docs/qa-estimates.md, "Verdicts carried across model versions").
 */
export function confirmAllCarried(): void {
  const keys = review()
    .regions.filter(isCarriedUnconfirmed)
    .map((region) => region.key);
  if (keys.length === 0) {
    notice('No carried verdict left to confirm here.');
    return;
  }
  edit(() => ({ type: 'confirmCarried', keys }));
  notice(`Confirmed ${keys.length} carried verdict(s).`);
}

export function restoreSelected(): void {
  const many = multiSelected();
  if (many.length > 0) {
    const keys = many.filter((r) => r.removed).map((r) => r.key);
    if (keys.length > 0) edit(() => ({ type: 'restore', keys }));
    return;
  }
  const region = selected();
  if (region?.removed) edit(() => ({ type: 'restore', keys: [region.key] }));
}

/** Back to the predicted geometry, and so to the verdict the region had before it was moved. */
export function resetSelected(): void {
  const many = multiSelected();
  if (many.length > 0) {
    const ops = many
      .filter((r) => r.predictedBox && !sameBox(r.box, r.predictedBox))
      .map((r): SingleReviewOp => ({ type: 'resetBox', key: r.key }));
    const op = asOne(ops);
    if (op) edit(() => op);
    return;
  }
  const region = selected();
  if (region?.predictedBox && !sameBox(region.box, region.predictedBox))
    edit(() => ({ type: 'resetBox', key: region.key }));
}

/** Commits a moved or resized box: the end of one drag or one key press. */
export function commitBox(key: string, box: Box | undefined): void {
  const region = review().regionsByKey.get(key);
  if (!region || !box || sameBox(region.box, box)) return;
  edit(() => ({ type: 'setBox', key, box }));
}

/**
 * A key press that moves the selected boxes relative to where they are: worked out from the boxes
 * as they stand when the edit's turn comes (after an undo still in flight, say), not when the key
 * went down. Several selected boxes move together, as one op.
 */
function adjustSelected(adjust: (box: Box, size: Size) => Box | undefined): void {
  const keys = selectedKeys();
  const size = review().imageSize;
  if (keys.length === 0 || !size) return;
  edit((state) => {
    const wanted = new Set(keys);
    const ops = state.regions.flatMap((region): SingleReviewOp[] => {
      if (!wanted.has(region.key) || region.removed) return [];
      const box = adjust(region.box, size);
      return box && !sameBox(region.box, box) ? [{ type: 'setBox', key: region.key, box }] : [];
    });
    return asOne(ops);
  });
}

/** One arrow press in image pixels: `step` screen pixels at the current zoom, unless Settings say image pixels. */
function arrowStep(step: number): number {
  const inImagePixels = useAppStore.getState().settings?.nudgeInImagePixels ?? false;
  return nudgeDistance(step, useViewportStore.getState().viewport.scale, inImagePixels);
}

/** Moves the selected box `dx`, `dy` steps (screen pixels, or image pixels as set). */
export function nudge(dx: number, dy: number): void {
  const distance = arrowStep(1);
  adjustSelected((box, size) => nudgeBox(box, dx * distance, dy * distance, size));
}

export function moveSelectedEdge(edge: Edge, delta: number): void {
  const distance = arrowStep(Math.abs(delta)) * Math.sign(delta);
  adjustSelected((box, size) => moveEdge(box, edge, distance, size));
}

/** A region the model missed; it starts with the label last set true on this model's regions, or none. */
export function addRegion(box: Box | undefined): void {
  if (!box) return;
  const key = `drawn-${crypto.randomUUID()}`;
  const label = review().drawLabel;
  edit((state) => ({
    type: 'addRegion',
    key,
    box,
    concepts:
      label && label.modelId === state.modelId ? [{ id: label.id, name: label.name, judgement: 'true' }] : [],
  }));
  useReviewStore.setState({ tool: 'select' });
  selectRegion(key);
}

/** In draw mode, Enter places a region in the middle of the view (drawing without a mouse). */
export function placeRegion(): void {
  const { tool, imageSize } = review();
  if (tool !== 'draw' || !imageSize) return;
  const { viewport, stage } = useViewportStore.getState();
  addRegion(placedBox(visibleRect(viewport, stage), imageSize));
}

export function toggleDrawMode(): void {
  useReviewStore.setState((state) => ({ tool: state.tool === 'draw' ? 'select' : 'draw' }));
}

function conceptTarget(): 'image' | { region: string } {
  const { conceptTarget: target, selectedKey } = review();
  return target === 'region' && selectedKey !== undefined ? { region: selectedKey } : 'image';
}

function focusedConcept(): ReviewedConcept | undefined {
  const state = review();
  return targetConcepts(state)[state.conceptIndex];
}

export function judge(judgement: Judgement): void {
  const concept = focusedConcept();
  if (!concept) {
    notice('No concept here to judge: + adds one.');
    return;
  }
  if (concept.judgement === judgement) return;
  const target = conceptTarget();
  edit(() => ({ type: 'setConcept', target, concept: { id: concept.id, name: concept.name }, judgement }));
}

export function stepConcept(direction: 1 | -1): void {
  useReviewStore.setState((state) => {
    const count = targetConcepts(state).length;
    return count === 0 ? {} : { conceptIndex: (state.conceptIndex + direction + count) % count };
  });
}

/** Switches the concept keys between the selected region's concepts and the image's. */
export function toggleConceptTarget(): void {
  const region = selected();
  if (review().conceptTarget === 'image' && region) {
    const top = topConcept(region.concepts);
    useReviewStore.setState({
      conceptTarget: 'region',
      conceptIndex: top ? region.concepts.indexOf(top) : 0,
    });
  } else useReviewStore.setState({ conceptTarget: 'image', conceptIndex: 0 });
}

/** Adds a concept the model did not return (or judges one it did) as true, and focuses it. */
export function addConcept(typed: string): void {
  const concept = resolveConcept(review().catalog, typed, activeVocabulary(review()));
  if (!concept) return;
  const target = conceptTarget();
  edit(() => ({ type: 'setConcept', target, concept, judgement: 'true' }));
  const index = targetConcepts(review()).findIndex((existing) => existing.id === concept.id);
  if (index !== -1) useReviewStore.setState({ conceptIndex: index });
}

/**
 * The model's frequent concepts, the 1–9 keys' labels: its vocabulary, most often predicted first
 * (docs/review.md, "Relabel keys"). Empty until the vocabulary has arrived.
 */
export function labelKeyConcepts(state = review()): readonly ConceptRef[] {
  return frequentConcepts(activeVocabulary(state));
}

/** A vocabulary's 1–9 keys (the triage grid asks it of each region's model). */
export function frequentConcepts(vocabulary: ModelVocabulary | undefined): readonly ConceptRef[] {
  // The vocabulary's own objects: a selector over them stays equal while the vocabulary does.
  return (vocabulary?.concepts ?? []).slice(0, 9);
}

/**
 * Makes a concept the selected region's true label, replacing the one it had (one op). With
 * several selected, every one that is not removed (one batch: one undo step).
 */
export function relabelSelected(concept: ConceptRef | undefined): void {
  const many = multiSelected();
  if (many.length > 0) {
    if (!concept) return;
    const ops = many
      .filter((region) => !region.removed)
      .map((region): SingleReviewOp => ({
        type: 'relabel',
        region: region.key,
        concept: { id: concept.id, name: concept.name },
      }));
    const op = asOne(ops);
    if (!op) {
      notice('Nothing to relabel: the selected regions are removed.');
      return;
    }
    edit(() => op);
    notice(`Labelled ${regionsWord(ops.length)} “${concept.name}”.`);
    return;
  }
  const region = selected();
  if (!region) {
    notice('Select a region first: Tab selects one.');
    return;
  }
  if (!concept) return;
  const key = region.key;
  edit(() => ({ type: 'relabel', region: key, concept: { id: concept.id, name: concept.name } }));
  const index = review()
    .regionsByKey.get(key)
    ?.concepts.findIndex((existing) => existing.id === concept.id);
  useReviewStore.setState({
    conceptTarget: 'region',
    ...(index !== undefined && index >= 0 ? { conceptIndex: index } : {}),
  });
}

/** The n-th (1–9) of the model's frequent concepts as the selected region's label. */
export function relabelWithKey(n: number): void {
  const concept = labelKeyConcepts()[n - 1];
  if (!concept) {
    notice(`No concept on key ${n} yet: the model's vocabulary has fewer concepts, or is still loading.`);
    return;
  }
  relabelSelected(concept);
}

/** Relabels the selected region with a typed name (the replace-label picker). */
export function relabelTyped(typed: string): void {
  relabelSelected(resolveConcept(review().catalog, typed, activeVocabulary(review())));
}

/** Removes the focused concept: an added or inherited one leaves the list, a predicted one is judged false. */
export function removeFocusedConcept(): void {
  const concept = focusedConcept();
  if (!concept) {
    notice('No concept here to remove.');
    return;
  }
  const target = conceptTarget();
  edit(() => ({ type: 'removeConcept', target, conceptId: concept.id }));
  useReviewStore.setState((state) => ({
    conceptIndex: Math.max(0, Math.min(state.conceptIndex, targetConcepts(state).length - 1)),
  }));
}

/** Opens the replace-label picker for the selected region (or regions). */
export function openRelabelPicker(): void {
  if (selectedKeys().length === 0) {
    notice('Select a region first: Tab selects one.');
    return;
  }
  useReviewStore.setState({ dialog: 'relabel' });
}

/** Ctrl+A: selects every region the canvas shows (not the hidden ones, not deleted drawn ones). */
export function selectAllShown(): void {
  const display = useDisplayStore.getState();
  const keys = review()
    .regions.filter((region) => {
      const look = regionLook(region);
      return look !== 'deleted' && isShown(region, display, look);
    })
    .map((region) => region.key);
  if (keys.length === 0) notice('No region shown to select.');
  setSelection(keys);
}

/**
 * What a copied region says once pasted: the labels it carries now — the concepts set true, else
 * the model's top concept unless it was judged false — as the reviewer's own (true, no score).
 */
export function copiedRegion(region: ReviewedRegion): CopiedRegion {
  const isTrue = region.concepts.filter((concept) => concept.judgement === 'true');
  const top = topConcept(region.concepts);
  const labels = isTrue.length > 0 ? isTrue : top && top.judgement !== 'false' ? [top] : [];
  return {
    box: region.box,
    concepts: labels.map((concept) => ({ id: concept.id, name: concept.name, judgement: 'true' as const })),
  };
}

/** Ctrl+C: copies the selected regions' boxes and labels (not removed ones), for Ctrl+V on another image. */
export function copySelected(): void {
  const { regionsByKey } = review();
  const copied = selectedKeys()
    .flatMap((key) => regionsByKey.get(key) ?? [])
    .filter((region) => !region.removed)
    .map(copiedRegion);
  if (copied.length === 0) {
    notice('Select regions to copy first: shift-click, Shift-drag or Ctrl+A.');
    return;
  }
  useReviewStore.setState({ clipboard: copied });
  notice(`Copied ${regionsWord(copied.length)}: Ctrl+V adds them to another image.`);
}

/**
 * Ctrl+V: the copied boxes become regions the model missed on the open image (not_detected, as a
 * drawn one), at the same place relative to the image's size, in one op; they are selected.
 */
export function pasteRegions(): void {
  const { clipboard, predictionId } = review();
  if (predictionId === undefined) return;
  if (clipboard.length === 0) {
    notice('Nothing copied yet: select regions and press Ctrl+C.');
    return;
  }
  const ops = clipboard.map((copied): SingleReviewOp => ({
    type: 'addRegion',
    key: `drawn-${crypto.randomUUID()}`,
    box: copied.box,
    concepts: copied.concepts.map((concept) => ({ ...concept })),
  }));
  const op = asOne(ops)!;
  edit(() => op);
  useReviewStore.setState({ tool: 'select' });
  setSelection(ops.map((added) => (added.type === 'addRegion' ? added.key : '')));
  notice(`Pasted ${regionsWord(ops.length)} as drawn regions.`);
}
