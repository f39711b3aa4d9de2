import type { ConceptRef } from './outputRepo.ts';

/** Which concepts a concept search looks at: predicted by a model, given with the input, or either. */
export type ConceptSource = 'predicted' | 'annotated' | 'any';

export type SearchMatch =
  | {
      kind: 'concept';
      concept: ConceptRef;
      source: ConceptSource;
      /** false: value 0, "without it" */ present: boolean;
    }
  | {
      kind: 'image';
      sha256: string;
      /** The query image's concept names, for similarity; undefined when unknown. */
      conceptNames: readonly string[] | undefined;
      /** Only the very same image (a legacy `input` term), no similarity. */
      exactOnly: boolean;
    };

/** One query term: all its matches must hold (negated: not all of them). */
export interface SearchTerm {
  matches: readonly SearchMatch[];
  negate: boolean;
  /** A rank orders the hits by its score; a filter only restricts them. */
  ranks: boolean;
}

/** What ranking reads from the store. */
export interface SearchIndex {
  /** Searchable inputs, in the order equal scores are listed (newest first). */
  inputIds(): readonly string[];
  /** Per input, the value of the concept (inputs without it are absent). */
  conceptScores(concept: ConceptRef, source: ConceptSource): ReadonlyMap<string, number>;
  inputsWithImage(sha256: string): readonly string[];
  /** Per input, its concept names in lower case. */
  conceptNamesByInput(): ReadonlyMap<string, ReadonlySet<string>>;
}

export interface ScoredInput {
  inputId: string;
  score: number;
}

/** Similar images rank below the very same image, which scores 1. */
export const similarityWeight = 0.9;

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const name of a) if (b.has(name)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

function matchScores(match: SearchMatch, index: SearchIndex): Map<string, number> {
  if (match.kind === 'concept') {
    const scores = index.conceptScores(match.concept, match.source);
    if (match.present) return new Map([...scores].filter(([, value]) => value > 0));
    return new Map(
      index
        .inputIds()
        .filter((id) => !((scores.get(id) ?? 0) > 0))
        .map((id) => [id, 1]),
    );
  }
  const scores = new Map(index.inputsWithImage(match.sha256).map((id) => [id, 1]));
  if (match.exactOnly || !match.conceptNames?.length) return scores;
  const query = new Set(match.conceptNames);
  for (const [inputId, names] of index.conceptNamesByInput()) {
    if (scores.has(inputId)) continue;
    const similarity = jaccard(query, names);
    if (similarity > 0) scores.set(inputId, similarityWeight * similarity);
  }
  return scores;
}

function termScores(term: SearchTerm, index: SearchIndex): Map<string, number> {
  let scores: Map<string, number> | undefined;
  for (const match of term.matches) {
    const next = matchScores(match, index);
    scores = scores
      ? new Map(
          [...scores].flatMap(([id, score]) =>
            next.has(id) ? [[id, Math.min(score, next.get(id) ?? 0)]] : [],
          ),
        )
      : next;
  }
  scores ??= new Map();
  if (!term.negate) return scores;
  const matched = scores;
  return new Map(
    index
      .inputIds()
      .filter((id) => !matched.has(id))
      .map((id) => [id, 1]),
  );
}

/**
 * The inputs every term holds for, best first. An input's score is the lowest score of the
 * ranking terms (1 when there are none); equal scores keep the index's order.
 */
export function rankInputs(terms: readonly SearchTerm[], index: SearchIndex): ScoredInput[] {
  const scored = new Map(index.inputIds().map((id) => [id, 1]));
  for (const term of terms) {
    const scores = termScores(term, index);
    for (const [id, score] of scored) {
      const termScore = scores.get(id);
      if (termScore === undefined) scored.delete(id);
      else if (term.ranks) scored.set(id, Math.min(score, termScore));
    }
  }
  return [...scored].map(([inputId, score]) => ({ inputId, score })).sort((a, b) => b.score - a.score);
}
