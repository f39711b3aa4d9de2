import { fromBoundingBox } from './clarifai/boundingBox.ts';
import { regionConcepts } from './clarifai/faceConcepts.ts';
import type { WireConcept } from './clarifai/data.ts';
import type { PredictOutput } from './clarifai/predict.ts';
import type { ReviewState, ReviewedConcept, ReviewedRegion } from './review.ts';

/**
 * A fresh review of one predict output: every region predicted and unreviewed, every concept
 * unsure. Regions whose box is empty after clamping are dropped (nothing a person could review).
 */
export function reviewFromPrediction(output: PredictOutput, modelId: string): ReviewState {
  const regions: ReviewedRegion[] = [];
  const wireRegions = output.data?.regions ?? [];
  const modelIds = new Set(wireRegions.flatMap((region) => (region.id ? [region.id] : [])));
  const used = new Set<string>();
  wireRegions.forEach((region, index) => {
    const box = region.region_info?.bounding_box && fromBoundingBox(region.region_info.bounding_box);
    if (!box) return;
    const key = regionKey(region.id, index, modelIds, used);
    used.add(key);
    regions.push({
      key,
      source: 'predicted',
      ...(region.id ? { regionId: region.id } : {}),
      ...(region.value !== undefined ? { predictedValue: Math.min(1, Math.max(0, region.value)) } : {}),
      predictedBox: box,
      box,
      confirmed: false,
      removed: false,
      concepts: regionConcepts(region.data).map(toReviewedConcept),
    });
  });
  const imageUrl = output.input.data?.image?.url;
  const versionId = output.model?.model_version?.id;
  return {
    outputId: output.id,
    inputId: output.input.id,
    modelId,
    ...(versionId ? { modelVersionId: versionId } : {}),
    ...(imageUrl ? { imageUrl } : {}),
    imageConcepts: (output.data?.concepts ?? []).map(toReviewedConcept),
    regions,
  };
}

/**
 * A region's key within the review: the model's region id when it is unique and safe as a record
 * key (journal patches are keyed by it), else a generated one that no model id can clash with.
 */
const unsafeKeys = new Set(['__proto__', 'constructor', 'prototype']);
function regionKey(id: string | undefined, index: number, modelIds: Set<string>, used: Set<string>): string {
  if (id && !used.has(id) && !unsafeKeys.has(id)) return id;
  let key = `region-${index}`;
  for (let n = 1; modelIds.has(key) || used.has(key); n++) key = `region-${index}-${n}`;
  return key;
}

function toReviewedConcept(concept: WireConcept): ReviewedConcept {
  return {
    id: concept.id,
    name: concept.name ?? concept.id,
    ...(concept.value !== undefined ? { predictedValue: Math.min(1, Math.max(0, concept.value)) } : {}),
    ...(concept.vocab_id ? { vocabId: concept.vocab_id } : {}),
    judgement: 'unsure',
  };
}
