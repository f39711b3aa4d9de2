import { describe, expect, it } from 'vitest';
import { carryVerdicts, matchRegions } from '../../../shared/carryVerdicts.ts';
import type { Box } from '../../../shared/geometry.ts';
import { regionVerdict, type ReviewedRegion, type ReviewState } from '../../../shared/review.ts';
import { applyReviewOp } from '../../../shared/reviewOps.ts';

const box = (left: number, top = 0.1, size = 0.2): Box => ({
  left,
  top,
  right: left + size,
  bottom: top + size,
});
const region = (
  key: string,
  at: Box,
  name = 'face',
  change: Partial<ReviewedRegion> = {},
): ReviewedRegion => ({
  key,
  source: 'predicted',
  regionId: key,
  predictedBox: at,
  box: at,
  confirmed: false,
  removed: false,
  concepts: [{ id: `id-${name}`, name, predictedValue: 0.9, judgement: 'unsure' }],
  ...change,
});
const review = (outputId: string, regions: ReviewedRegion[]): ReviewState => ({
  outputId,
  inputId: 'in',
  modelId: 'm',
  imageConcepts: [],
  regions,
});

describe('matching regions across model versions', () => {
  it('pairs same-concept boxes at IoU ≥ the setting, greedily by IoU, each region once', () => {
    // IoU of boxes 0.2 wide shifted by d along x: (0.2 − d) / (0.2 + d).
    const earlier = [
      region('a', box(0.1), 'face', { confirmed: true }),
      region('b', box(0.5), 'face', { removed: true }),
      region('c', box(0.1, 0.6), 'logo', { confirmed: true }),
      region('unjudged', box(0.7, 0.6)),
    ];
    const next = [
      region('n1', box(0.11)), // a: IoU 0.9048
      region('n2', box(0.12)), // a: IoU 0.8182 — a is taken by n1
      region('n3', box(0.53)), // b: IoU 0.7391
      region('n4', box(0.1, 0.6), 'face'), // c's place, another concept
      region('n5', box(0.7, 0.6)), // an unreviewed region carries nothing
    ];
    const matches = matchRegions(earlier, next, 0.7);
    expect(matches.map(({ from, to }) => `${from}→${to}`)).toEqual(['a→n1', 'b→n3']);
    expect(matches[0]!.iou).toBeCloseTo(0.19 / 0.21, 6);
    expect(matches[1]!.iou).toBeCloseTo(0.17 / 0.23, 6);
    // A stricter setting drops the weaker pair.
    expect(matchRegions(earlier, next, 0.8).map(({ from, to }) => `${from}→${to}`)).toEqual(['a→n1']);
  });

  it('greedy takes the best overlap first even when another order would pair more', () => {
    const earlier = [
      region('a', box(0.1), 'face', { confirmed: true }),
      region('b', box(0.14), 'face', { confirmed: true }),
    ];
    const next = [region('n1', box(0.12))];
    expect(matchRegions(earlier, next, 0.5).map(({ from }) => from)).toEqual(['a']);
  });
});

describe('carrying verdicts', () => {
  it('starts matched regions with the earlier verdict, marked carried; unmatched ones stay to review', () => {
    const corrected = box(0.52);
    const earlier = review('out-1', [
      region('a', box(0.1), 'face', { confirmed: true }),
      region('b', box(0.5), 'face', { box: corrected }),
      region('c', box(0.1, 0.6), 'face', { removed: true }),
      region('d', box(0.5, 0.6), 'Omberlin', {
        concepts: [
          { id: 'id-Omberlin', name: 'Omberlin', predictedValue: 0.8, judgement: 'false' },
          { id: 'norda', name: 'Norda', judgement: 'true' },
        ],
      }),
    ]);
    const next = review('out-2', [
      region('n1', box(0.11)),
      region('n2', box(0.51)),
      region('n3', box(0.1, 0.6)),
      region('n4', box(0.51, 0.6), 'Omberlin'),
      region('n5', box(0.8, 0.8, 0.1)),
    ]);
    const { state, carried } = carryVerdicts(earlier, next);
    expect(carried).toBe(4);
    expect(state.regions.map((r) => regionVerdict(r) ?? 'unreviewed')).toEqual([
      'accurate',
      'misplaced',
      'false_positive',
      'accurate',
      'unreviewed',
    ]);
    expect(state.regions[1]!.box).toEqual(corrected);
    expect(state.regions[3]!.concepts.map((c) => `${c.name}:${c.judgement}`)).toEqual([
      'Omberlin:false',
      'Norda:true',
    ]);
    expect(state.regions.map((r) => r.carried?.verdict ?? null)).toEqual([
      'accurate',
      'misplaced',
      'false_positive',
      'accurate',
      null,
    ]);
    expect(
      state.regions.every((r) => !r.carried || (r.carried.fromOutputId === 'out-1' && !r.carried.confirmed)),
    ).toBe(true);
  });

  it('an edit of a carried region, or confirming all carried, marks it looked at; the verdict it had stays known', () => {
    const earlier = review('out-1', [
      region('a', box(0.1), 'face', { confirmed: true }),
      region('b', box(0.5), 'face', { confirmed: true }),
    ]);
    const { state } = carryVerdicts(
      earlier,
      review('out-2', [region('n1', box(0.1)), region('n2', box(0.5))]),
    );
    const changed = applyReviewOp(state, { type: 'remove', keys: ['n1'] }).state;
    expect(changed.regions[0]!.carried).toMatchObject({ verdict: 'accurate', confirmed: true });
    expect(regionVerdict(changed.regions[0]!)).toBe('false_positive');
    expect(changed.regions[1]!.carried!.confirmed).toBe(false);
    const confirmed = applyReviewOp(changed, { type: 'confirmCarried', keys: ['n1', 'n2'] });
    expect(confirmed.state.regions.map((r) => r.carried!.confirmed)).toEqual([true, true]);
    // Only the region not yet looked at changed; undo restores its mark.
    expect(Object.keys(confirmed.forward.regions ?? {})).toEqual(['n2']);
    expect(confirmed.backward.regions?.['n2']?.carried?.confirmed).toBe(false);
    expect(() =>
      applyReviewOp(review('x', [region('z', box(0.1))]), { type: 'confirmCarried', keys: ['z'] }),
    ).toThrow(/no carried verdict/);
  });
});
