import { iou, type Box } from '../geometry.ts';
import { cohenKappa, fleissKappa } from './agreement.ts';
import type { PredictedVerdict, ReviewedRegionWire, ReviewOutcome, TeamRegion } from './teamWire.ts';

/**
 * A campaign's team results (docs/team-collector.md, "Results"): the merged verdict of every
 * predicted region, what reviewers disagreed on, each reviewer's throughput, agreement and gold
 * accuracy. Pure: the collector reads the rows, this decides what they mean.
 */

export interface ResultsImage {
  id: string;
  regions: readonly TeamRegion[];
  gold: Readonly<Record<string, PredictedVerdict>> | null;
  slots: number;
  doneSlots: number;
}

export interface ResultsReview {
  imageId: string;
  reviewerId: string;
  kind: ReviewOutcome;
  regions: readonly ReviewedRegionWire[];
  submittedAt: string;
}

export interface MergedRegion {
  regionId: string;
  /** The majority verdict; null while unreviewed or tied. */
  verdict: PredictedVerdict | null;
  votes: Partial<Record<PredictedVerdict, number>>;
  tie: boolean;
  disagreement: boolean;
  /** The box after review: the mean of the majority's corrected boxes when misplaced, else as predicted. */
  box: Box;
  concept: string | undefined;
}

export interface MergedDrawn {
  box: Box;
  concept: string | undefined;
  /** How many of the image's reviewers drew it (boxes matched at IoU ≥ 0.5). */
  support: number;
}

export interface MergedImage {
  imageId: string;
  reviewers: string[];
  regions: MergedRegion[];
  /** Regions the model missed, drawn by more than half of the image's reviewers. */
  drawn: MergedDrawn[];
  disagreement: boolean;
  gold: boolean;
}

export interface ReviewerResult {
  id: string;
  counted: number;
  extra: number;
  firstAt: string | null;
  lastAt: string | null;
  /** Counted and extra reviews per hour between the first and the last; null under two reviews. */
  perHour: number | null;
  /** Mean of Cohen's kappa with each other reviewer over the regions both judged; null with none shared. */
  kappaWithOthers: number | null;
  /** Mean IoU between this reviewer's corrected boxes and another's for the same misplaced region. */
  boxIouWithOthers: number | null;
  gold: { judged: number; correct: number; accuracy: number | null };
}

export interface PairAgreement {
  a: string;
  b: string;
  units: number;
  kappa: number | null;
  boxIou: number | null;
}

export interface TeamResults {
  images: { total: number; complete: number; reviewed: number; gold: number };
  reviews: { counted: number; extra: number };
  reviewers: ReviewerResult[];
  agreement: { fleissKappa: number | null; pairs: PairAgreement[] };
  merged: MergedImage[];
  /** Regions with more than one verdict among the image's reviewers, or a tie, for the lead to resolve. */
  disagreements: {
    imageId: string;
    regionId: string;
    votes: Partial<Record<PredictedVerdict, number>>;
    tie: boolean;
    /** Who said what, by reviewer id, so the lead sees whom to ask. */
    verdicts: Record<string, PredictedVerdict>;
  }[];
  /** Reviews that came after every slot of their image was done (a lease that expired offline). */
  extraReviews: { imageId: string; reviewerId: string; submittedAt: string }[];
}

type Judgement = { verdict: PredictedVerdict; box: Box | undefined };

const drawnMatchIou = 0.5;

const mean = (values: readonly number[]) =>
  values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;

function meanBox(boxes: readonly Box[]): Box {
  const n = boxes.length;
  const sum = (key: keyof Box) => boxes.reduce((total, box) => total + box[key], 0) / n;
  return { top: sum('top'), left: sum('left'), bottom: sum('bottom'), right: sum('right') };
}

/** region id → what the review said of it (the last word if a review names a region twice). */
function judgementsOf(review: ResultsReview): Map<string, Judgement> {
  const judgements = new Map<string, Judgement>();
  for (const region of review.regions) {
    if (region.verdict === 'not_detected') continue;
    judgements.set(region.id, {
      verdict: region.verdict,
      box: region.verdict === 'misplaced' ? region.box : undefined,
    });
  }
  return judgements;
}

function mergeRegion(region: TeamRegion, judgements: readonly Judgement[]): MergedRegion {
  const votes: Partial<Record<PredictedVerdict, number>> = {};
  for (const { verdict } of judgements) votes[verdict] = (votes[verdict] ?? 0) + 1;
  const ranked = (Object.entries(votes) as [PredictedVerdict, number][]).sort((x, y) => y[1] - x[1]);
  const top = ranked[0];
  const tie = ranked.length > 1 && ranked[1]![1] === top![1];
  const verdict = top && !tie ? top[0] : null;
  const corrected = judgements.flatMap((judgement) =>
    judgement.verdict === 'misplaced' && judgement.box ? [judgement.box] : [],
  );
  return {
    regionId: region.id,
    verdict,
    votes,
    tie,
    disagreement: ranked.length > 1,
    box: verdict === 'misplaced' && corrected.length > 0 ? meanBox(corrected) : region.box,
    concept: region.concept,
  };
}

function mergeDrawn(reviews: readonly ResultsReview[]): MergedDrawn[] {
  const clusters: { boxes: Box[]; reviewers: Set<string>; concept: string | undefined }[] = [];
  for (const review of reviews) {
    for (const region of review.regions) {
      if (region.verdict !== 'not_detected') continue;
      const match = clusters.find(
        (cluster) =>
          !cluster.reviewers.has(review.reviewerId) && iou(cluster.boxes[0]!, region.box) >= drawnMatchIou,
      );
      if (match) {
        match.boxes.push(region.box);
        match.reviewers.add(review.reviewerId);
      } else {
        clusters.push({
          boxes: [region.box],
          reviewers: new Set([review.reviewerId]),
          concept: region.concept,
        });
      }
    }
  }
  return clusters
    .filter((cluster) => cluster.reviewers.size * 2 > reviews.length)
    .map((cluster) => ({
      box: meanBox(cluster.boxes),
      concept: cluster.concept,
      support: cluster.reviewers.size,
    }));
}

export function teamResults(images: readonly ResultsImage[], reviews: readonly ResultsReview[]): TeamResults {
  const counted = reviews.filter((review) => review.kind === 'counted');
  const byImage = new Map<string, ResultsReview[]>();
  for (const review of counted) {
    const list = byImage.get(review.imageId) ?? [];
    list.push(review);
    byImage.set(review.imageId, list);
  }

  const merged: MergedImage[] = [];
  const disagreements: TeamResults['disagreements'] = [];
  const fleissUnits: PredictedVerdict[][] = [];
  // reviewer → region unit key → judgement, for the pairwise measures
  const perReviewer = new Map<string, Map<string, Judgement>>();
  const gold = new Map<string, { judged: number; correct: number }>();

  for (const image of images) {
    const imageReviews = byImage.get(image.id) ?? [];
    const judged = imageReviews.map((review) => ({ review, judgements: judgementsOf(review) }));
    for (const { review, judgements } of judged) {
      const units = perReviewer.get(review.reviewerId) ?? new Map<string, Judgement>();
      for (const [regionId, judgement] of judgements) units.set(`${image.id}\u0000${regionId}`, judgement);
      perReviewer.set(review.reviewerId, units);
      if (image.gold) {
        const tally = gold.get(review.reviewerId) ?? { judged: 0, correct: 0 };
        for (const [regionId, expected] of Object.entries(image.gold)) {
          const judgement = judgements.get(regionId);
          if (!judgement) continue;
          tally.judged += 1;
          if (judgement.verdict === expected) tally.correct += 1;
        }
        gold.set(review.reviewerId, tally);
      }
    }
    const regions = image.regions.map((region) => {
      const verdicts: Record<string, PredictedVerdict> = {};
      const given = judged.flatMap(({ review, judgements }) => {
        const judgement = judgements.get(region.id);
        if (judgement) verdicts[review.reviewerId] = judgement.verdict;
        return judgement ? [judgement] : [];
      });
      if (given.length >= 2) fleissUnits.push(given.map((judgement) => judgement.verdict));
      const result = mergeRegion(region, given);
      if (result.disagreement || result.tie)
        disagreements.push({
          imageId: image.id,
          regionId: region.id,
          votes: result.votes,
          tie: result.tie,
          verdicts,
        });
      return result;
    });
    merged.push({
      imageId: image.id,
      reviewers: imageReviews.map((review) => review.reviewerId).sort(),
      regions,
      drawn: mergeDrawn(imageReviews),
      disagreement: regions.some((region) => region.disagreement || region.tie),
      gold: image.gold !== null,
    });
  }

  const reviewerIds = [...new Set(reviews.map((review) => review.reviewerId))].sort();
  const pairs: PairAgreement[] = [];
  for (let i = 0; i < reviewerIds.length; i += 1) {
    for (let j = i + 1; j < reviewerIds.length; j += 1) {
      const a = reviewerIds[i]!;
      const b = reviewerIds[j]!;
      const unitsA = perReviewer.get(a) ?? new Map<string, Judgement>();
      const unitsB = perReviewer.get(b) ?? new Map<string, Judgement>();
      const paired: [PredictedVerdict, PredictedVerdict][] = [];
      const ious: number[] = [];
      for (const [unit, judgementA] of unitsA) {
        const judgementB = unitsB.get(unit);
        if (!judgementB) continue;
        paired.push([judgementA.verdict, judgementB.verdict]);
        if (judgementA.box && judgementB.box) ious.push(iou(judgementA.box, judgementB.box));
      }
      if (paired.length > 0)
        pairs.push({ a, b, units: paired.length, kappa: cohenKappa(paired), boxIou: mean(ious) });
    }
  }

  const reviewers = reviewerIds.map((id): ReviewerResult => {
    const own = reviews.filter((review) => review.reviewerId === id);
    const times = own.map((review) => review.submittedAt).sort();
    const firstAt = times[0] ?? null;
    const lastAt = times[times.length - 1] ?? null;
    const spanHours = firstAt && lastAt ? (Date.parse(lastAt) - Date.parse(firstAt)) / 3_600_000 : 0;
    const withOthers = pairs.filter((pair) => pair.a === id || pair.b === id);
    const tally = gold.get(id) ?? { judged: 0, correct: 0 };
    return {
      id,
      counted: own.filter((review) => review.kind === 'counted').length,
      extra: own.filter((review) => review.kind === 'extra').length,
      firstAt,
      lastAt,
      perHour: own.length >= 2 && spanHours > 0 ? own.length / spanHours : null,
      kappaWithOthers: mean(withOthers.flatMap((pair) => (pair.kappa === null ? [] : [pair.kappa]))),
      boxIouWithOthers: mean(withOthers.flatMap((pair) => (pair.boxIou === null ? [] : [pair.boxIou]))),
      gold: { ...tally, accuracy: tally.judged > 0 ? tally.correct / tally.judged : null },
    };
  });

  return {
    images: {
      total: images.length,
      complete: images.filter((image) => image.doneSlots >= image.slots).length,
      reviewed: images.filter((image) => (byImage.get(image.id)?.length ?? 0) > 0).length,
      gold: images.filter((image) => image.gold !== null).length,
    },
    reviews: { counted: counted.length, extra: reviews.length - counted.length },
    reviewers,
    agreement: { fleissKappa: fleissKappa(fleissUnits), pairs },
    merged,
    disagreements,
    extraReviews: reviews
      .filter((review) => review.kind === 'extra')
      .map(({ imageId, reviewerId, submittedAt }) => ({ imageId, reviewerId, submittedAt })),
  };
}
