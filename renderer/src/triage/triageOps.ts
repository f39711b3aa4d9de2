import type { ConceptRef } from '../review/conceptCatalog.ts';
import type { RegionRow, TriageVerdict } from '../../../shared/regionTriage.ts';
import type { ReviewOp, SingleReviewOp } from '../../../shared/reviewOps.ts';

/** What a verdict key does in the triage grid: the canvas's accept, false positive or 1–9 relabel. */
export type TriageVerdictKind =
  { kind: 'accept' } | { kind: 'falsePositive' } | { kind: 'relabel'; n: number };

/** The verdict a region has once the key has acted (what the grid's verdict filter compares). */
export function verdictAfter(kind: TriageVerdictKind): TriageVerdict {
  return kind.kind === 'falsePositive' ? 'false_positive' : 'accurate';
}

/**
 * The ops a verdict key sends for the regions it acts on, one op per prediction (so one key press is
 * one undo step on each review it touches), built as the canvas builds them (regionActions.ts):
 * accept is `confirm`, false positive `remove`, a label key `relabel` with the model's n-th
 * frequent concept. The grid shows a false positive too, so accepting or relabelling one restores it
 * first, in the same op. `labelFor` gives a model's concept for the key (undefined: none yet); a
 * region with no concept for it is left out and named in `missing`.
 */
export function triageOps(
  rows: readonly RegionRow[],
  verdict: TriageVerdictKind,
  labelFor: (modelId: string) => ConceptRef | undefined,
): { ops: Map<number, ReviewOp>; missing: string[] } {
  const byPrediction = new Map<number, SingleReviewOp[]>();
  const missing = new Set<string>();
  const add = (row: RegionRow, op: SingleReviewOp) =>
    byPrediction.set(row.predictionId, [...(byPrediction.get(row.predictionId) ?? []), op]);
  for (const row of rows) {
    const removed = row.verdict === 'false_positive';
    const keys = [row.regionKey];
    // A verdict carried from an earlier model version that the key agrees with is confirmed, as V
    // confirms it on the canvas.
    if (verdict.kind === 'falsePositive') {
      if (!removed) add(row, { type: 'remove', keys });
      else if (row.carried) add(row, { type: 'confirmCarried', keys });
      continue;
    }
    if (verdict.kind === 'relabel') {
      const concept = labelFor(row.modelId);
      if (!concept) {
        missing.add(row.modelId);
        continue;
      }
      if (removed) add(row, { type: 'restore', keys });
      add(row, { type: 'relabel', region: row.regionKey, concept: { id: concept.id, name: concept.name } });
      continue;
    }
    if (row.verdict === 'accurate' && row.carried) add(row, { type: 'confirmCarried', keys });
    else if (row.verdict !== 'accurate') {
      if (removed) add(row, { type: 'restore', keys });
      add(row, { type: 'confirm', keys });
    }
  }
  const ops = new Map<number, ReviewOp>();
  for (const [predictionId, list] of byPrediction) {
    ops.set(predictionId, list.length === 1 ? list[0]! : { type: 'batch', ops: list });
  }
  return { ops, missing: [...missing] };
}
