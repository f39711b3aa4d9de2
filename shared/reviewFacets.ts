import { regionConfidence, regionVerdict, type ReviewedRegion, type ReviewState } from './review.ts';

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

type Count = 'unreviewed' | 'accurate' | 'misplaced' | 'notDetected' | 'falsePositives';

const countOf = {
  accurate: 'accurate',
  misplaced: 'misplaced',
  not_detected: 'notDetected',
  false_positive: 'falsePositives',
} as const;

/** What one region adds to its review's facets; undefined when it is not counted at all. */
interface RegionFacet {
  count: Count;
  confidence: number | undefined;
  /** Lower-cased concept name → its spelling on this region. */
  concepts: ReadonlyMap<string, string>;
}

function regionFacet(region: ReviewedRegion): RegionFacet | undefined {
  if (region.source === 'reviewer' && region.removed) return undefined;
  const verdict = regionVerdict(region);
  const concepts = new Map<string, string>();
  if (!region.removed)
    for (const concept of region.concepts) {
      if (concept.judgement === 'false') continue;
      const name = concept.name || concept.id;
      // One spelling per concept whatever its case: the list's filter matches without case.
      if (!concepts.has(name.toLowerCase())) concepts.set(name.toLowerCase(), name);
    }
  return { count: verdict ? countOf[verdict] : 'unreviewed', confidence: regionConfidence(region), concepts };
}

/**
 * A review's facets kept up to date region by region, so an edit costs what it changed rather
 * than a pass over every region (docs/review-storage.md). `replace` swaps one region's share;
 * `facets()` reads the totals. A concept keeps the spelling it was first seen with while any
 * region carries it; the stored names are compared without case, so that is the same filter.
 */
export class FacetTally {
  readonly #byKey = new Map<string, RegionFacet>();
  readonly #counts: Record<Count | 'regions', number> = {
    regions: 0,
    unreviewed: 0,
    accurate: 0,
    misplaced: 0,
    notDetected: 0,
    falsePositives: 0,
  };
  readonly #confidences = new Map<number, number>();
  /** The lowest key of #confidences; undefined when it has to be found again. */
  #min: number | null | undefined = null;
  readonly #concepts = new Map<string, { name: string; regions: number }>();
  #conceptsChanged = false;

  static of(state: ReviewState): FacetTally {
    const tally = new FacetTally();
    for (const region of state.regions) tally.replace(region.key, region);
    return tally;
  }

  /** Sets the share of the region with `key`: `region`, or none when it is gone. */
  replace(key: string, region: ReviewedRegion | null): void {
    const before = this.#byKey.get(key);
    const after = region ? regionFacet(region) : undefined;
    // In before out, so a share that did not change never empties a tally on the way.
    if (after) this.#add(after, 1);
    if (before) this.#add(before, -1);
    if (after) this.#byKey.set(key, after);
    else this.#byKey.delete(key);
  }

  /** Whether the set of concepts changed since the last call (then review_concepts is rewritten). */
  takeConceptsChanged(): boolean {
    const changed = this.#conceptsChanged;
    this.#conceptsChanged = false;
    return changed;
  }

  facets(): ReviewFacets {
    if (this.#min === undefined) {
      let min: number | null = null;
      for (const confidence of this.#confidences.keys())
        if (min === null || confidence < min) min = confidence;
      this.#min = min;
    }
    return {
      ...this.#counts,
      minConfidence: this.#min,
      concepts: [...this.#concepts.values()].map((concept) => concept.name),
    };
  }

  #add(facet: RegionFacet, sign: 1 | -1): void {
    this.#counts.regions += sign;
    this.#counts[facet.count] += sign;
    if (facet.confidence !== undefined) {
      const left = (this.#confidences.get(facet.confidence) ?? 0) + sign;
      if (left > 0) this.#confidences.set(facet.confidence, left);
      else this.#confidences.delete(facet.confidence);
      if (sign > 0 && this.#min !== undefined && (this.#min === null || facet.confidence < this.#min))
        this.#min = facet.confidence;
      if (left === 0 && facet.confidence === this.#min) this.#min = undefined;
    }
    for (const [key, name] of facet.concepts) {
      const concept = this.#concepts.get(key);
      if (!concept) {
        this.#concepts.set(key, { name, regions: 1 });
        this.#conceptsChanged = true;
      } else if ((concept.regions += sign) === 0) {
        this.#concepts.delete(key);
        this.#conceptsChanged = true;
      }
    }
  }
}

export function reviewFacets(state: ReviewState): ReviewFacets {
  return FacetTally.of(state).facets();
}
