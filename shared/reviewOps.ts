import { z } from 'zod';
import { boxSchema } from './geometry.ts';
import {
  judgementSchema,
  reviewedConceptSchema,
  reviewedRegionSchema,
  type ReviewState,
  type ReviewedConcept,
  type ReviewedRegion,
  topConcept,
} from './review.ts';

/**
 * Edit operations on a review. Each is one gesture and one undo step: accepting every remaining
 * region is one op, a drag is one op (committed on drag end). Ops are data so they can be
 * journaled, replayed and sent over the contract.
 */
const singleOpSchema = z.discriminatedUnion('type', [
  /** Accept: confirm predicted regions as they are (or as moved). */
  z.object({ type: z.literal('confirm'), keys: z.array(z.string().min(1)).min(1) }),
  /** Confirm carried verdicts as they stand (docs/qa-estimates.md, "Verdicts carried across model versions"). */
  z.object({ type: z.literal('confirmCarried'), keys: z.array(z.string().min(1)).min(1) }),
  /** Take back an acceptance. */
  z.object({ type: z.literal('unconfirm'), keys: z.array(z.string().min(1)).min(1) }),
  /** Move or resize: the box as it stands after the gesture. */
  z.object({ type: z.literal('setBox'), key: z.string().min(1), box: boxSchema }),
  /** Return a moved region to the predicted geometry (and so to its earlier verdict). */
  z.object({ type: z.literal('resetBox'), key: z.string().min(1) }),
  /** False positive for a predicted region; deletion for a drawn one. */
  z.object({ type: z.literal('remove'), keys: z.array(z.string().min(1)).min(1) }),
  z.object({ type: z.literal('restore'), keys: z.array(z.string().min(1)).min(1) }),
  /** A region the model missed (not_detected). */
  z.object({
    type: z.literal('addRegion'),
    key: z.string().min(1),
    box: boxSchema,
    concepts: z.array(reviewedConceptSchema).default([]),
  }),
  /** Judge a concept (adding it if the model did not return it) on a region or the image. */
  z.object({
    type: z.literal('setConcept'),
    target: z.union([z.literal('image'), z.object({ region: z.string().min(1) })]),
    concept: z.object({ id: z.string().min(1), name: z.string() }),
    judgement: judgementSchema,
  }),
  /**
   * Relabel a region: the concept becomes its true label (added if absent), and the label it
   * replaces is wrong — every concept set true, else the model's top concept still unsure, goes
   * false if the model predicted it and is dropped if the reviewer had added it.
   */
  z.object({
    type: z.literal('relabel'),
    region: z.string().min(1),
    concept: z.object({ id: z.string().min(1), name: z.string() }),
  }),
  /**
   * Remove a concept: one the reviewer added (or a drawn region inherited) leaves the list; one
   * the model predicted cannot be unsaid, so it is judged false (what feedback can say of it).
   */
  z.object({
    type: z.literal('removeConcept'),
    target: z.union([z.literal('image'), z.object({ region: z.string().min(1) })]),
    conceptId: z.string().min(1),
  }),
]);
export type SingleReviewOp = z.infer<typeof singleOpSchema>;

/** The most ops one batch may carry: a paste or a bulk relabel of every region of a dense image. */
export const maxBatchOps = 20_000;

export const reviewOpSchema = z.discriminatedUnion('type', [
  ...singleOpSchema.options,
  /**
   * Several ops as one gesture and one undo step: a bulk relabel of the selected regions, a paste
   * of copied boxes. Applied in order; a batch does not nest.
   */
  z.object({ type: z.literal('batch'), ops: z.array(singleOpSchema).min(1).max(maxBatchOps) }),
]);
export type ReviewOp = z.infer<typeof reviewOpSchema>;

/**
 * What an op changed, as replacement values: regions by key (null = absent) and, when touched,
 * the whole image concept list. Applying `backward` after `forward` restores the earlier state.
 */
export const reviewPatchSchema = z.object({
  regions: z.record(z.string(), reviewedRegionSchema.nullable()).optional(),
  imageConcepts: z.array(reviewedConceptSchema).optional(),
});
export type ReviewPatch = z.infer<typeof reviewPatchSchema>;

export class ReviewOpError extends Error {}

export interface AppliedOp {
  state: ReviewState;
  forward: ReviewPatch;
  backward: ReviewPatch;
}

/**
 * Applies one op; throws ReviewOpError when it cannot apply (unknown region, wrong kind). A batch
 * applies each of its ops in turn, all or none: its patches say, per region, the value after the
 * last op and the value before the first.
 */
export function applyReviewOp(state: ReviewState, op: ReviewOp): AppliedOp {
  if (op.type !== 'batch') return applySingleOp(state, op);
  let current = state;
  const forward: { regions: Record<string, ReviewedRegion | null>; imageConcepts?: ReviewedConcept[] } = {
    regions: {},
  };
  const backward: typeof forward = { regions: {} };
  for (const step of op.ops) {
    const applied = applySingleOp(current, step);
    current = applied.state;
    for (const [key, next] of Object.entries(applied.forward.regions ?? {})) {
      if (!(key in backward.regions)) backward.regions[key] = applied.backward.regions?.[key] ?? null;
      forward.regions[key] = next;
    }
    if (applied.forward.imageConcepts) {
      backward.imageConcepts ??= applied.backward.imageConcepts;
      forward.imageConcepts = applied.forward.imageConcepts;
    }
  }
  const patch = (value: typeof forward): ReviewPatch => ({
    ...(Object.keys(value.regions).length > 0 ? { regions: value.regions } : {}),
    ...(value.imageConcepts ? { imageConcepts: value.imageConcepts } : {}),
  });
  return { state: current, forward: patch(forward), backward: patch(backward) };
}

function applySingleOp(state: ReviewState, op: SingleReviewOp): AppliedOp {
  const positions = regionPositions(state.regions);
  const existing = (key: string): ReviewedRegion | undefined => {
    const position = positions.get(key);
    return position === undefined ? undefined : state.regions[position];
  };
  const region = (key: string): ReviewedRegion => {
    const found = existing(key);
    if (!found) throw new ReviewOpError(`No region "${key}" in output ${state.outputId}`);
    return found;
  };
  const changed = new Map<string, ReviewedRegion | null>();
  const update = (key: string, next: ReviewedRegion | null) => changed.set(key, next);
  let imageConcepts: ReviewedConcept[] | undefined;

  switch (op.type) {
    case 'confirm':
    case 'unconfirm':
      for (const key of op.keys) {
        const current = region(key);
        if (current.source !== 'predicted')
          throw new ReviewOpError(`Region "${key}" was drawn: nothing to accept`);
        update(key, {
          ...current,
          confirmed: op.type === 'confirm',
          concepts: op.type === 'confirm' ? confirmLabel(current.concepts) : current.concepts,
        });
      }
      break;
    case 'confirmCarried':
      for (const key of op.keys) {
        const current = region(key);
        if (!current.carried) throw new ReviewOpError(`Region "${key}" has no carried verdict`);
        if (!current.carried.confirmed) update(key, current);
      }
      break;
    case 'setBox':
      update(op.key, { ...region(op.key), box: op.box });
      break;
    case 'resetBox': {
      const current = region(op.key);
      if (!current.predictedBox)
        throw new ReviewOpError(`Region "${op.key}" was drawn: it has no predicted box`);
      update(op.key, { ...current, box: current.predictedBox });
      break;
    }
    case 'remove':
    case 'restore':
      for (const key of op.keys) update(key, { ...region(key), removed: op.type === 'remove' });
      break;
    case 'addRegion':
      if (positions.has(op.key)) throw new ReviewOpError(`Region "${op.key}" already exists`);
      update(op.key, {
        key: op.key,
        source: 'reviewer',
        box: op.box,
        confirmed: false,
        removed: false,
        concepts: op.concepts,
      });
      break;
    case 'setConcept':
      if (op.target === 'image') {
        imageConcepts = withJudgement(state.imageConcepts, op.concept, op.judgement);
      } else {
        const current = region(op.target.region);
        update(current.key, {
          ...current,
          concepts: withJudgement(current.concepts, op.concept, op.judgement),
        });
      }
      break;
    case 'relabel': {
      const current = region(op.region);
      update(current.key, { ...current, concepts: relabelled(current.concepts, op.concept) });
      break;
    }
    case 'removeConcept': {
      const remove = (concepts: readonly ReviewedConcept[]) => {
        if (!concepts.some((concept) => concept.id === op.conceptId))
          throw new ReviewOpError(`No concept "${op.conceptId}" here to remove`);
        return withoutConcept(concepts, op.conceptId);
      };
      if (op.target === 'image') imageConcepts = remove(state.imageConcepts);
      else {
        const current = region(op.target.region);
        update(current.key, { ...current, concepts: remove(current.concepts) });
      }
      break;
    }
  }

  // A reviewer who edits a region with a carried verdict has looked at it: the mark is confirmed.
  for (const [key, next] of changed) {
    if (next?.carried && !next.carried.confirmed)
      changed.set(key, { ...next, carried: { ...next.carried, confirmed: true } });
  }
  const forward: ReviewPatch = {};
  const backward: ReviewPatch = {};
  if (changed.size > 0) {
    forward.regions = Object.fromEntries(changed);
    backward.regions = Object.fromEntries([...changed.keys()].map((key) => [key, existing(key) ?? null]));
  }
  if (imageConcepts) {
    forward.imageConcepts = imageConcepts;
    backward.imageConcepts = state.imageConcepts;
  }
  return { state: applyReviewPatch(state, forward), forward, backward };
}

/**
 * Where each region is in a regions array, by key: built once per array and kept beside it, so an
 * edit of one region of a dense review costs a lookup, not a pass over every region (issue 16).
 * The arrays are never mutated (a patch makes a new one), so an index stays true for its array.
 */
const positionsOf = new WeakMap<readonly ReviewedRegion[], ReadonlyMap<string, number>>();

function regionPositions(regions: readonly ReviewedRegion[]): ReadonlyMap<string, number> {
  let positions = positionsOf.get(regions);
  if (!positions) {
    positions = new Map(regions.map((region, index) => [region.key, index]));
    positionsOf.set(regions, positions);
  }
  return positions;
}

/** Replaces the patched regions (keeping order; new ones at the end) and image concepts. */
export function applyReviewPatch(state: ReviewState, patch: ReviewPatch): ReviewState {
  const replacements = Object.entries(patch.regions ?? {});
  const positions = regionPositions(state.regions);
  let regions = state.regions;
  if (replacements.length === 0) {
    // Image concepts only: the regions stay as they are.
  } else if (replacements.every(([key, next]) => next && positions.has(key))) {
    // Regions replaced in place (verdicts, boxes, labels — nearly every edit): the same keys at
    // the same positions, so the new array shares the index.
    regions = state.regions.slice();
    for (const [key, next] of replacements) regions[positions.get(key)!] = next!;
    positionsOf.set(regions, positions);
  } else {
    const byKey = new Map(replacements);
    regions = [];
    for (const region of state.regions) {
      const next = byKey.has(region.key) ? byKey.get(region.key) : region;
      if (next) regions.push(next);
    }
    for (const [key, next] of replacements) if (!positions.has(key) && next) regions.push(next);
  }
  return { ...state, regions, imageConcepts: patch.imageConcepts ?? state.imageConcepts };
}

/**
 * Accepting a region accepts its label too: the model's top concept becomes true unless the
 * reviewer already judged it. Other concepts stay as they are.
 */
function confirmLabel(concepts: readonly ReviewedConcept[]): ReviewedConcept[] {
  let top: ReviewedConcept | undefined;
  for (const concept of concepts) {
    if ((concept.predictedValue ?? -1) > (top?.predictedValue ?? -1)) top = concept;
  }
  return concepts.map((concept) =>
    concept === top && concept.judgement === 'unsure' ? { ...concept, judgement: 'true' } : concept,
  );
}

function withJudgement(
  concepts: readonly ReviewedConcept[],
  concept: { id: string; name: string },
  judgement: ReviewedConcept['judgement'],
): ReviewedConcept[] {
  const index = concepts.findIndex((existing) => existing.id === concept.id);
  if (index === -1) return [...concepts, { id: concept.id, name: concept.name, judgement }];
  return concepts.map((existing, i) => (i === index ? { ...existing, judgement } : existing));
}

/** A concept replaced or removed: a predicted one is judged false, one the reviewer added is dropped. */
function withoutConcept(concepts: readonly ReviewedConcept[], id: string): ReviewedConcept[] {
  return concepts.flatMap((concept) => {
    if (concept.id !== id) return [concept];
    return concept.predictedValue === undefined ? [] : [{ ...concept, judgement: 'false' as const }];
  });
}

function relabelled(
  concepts: readonly ReviewedConcept[],
  label: { id: string; name: string },
): ReviewedConcept[] {
  const setTrue = concepts.filter((concept) => concept.judgement === 'true' && concept.id !== label.id);
  const modelLabel = concepts.some((concept) => concept.judgement === 'true')
    ? undefined
    : topConcept(
        concepts.filter((concept) => concept.judgement === 'unsure' && concept.predictedValue !== undefined),
      );
  let next = [...concepts];
  for (const replaced of [...setTrue, ...(modelLabel && modelLabel.id !== label.id ? [modelLabel] : [])])
    next = withoutConcept(next, replaced.id);
  return withJudgement(next, label, 'true');
}
