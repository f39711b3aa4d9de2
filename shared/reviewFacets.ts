import { regionConfidence, regionVerdict, type ReviewState } from './review.ts';

/**
 * What the image list sorts and filters by, per review (docs/review.md, "The image list"): counts
 * of regions by verdict, the lowest confidence among predicted regions, and the concepts its
 * regions carry. Kept in the workspace beside the review and rewritten with every edit, so the
 * list is sorted and filtered in SQL without reading a review.
 */
export interface ReviewFacets {
  /** Regions on the image: every predicted one and every drawn one not deleted. */
  regions: number;
  /** Predicted regions with no verdict yet. */
  unreviewed: number;
  accurate: number;
  misplaced: number;
  notDetected: number;
  falsePositives: number;
  /** The lowest confidence of a predicted region; null when it has none. */
  minConfidence: number | null;
  /** Names (else ids) of the concepts on its regions that are not judged false, each once. */
  concepts: string[];
}

export function reviewFacets(state: ReviewState): ReviewFacets {
  const facets: ReviewFacets = {
    regions: 0,
    unreviewed: 0,
    accurate: 0,
    misplaced: 0,
    notDetected: 0,
    falsePositives: 0,
    minConfidence: null,
    concepts: [],
  };
  const concepts = new Map<string, string>();
  for (const region of state.regions) {
    if (region.source === 'reviewer' && region.removed) continue;
    facets.regions++;
    const confidence = regionConfidence(region);
    if (confidence !== undefined && (facets.minConfidence === null || confidence < facets.minConfidence))
      facets.minConfidence = confidence;
    switch (regionVerdict(region)) {
      case undefined:
        facets.unreviewed++;
        break;
      case 'accurate':
        facets.accurate++;
        break;
      case 'misplaced':
        facets.misplaced++;
        break;
      case 'not_detected':
        facets.notDetected++;
        break;
      case 'false_positive':
        facets.falsePositives++;
        break;
    }
    if (region.removed) continue;
    for (const concept of region.concepts) {
      if (concept.judgement === 'false') continue;
      const name = concept.name || concept.id;
      // One spelling per concept whatever its case: the list's filter matches without case.
      if (!concepts.has(name.toLowerCase())) concepts.set(name.toLowerCase(), name);
    }
  }
  facets.concepts = [...concepts.values()];
  return facets;
}
