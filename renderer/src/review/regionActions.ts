import { sameBox, toPixels, type Box, type Size } from '../../../shared/geometry.ts';
import type { Judgement, ReviewedConcept } from '../../../shared/review.ts';
import { moveEdge, nudgeBox, placedBox, type Edge } from './boxEdit.ts';
import { resolveConcept, type ConceptRef } from './conceptCatalog.ts';
import { nextLowestConfidence, nextUnreviewed, stepRegion } from './regionOrder.ts';
import { topConcept } from '../../../shared/review.ts';
import { isDimmed, isUnreviewed } from './regionStatus.ts';
import { edit } from './reviewCommands.ts';
import { activeVocabulary, selectRegion, targetConcepts, useReviewStore } from './reviewStore.ts';
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

/** Accept: confirm the selected predicted region, then select the next unreviewed one. */
export function acceptAndNext(): void {
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

/** False positive for a predicted region (deletion for a drawn one), then the next unreviewed. */
export function removeSelected(): void {
  const region = selected();
  if (!region || region.removed) return;
  edit(() => ({ type: 'remove', keys: [region.key] }));
  goToNextUnreviewed(region.key, false);
}

export function restoreSelected(): void {
  const region = selected();
  if (region?.removed) edit(() => ({ type: 'restore', keys: [region.key] }));
}

/** Back to the predicted geometry, and so to the verdict the region had before it was moved. */
export function resetSelected(): void {
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
 * A key press that moves the selected box relative to where it is: worked out from the box as it
 * stands when the edit's turn comes (after an undo still in flight, say), not when the key went down.
 */
function adjustSelected(adjust: (box: Box, size: Size) => Box | undefined): void {
  const { selectedKey: key, imageSize: size } = review();
  if (key === undefined || !size) return;
  edit((state) => {
    const region = state.regions.find((candidate) => candidate.key === key);
    const box = region && adjust(region.box, size);
    return region && box && !sameBox(region.box, box) ? { type: 'setBox', key, box } : undefined;
  });
}

export function nudge(dx: number, dy: number): void {
  adjustSelected((box, size) => nudgeBox(box, dx, dy, size));
}

export function moveSelectedEdge(edge: Edge, delta: number): void {
  adjustSelected((box, size) => moveEdge(box, edge, delta, size));
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
  // The vocabulary's own objects: a selector over them stays equal while the vocabulary does.
  return (activeVocabulary(state)?.concepts ?? []).slice(0, 9);
}

/** Makes a concept the selected region's true label, replacing the one it had (one op). */
export function relabelSelected(concept: ConceptRef | undefined): void {
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

/** Opens the replace-label picker for the selected region. */
export function openRelabelPicker(): void {
  if (!selected()) {
    notice('Select a region first: Tab selects one.');
    return;
  }
  useReviewStore.setState({ dialog: 'relabel' });
}
