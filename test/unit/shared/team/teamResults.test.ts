import { describe, expect, it } from 'vitest';
import { teamResults, type ResultsImage, type ResultsReview } from '../../../../shared/team/teamResults.ts';

const box = { top: 0.1, left: 0.1, bottom: 0.5, right: 0.5 };
const image = (id: string, gold: ResultsImage['gold'] = null): ResultsImage => ({
  id,
  regions: [{ id: 'r1', box, concept: 'face' }],
  gold,
  slots: 3,
  doneSlots: 3,
});
const review = (
  imageId: string,
  reviewerId: string,
  regions: ResultsReview['regions'],
  kind: ResultsReview['kind'] = 'counted',
): ResultsReview => ({
  imageId,
  reviewerId,
  kind,
  regions,
  submittedAt: `2026-01-01T00:0${reviewerId.length}:00.000Z`,
});

describe('team results', () => {
  it('merges by majority, lists a disagreement, and leaves extra reviews out of the vote', () => {
    const results = teamResults(
      [image('i1')],
      [
        review('i1', 'a', [{ id: 'r1', verdict: 'accurate' }]),
        review('i1', 'bb', [{ id: 'r1', verdict: 'accurate' }]),
        review('i1', 'ccc', [{ id: 'r1', verdict: 'false_positive' }]),
        review('i1', 'dddd', [{ id: 'r1', verdict: 'false_positive' }], 'extra'),
      ],
    );
    expect(results.merged[0]!.regions[0]).toMatchObject({
      verdict: 'accurate',
      votes: { accurate: 2, false_positive: 1 },
      tie: false,
      disagreement: true,
    });
    expect(results.disagreements).toEqual([
      {
        imageId: 'i1',
        regionId: 'r1',
        votes: { accurate: 2, false_positive: 1 },
        tie: false,
        verdicts: { a: 'accurate', bb: 'accurate', ccc: 'false_positive' },
      },
    ]);
    expect(results.reviews).toEqual({ counted: 3, extra: 1 });
    expect(results.extraReviews.map((item) => item.reviewerId)).toEqual(['dddd']);
  });

  it('keeps a drawn region only when more than half of the image reviewers drew it (matched at IoU ≥ 0.5)', () => {
    const drawn = { top: 0.6, left: 0.6, bottom: 0.9, right: 0.9 };
    const nudged = { top: 0.62, left: 0.6, bottom: 0.9, right: 0.9 };
    const results = teamResults(
      [image('i1')],
      [
        review('i1', 'a', [{ verdict: 'not_detected', box: drawn, concept: 'logo' }]),
        review('i1', 'bb', [{ verdict: 'not_detected', box: nudged }]),
        review('i1', 'ccc', []),
      ],
    );
    expect(results.merged[0]!.drawn).toHaveLength(1);
    expect(results.merged[0]!.drawn[0]).toMatchObject({ concept: 'logo', support: 2 });
    expect(results.merged[0]!.drawn[0]!.box.top).toBeCloseTo(0.61, 12);
  });

  it('scores gold per reviewer and throughput per hour between first and last review', () => {
    const results = teamResults(
      [image('g1', { r1: 'false_positive' }), image('i2')],
      [
        {
          ...review('g1', 'a', [{ id: 'r1', verdict: 'false_positive' }]),
          submittedAt: '2026-01-01T00:00:00.000Z',
        },
        {
          ...review('i2', 'a', [{ id: 'r1', verdict: 'accurate' }]),
          submittedAt: '2026-01-01T00:30:00.000Z',
        },
        review('g1', 'bb', [{ id: 'r1', verdict: 'accurate' }]),
      ],
    );
    const [a, b] = results.reviewers;
    expect(a).toMatchObject({
      id: 'a',
      counted: 2,
      perHour: 4,
      gold: { judged: 1, correct: 1, accuracy: 1 },
    });
    expect(b).toMatchObject({ id: 'bb', perHour: null, gold: { judged: 1, correct: 0, accuracy: 0 } });
    expect(results.images.gold).toBe(1);
  });
});
