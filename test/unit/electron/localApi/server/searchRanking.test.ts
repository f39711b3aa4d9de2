import { describe, expect, it } from 'vitest';
import type { ConceptRef } from '../../../../../electron/localApi/server/outputRepo.ts';
import {
  rankInputs,
  similarityWeight,
  type SearchIndex,
  type SearchTerm,
} from '../../../../../electron/localApi/server/searchRanking.ts';

/** Four inputs, newest first: a (dog 0.9, cat 0.2), b (dog 0.5), c (car), d (nothing predicted). */
const predicted: Record<string, Record<string, number>> = {
  a: { dog: 0.9, cat: 0.2 },
  b: { dog: 0.5 },
  c: { car: 0.8 },
  d: {},
};
const images: Record<string, string> = { a: 'hash-a', b: 'hash-b', c: 'hash-c', d: 'hash-a' };

const index: SearchIndex = {
  inputIds: () => ['a', 'b', 'c', 'd'],
  conceptScores: (concept: ConceptRef) =>
    new Map(
      Object.entries(predicted).flatMap(([id, concepts]) => {
        const value = concepts[concept.name ?? concept.id ?? ''];
        return value === undefined ? [] : [[id, value] as const];
      }),
    ),
  inputsWithImage: (sha256) => Object.keys(images).filter((id) => images[id] === sha256),
  conceptNamesByInput: () =>
    new Map(Object.entries(predicted).map(([id, concepts]) => [id, new Set(Object.keys(concepts))])),
};

const concept = (name: string, present = true): SearchTerm => ({
  matches: [{ kind: 'concept', concept: { name }, source: 'predicted', present }],
  negate: false,
  ranks: true,
});
const ids = (terms: SearchTerm[]) => rankInputs(terms, index).map((hit) => hit.inputId);

describe('search ranking', () => {
  it('finds a concept, best value first', () => {
    expect(rankInputs([concept('dog')], index)).toEqual([
      { inputId: 'a', score: 0.9 },
      { inputId: 'b', score: 0.5 },
    ]);
  });

  it('ands terms, scoring by the weakest', () => {
    expect(rankInputs([concept('dog'), concept('cat')], index)).toEqual([{ inputId: 'a', score: 0.2 }]);
  });

  it('value 0 and negate both mean "without it"', () => {
    expect(ids([concept('dog', false)])).toEqual(['c', 'd']);
    expect(ids([{ ...concept('dog'), negate: true }])).toEqual(['c', 'd']);
  });

  it('a filter restricts without changing the order of a rank', () => {
    const filter = { ...concept('dog'), ranks: false };
    expect(rankInputs([filter], index)).toEqual([
      { inputId: 'a', score: 1 },
      { inputId: 'b', score: 1 },
    ]);
  });

  it('by image: the same image first (score 1), then images sharing concepts', () => {
    const byImage: SearchTerm = {
      matches: [{ kind: 'image', sha256: 'hash-b', conceptNames: ['dog', 'cat'], exactOnly: false }],
      negate: false,
      ranks: true,
    };
    expect(rankInputs([byImage], index)).toEqual([
      { inputId: 'b', score: 1 },
      { inputId: 'a', score: similarityWeight },
    ]);
    const exact = {
      ...byImage,
      matches: [{ kind: 'image' as const, sha256: 'hash-a', conceptNames: undefined, exactOnly: true }],
    };
    expect(ids([exact])).toEqual(['a', 'd']);
  });

  it('no terms: every input, newest first', () => {
    expect(ids([])).toEqual(['a', 'b', 'c', 'd']);
  });
});
