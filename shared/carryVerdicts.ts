import { iou } from './geometry.ts';
import { regionVerdict, topConcept, type ReviewedRegion, type ReviewState } from './review.ts';

/**
 * Verdicts carried across model versions (docs/qa-estimates.md, "Verdicts carried across model
 * versions"): when a second prediction of an image arrives, its regions are matched to the
 * reviewed regions of the earlier one, and a matched region starts with the earlier verdict,
 * marked carried. Only the unmatched regions are left to review.
 */

/** The default least IoU of two predicted boxes for a match (Settings ▸ Carry verdicts at IoU). */
export const defaultCarryIoU = 0.7;

/** The concept a region's match is decided by: what the model called it (its top predicted concept). */
function matchConcept(region: ReviewedRegion): string | undefined {
  const predicted = region.concepts.filter((concept) => concept.predictedValue !== undefined);
  const top = topConcept(predicted.length > 0 ? predicted : region.concepts);
  return top && (top.name || top.id).toLowerCase();
}

export interface RegionMatch {
  /** The earlier region's key. */
  from: string;
  /** The new region's key. */
  to: string;
  iou: number;
}

/**
 * Matches new predicted regions to the earlier reviewed ones: same concept, predicted boxes with
 * IoU ≥ `minIoU`, greedily by IoU (highest first; ties by earlier then new region order), each
 * region in at most one match. Greedy rather than Hungarian: at IoU ≥ 0.5 two boxes of one image
 * rarely compete for the same partner, and greedy keeps the best overlaps, which is what a reviewer
 * would pair by eye.
 */
export function matchRegions(
  earlier: readonly ReviewedRegion[],
  next: readonly ReviewedRegion[],
  minIoU: number,
): RegionMatch[] {
  const candidates: (RegionMatch & { order: number })[] = [];
  earlier.forEach((old, i) => {
    if (old.source !== 'predicted' || !old.predictedBox || carriedVerdictOf(old) === undefined) return;
    const concept = matchConcept(old);
    next.forEach((region, j) => {
      if (region.source !== 'predicted' || !region.predictedBox) return;
      if (matchConcept(region) !== concept) return;
      const overlap = iou(old.predictedBox!, region.predictedBox);
      if (overlap >= minIoU)
        candidates.push({ from: old.key, to: region.key, iou: overlap, order: i * next.length + j });
    });
  });
  candidates.sort((a, b) => b.iou - a.iou || a.order - b.order);
  const usedFrom = new Set<string>();
  const usedTo = new Set<string>();
  const matches: RegionMatch[] = [];
  for (const candidate of candidates) {
    if (usedFrom.has(candidate.from) || usedTo.has(candidate.to)) continue;
    usedFrom.add(candidate.from);
    usedTo.add(candidate.to);
    matches.push({ from: candidate.from, to: candidate.to, iou: candidate.iou });
  }
  return matches;
}

/** The verdicts that can be carried: those of predicted regions (a miss belongs to its image, not a model). */
function carriedVerdictOf(region: ReviewedRegion): 'accurate' | 'misplaced' | 'false_positive' | undefined {
  const verdict = regionVerdict(region);
  return verdict === 'accurate' || verdict === 'misplaced' || verdict === 'false_positive'
    ? verdict
    : undefined;
}

/**
 * The new review with the earlier verdicts carried onto its matched regions: accepted (and the
 * label as judged), false positive, or moved to the box the reviewer corrected — the same verdict
 * with the same corrections. A misplaced region whose new prediction lands on the corrected box
 * is accurate now, and is carried as accepted.
 */
export function carryVerdicts(
  earlier: ReviewState,
  next: ReviewState,
  minIoU = defaultCarryIoU,
): { state: ReviewState; carried: number } {
  const matches = matchRegions(earlier.regions, next.regions, minIoU);
  if (matches.length === 0) return { state: next, carried: 0 };
  const olds = new Map(earlier.regions.map((region) => [region.key, region]));
  const byNew = new Map(matches.map((match) => [match.to, match]));
  const regions = next.regions.map((region): ReviewedRegion => {
    const match = byNew.get(region.key);
    if (!match) return region;
    const old = olds.get(match.from)!;
    const verdict = carriedVerdictOf(old)!;
    const judged = new Map(
      old.concepts
        .filter((concept) => concept.judgement !== 'unsure')
        .map((concept) => [concept.id, concept]),
    );
    const concepts = region.concepts.map((concept) => {
      const judgement = judged.get(concept.id)?.judgement;
      judged.delete(concept.id);
      return judgement ? { ...concept, judgement } : concept;
    });
    // Concepts the reviewer added (a relabel to a concept the new output lacks) come along.
    for (const added of judged.values())
      concepts.push({ id: added.id, name: added.name, judgement: added.judgement });
    return {
      ...region,
      concepts,
      confirmed: verdict !== 'false_positive',
      removed: verdict === 'false_positive',
      box: verdict === 'misplaced' ? old.box : region.box,
      carried: { fromOutputId: earlier.outputId, verdict, iou: match.iou, confirmed: false },
    };
  });
  return { state: { ...next, regions }, carried: matches.length };
}
