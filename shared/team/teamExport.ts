import type { Box } from '../geometry.ts';
import type { ReviewedRegion, ReviewState } from '../review.ts';
import { toBoxesCsv, toCoco, toReviewLogJsonl, type ExportImage } from '../reviewExports.ts';
import type { MergedImage, TeamResults } from './teamResults.ts';

/**
 * A campaign's merged result in the workspace's export formats (shared/reviewExports.ts): each
 * image's merged review is turned into one review state, so COCO, CSV and the review log come out
 * exactly as the app writes them. Tied or unreviewed regions are left out, as unreviewed regions
 * are in the app; `json` is the merged result itself, votes and all.
 */

export const teamExportFormats = ['coco', 'csv', 'jsonl', 'json'] as const;
export type TeamExportFormat = (typeof teamExportFormats)[number];

export interface TeamExportImage {
  id: string;
  url: string | null;
  width: number | null;
  height: number | null;
}

/** The label as judged true when the region stands; unsure (so it is no review at all) while tied or unreviewed. */
const concepts = (concept: string | undefined, decided = true): ReviewedRegion['concepts'] =>
  concept === undefined ? [] : [{ id: concept, name: concept, judgement: decided ? 'true' : 'unsure' }];

function mergedState(
  image: MergedImage,
  modelId: string,
  url: string | null,
  predictedBoxes: ReadonlyMap<string, Box> | undefined,
): ReviewState {
  const regions: ReviewedRegion[] = image.regions.map((region) => ({
    key: region.regionId,
    source: 'predicted',
    regionId: region.regionId,
    // A misplaced region's box is the merged correction; the prediction stays beside it.
    predictedBox: predictedBoxes?.get(region.regionId) ?? region.box,
    box: region.box,
    confirmed: region.verdict === 'accurate',
    removed: region.verdict === 'false_positive',
    concepts: concepts(region.concept, region.verdict !== null),
  }));
  image.drawn.forEach((drawn, index) =>
    regions.push({
      key: `drawn-${index + 1}`,
      source: 'reviewer',
      box: drawn.box,
      confirmed: true,
      removed: false,
      concepts: concepts(drawn.concept),
    }),
  );
  return {
    outputId: `team-${image.imageId}`,
    inputId: image.imageId,
    modelId,
    ...(url === null ? {} : { imageUrl: url }),
    imageConcepts: [],
    regions,
  };
}

/** Images the export needs sizes for but the collector does not know (URL images given without one). */
export function imagesWithoutSize(images: readonly TeamExportImage[]): string[] {
  return images.filter((image) => !image.width || !image.height).map((image) => image.id);
}

export function teamExport(
  format: TeamExportFormat,
  campaign: { id: string; modelId: string },
  images: readonly TeamExportImage[],
  results: TeamResults,
  predictedBoxes: ReadonlyMap<string, ReadonlyMap<string, Box>>,
  now: Date,
): string {
  if (format === 'json') {
    return `${JSON.stringify({ campaign: campaign.id, model_id: campaign.modelId, created_at: now.toISOString(), images: results.merged }, null, 2)}\n`;
  }
  const byId = new Map(images.map((image) => [image.id, image]));
  const exportImages: ExportImage[] = results.merged.map((merged, index) => {
    const image = byId.get(merged.imageId);
    const state = mergedState(
      merged,
      campaign.modelId,
      image?.url ?? null,
      predictedBoxes.get(merged.imageId),
    );
    return {
      id: index + 1,
      source: image?.url ?? merged.imageId,
      width: image?.width ?? 0,
      height: image?.height ?? 0,
      reviews: [{ state, reviewer: merged.reviewers.join('+'), updatedAt: now.toISOString() }],
    };
  });
  switch (format) {
    case 'coco':
      return `${JSON.stringify(toCoco(exportImages, now), null, 2)}\n`;
    case 'csv':
      return toBoxesCsv(exportImages);
    case 'jsonl':
      return toReviewLogJsonl(exportImages);
  }
}
