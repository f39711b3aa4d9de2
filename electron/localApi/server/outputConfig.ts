import type { WireConcept, WireData, WireRegion } from '../../../shared/clarifai/data.ts';
import type { OutputConfig } from '../../../shared/clarifai/predict.ts';

/** Clarifai's default for `max_concepts`. */
export const defaultMaxConcepts = 20;

/**
 * A predict request's `output_config` applied to a model's answer: `min_value` drops concepts and
 * regions scored below it, `select_concepts` keeps only the named concepts (by id, or by name in
 * any case) and the regions that still carry one, `max_concepts` caps the concepts of the image
 * and of each region. Regions without concepts (faces) are judged by their own score only.
 */
export function applyOutputConfig(data: WireData, config: OutputConfig = {}): WireData {
  const minValue = config.min_value ?? 0;
  const maxConcepts = config.max_concepts ?? defaultMaxConcepts;
  const selected = config.select_concepts;
  const keep = (concept: WireConcept) =>
    (concept.value ?? 1) >= minValue &&
    (!selected ||
      selected.some(
        (choice) =>
          (choice.id !== undefined && choice.id === concept.id) ||
          (choice.name !== undefined && choice.name.toLowerCase() === concept.name?.toLowerCase()),
      ));
  const pick = (concepts: readonly WireConcept[]) => concepts.filter(keep).slice(0, maxConcepts);

  const result: WireData = { ...data };
  if (data.concepts) result.concepts = pick(data.concepts);
  if (data.regions) {
    result.regions = data.regions.flatMap((region): WireRegion[] => {
      if ((region.value ?? 1) < minValue) return [];
      const concepts = region.data?.concepts;
      if (!concepts || concepts.length === 0) return [region];
      const kept = pick(concepts);
      return kept.length === 0 ? [] : [{ ...region, data: { ...region.data, concepts: kept } }];
    });
  }
  return result;
}
