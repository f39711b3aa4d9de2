import { describe, expect, it } from 'vitest';
import type { RegionRow } from '../../../../shared/regionTriage.ts';
import { triageOps, verdictAfter } from '../../../../renderer/src/triage/triageOps.ts';

const row = (predictionId: number, regionKey: string, patch: Partial<RegionRow> = {}): RegionRow => ({
  imageId: predictionId,
  imageName: `image-${predictionId}.jpg`,
  predictionId,
  modelId: 'logos',
  regionKey,
  regionId: regionKey,
  concept: 'acme',
  confidence: 0.5,
  verdict: 'unreviewed',
  carried: false,
  ...patch,
});

const norda = { id: 'norda', name: 'Norda' };

describe('the ops a triage verdict key sends', () => {
  it('are one op per prediction: the keys of one review in one confirm, two reviews apart', () => {
    const { ops } = triageOps([row(1, 'a'), row(1, 'b'), row(2, 'c')], { kind: 'accept' }, () => undefined);
    expect(ops).toEqual(
      new Map([
        [
          1,
          {
            type: 'batch',
            ops: [
              { type: 'confirm', keys: ['a'] },
              { type: 'confirm', keys: ['b'] },
            ],
          },
        ],
        [2, { type: 'confirm', keys: ['c'] }],
      ]),
    );
  });

  it('accept restores a false positive first, leaves an accepted region alone and confirms a carried verdict', () => {
    const rows = [
      row(1, 'fp', { verdict: 'false_positive' }),
      row(2, 'done', { verdict: 'accurate' }),
      row(3, 'carried', { verdict: 'accurate', carried: true }),
    ];
    const { ops } = triageOps(rows, { kind: 'accept' }, () => undefined);
    expect(ops.get(1)).toEqual({
      type: 'batch',
      ops: [
        { type: 'restore', keys: ['fp'] },
        { type: 'confirm', keys: ['fp'] },
      ],
    });
    expect(ops.has(2)).toBe(false);
    expect(ops.get(3)).toEqual({ type: 'confirmCarried', keys: ['carried'] });
  });

  it('false positive removes, and confirms a carried false positive', () => {
    const { ops } = triageOps(
      [
        row(1, 'a'),
        row(2, 'b', { verdict: 'false_positive', carried: true }),
        row(3, 'c', { verdict: 'false_positive' }),
      ],
      { kind: 'falsePositive' },
      () => undefined,
    );
    expect([...ops]).toEqual([
      [1, { type: 'remove', keys: ['a'] }],
      [2, { type: 'confirmCarried', keys: ['b'] }],
    ]);
  });

  it("relabel uses each region's model's concept for the key, and names the models that have none", () => {
    const { ops, missing } = triageOps(
      [row(1, 'a'), row(2, 'b', { modelId: 'faces' }), row(3, 'c', { verdict: 'false_positive' })],
      { kind: 'relabel', n: 2 },
      (modelId) => (modelId === 'logos' ? norda : undefined),
    );
    expect(missing).toEqual(['faces']);
    expect(ops.get(1)).toEqual({ type: 'relabel', region: 'a', concept: norda });
    expect(ops.has(2)).toBe(false);
    expect(ops.get(3)).toEqual({
      type: 'batch',
      ops: [
        { type: 'restore', keys: ['c'] },
        { type: 'relabel', region: 'c', concept: norda },
      ],
    });
  });

  it('say the verdict a region has after the key (what the verdict filter compares)', () => {
    expect(verdictAfter({ kind: 'accept' })).toBe('accurate');
    expect(verdictAfter({ kind: 'relabel', n: 1 })).toBe('accurate');
    expect(verdictAfter({ kind: 'falsePositive' })).toBe('false_positive');
  });
});
