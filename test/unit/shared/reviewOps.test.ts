import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { regionVerdict } from '../../../shared/review.ts';
import {
  applyReviewOp,
  applyReviewPatch,
  ReviewOpError,
  reviewOpSchema,
  type ReviewOp,
} from '../../../shared/reviewOps.ts';
import { sampleReview } from '../../support/reviewFixtures.ts';

const verdictOf = (state: ReturnType<typeof sampleReview>, key: string) =>
  regionVerdict(state.regions.find((region) => region.key === key)!);

describe('review ops', () => {
  it('accepting a region makes it accurate and its top concept true', () => {
    const { state } = applyReviewOp(sampleReview(), { type: 'confirm', keys: ['r1'] });
    expect(verdictOf(state, 'r1')).toBe('accurate');
    expect(state.regions[0]?.concepts[0]?.judgement).toBe('true');
    expect(verdictOf(state, 'r2')).toBeUndefined();
  });

  it('moving a region makes it misplaced; resetting its geometry returns the earlier verdict', () => {
    let state = applyReviewOp(sampleReview(), { type: 'confirm', keys: ['r1'] }).state;
    state = applyReviewOp(state, {
      type: 'setBox',
      key: 'r1',
      box: { top: 0.31, left: 0.2, bottom: 0.7, right: 0.8 },
    }).state;
    expect(verdictOf(state, 'r1')).toBe('misplaced');
    state = applyReviewOp(state, { type: 'resetBox', key: 'r1' }).state;
    expect(verdictOf(state, 'r1')).toBe('accurate');
  });

  it('removing is a false positive, restorable; a drawn region is not_detected', () => {
    let state = applyReviewOp(sampleReview(), { type: 'remove', keys: ['r2'] }).state;
    expect(verdictOf(state, 'r2')).toBe('false_positive');
    state = applyReviewOp(state, { type: 'restore', keys: ['r2'] }).state;
    expect(verdictOf(state, 'r2')).toBeUndefined();
    state = applyReviewOp(state, {
      type: 'addRegion',
      key: 'n1',
      box: { top: 0.5, left: 0.5, bottom: 0.6, right: 0.6 },
      concepts: [],
    }).state;
    expect(verdictOf(state, 'n1')).toBe('not_detected');
  });

  it('judges and adds concepts on a region and on the image', () => {
    let state = applyReviewOp(sampleReview(), {
      type: 'setConcept',
      target: 'image',
      concept: { id: 'ai_dog', name: 'dog' },
      judgement: 'false',
    }).state;
    state = applyReviewOp(state, {
      type: 'setConcept',
      target: { region: 'r1' },
      concept: { id: 'norda', name: 'Norda' },
      judgement: 'true',
    }).state;
    expect(state.imageConcepts).toEqual([
      { id: 'ai_dog', name: 'dog', predictedValue: 0.97, judgement: 'false' },
    ]);
    expect(state.regions[0]?.concepts.map((c) => [c.id, c.judgement])).toEqual([
      ['ai_TG4GHlnf', 'unsure'],
      ['norda', 'true'],
    ]);
  });

  it('refuses ops that cannot apply', () => {
    expect(() => applyReviewOp(sampleReview(), { type: 'confirm', keys: ['nope'] })).toThrow(ReviewOpError);
    const drawn = applyReviewOp(sampleReview(), {
      type: 'addRegion',
      key: 'n1',
      box: { top: 0.5, left: 0.5, bottom: 0.6, right: 0.6 },
      concepts: [],
    }).state;
    expect(() => applyReviewOp(drawn, { type: 'resetBox', key: 'n1' })).toThrow(/no predicted box/);
    expect(() =>
      applyReviewOp(drawn, {
        type: 'addRegion',
        key: 'r1',
        box: { top: 0, left: 0, bottom: 1, right: 1 },
        concepts: [],
      }),
    ).toThrow(/already exists/);
  });

  it('backward undoes forward for any sequence of ops (property)', () => {
    const box = fc
      .tuple(fc.double({ min: 0, max: 0.49, noNaN: true }), fc.double({ min: 0, max: 0.49, noNaN: true }))
      .map(([top, left]) => ({ top, left, bottom: top + 0.5, right: left + 0.5 }));
    const key = fc.constantFrom('r1', 'r2');
    const op: fc.Arbitrary<ReviewOp> = fc.oneof(
      key.map((k) => ({ type: 'confirm' as const, keys: [k] })),
      key.map((k) => ({ type: 'remove' as const, keys: [k] })),
      key.map((k) => ({ type: 'restore' as const, keys: [k] })),
      key.map((k) => ({ type: 'resetBox' as const, key: k })),
      fc.tuple(key, box).map(([k, b]) => ({ type: 'setBox' as const, key: k, box: b })),
      fc
        .tuple(
          fc.constantFrom('image' as const, { region: 'r1' }),
          fc.constantFrom<('true' | 'false' | 'unsure')[]>('true', 'false', 'unsure'),
        )
        .map(([target, judgement]) => ({
          type: 'setConcept' as const,
          target,
          concept: { id: 'c', name: 'c' },
          judgement,
        })),
      fc
        .tuple(key, fc.constantFrom('c', 'ai_TG4GHlnf', 'ai_other'))
        .map(([k, id]) => ({ type: 'relabel' as const, region: k, concept: { id, name: id } })),
      fc.constantFrom<ReviewOp>(
        { type: 'removeConcept', target: { region: 'r1' }, conceptId: 'ai_TG4GHlnf' },
        { type: 'removeConcept', target: 'image', conceptId: 'ai_dog' },
      ),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        const history = [sampleReview()];
        const backwards = [];
        for (const next of ops) {
          const applied = applyReviewOp(history.at(-1)!, next);
          history.push(applied.state);
          backwards.push(applied.backward);
        }
        let state = history.at(-1)!;
        for (let i = backwards.length - 1; i >= 0; i--) {
          state = applyReviewPatch(state, backwards[i]!);
          expect(state).toEqual(history[i]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("relabel makes the concept the region's true label and the one it replaces false", () => {
    // r1's model label (unsure) is replaced: predicted, so judged false; the new one is true.
    let state = applyReviewOp(sampleReview(), {
      type: 'relabel',
      region: 'r1',
      concept: { id: 'brand_omberlin', name: 'Omberlin' },
    }).state;
    expect(state.regions[0]!.concepts.map((c) => [c.id, c.judgement])).toEqual([
      ['ai_TG4GHlnf', 'false'],
      ['brand_omberlin', 'true'],
    ]);
    // Relabelled again: the reviewer's own label is dropped, not sent as false.
    state = applyReviewOp(state, {
      type: 'relabel',
      region: 'r1',
      concept: { id: 'brand_x', name: 'X' },
    }).state;
    expect(state.regions[0]!.concepts.map((c) => [c.id, c.judgement])).toEqual([
      ['ai_TG4GHlnf', 'false'],
      ['brand_x', 'true'],
    ]);
    // Back to the model's own concept: true again, nothing else true.
    state = applyReviewOp(state, {
      type: 'relabel',
      region: 'r1',
      concept: { id: 'ai_TG4GHlnf', name: 'ai_TG4GHlnf' },
    }).state;
    expect(state.regions[0]!.concepts.map((c) => [c.id, c.judgement])).toEqual([['ai_TG4GHlnf', 'true']]);
  });

  it('remove drops a concept the reviewer added or a drawn region inherited, and judges a predicted one false', () => {
    let state = applyReviewOp(sampleReview(), {
      type: 'addRegion',
      key: 'd',
      box: { top: 0, left: 0, bottom: 0.1, right: 0.1 },
      concepts: [{ id: 'brand_vexamoor', name: 'Vexamoor', judgement: 'true' }],
    }).state;
    state = applyReviewOp(state, {
      type: 'removeConcept',
      target: { region: 'd' },
      conceptId: 'brand_vexamoor',
    }).state;
    expect(state.regions.find((region) => region.key === 'd')!.concepts).toEqual([]);
    state = applyReviewOp(state, { type: 'removeConcept', target: 'image', conceptId: 'ai_dog' }).state;
    expect(state.imageConcepts.map((c) => [c.id, c.judgement])).toEqual([['ai_dog', 'false']]);
    expect(() =>
      applyReviewOp(state, { type: 'removeConcept', target: { region: 'd' }, conceptId: 'brand_vexamoor' }),
    ).toThrow('No concept "brand_vexamoor" here to remove');
  });
});

// Issue 20, missing 3: a bulk edit is one op, one journal row and one undo step.
describe('batch ops', () => {
  const label = { id: 'norda', name: 'Norda' };

  it('applies its ops in order; the backward patch restores the state before the first', () => {
    const before = sampleReview();
    const { state, forward, backward } = applyReviewOp(before, {
      type: 'batch',
      ops: [
        { type: 'relabel', region: 'r1', concept: label },
        { type: 'relabel', region: 'r2', concept: label },
        { type: 'setBox', key: 'r1', box: { top: 0.31, left: 0.2, bottom: 0.7, right: 0.8 } },
      ],
    });
    expect(state.regions.map((region) => region.concepts.find((c) => c.id === 'norda')?.judgement)).toEqual([
      'true',
      'true',
    ]);
    expect(state.regions[0]?.box.top).toBe(0.31);
    expect(Object.keys(forward.regions ?? {})).toEqual(['r1', 'r2']);
    expect(applyReviewPatch(state, backward)).toEqual(before);
    expect(applyReviewPatch(before, forward)).toEqual(state);
  });

  it('pastes regions as drawn ones (not_detected); undoing removes them all', () => {
    const before = sampleReview();
    const box = { top: 0.5, left: 0.5, bottom: 0.6, right: 0.6 };
    const { state, backward } = applyReviewOp(before, {
      type: 'batch',
      ops: [
        { type: 'addRegion', key: 'p1', box, concepts: [{ ...label, judgement: 'true' }] },
        { type: 'addRegion', key: 'p2', box, concepts: [] },
      ],
    });
    expect(verdictOf(state, 'p1')).toBe('not_detected');
    expect(verdictOf(state, 'p2')).toBe('not_detected');
    expect(backward.regions).toEqual({ p1: null, p2: null });
    expect(applyReviewPatch(state, backward)).toEqual(before);
  });

  it('is all or nothing: one op that cannot apply refuses the batch', () => {
    expect(() =>
      applyReviewOp(sampleReview(), {
        type: 'batch',
        ops: [
          { type: 'confirm', keys: ['r1'] },
          { type: 'relabel', region: 'missing', concept: label },
        ],
      }),
    ).toThrow(ReviewOpError);
  });

  it('is accepted by the contract schema, not nested, not empty', () => {
    const confirm = { type: 'confirm', keys: ['r1'] };
    expect(reviewOpSchema.safeParse({ type: 'batch', ops: [confirm] }).success).toBe(true);
    expect(reviewOpSchema.safeParse({ type: 'batch', ops: [] }).success).toBe(false);
    expect(
      reviewOpSchema.safeParse({ type: 'batch', ops: [{ type: 'batch', ops: [confirm] }] }).success,
    ).toBe(false);
  });
});
