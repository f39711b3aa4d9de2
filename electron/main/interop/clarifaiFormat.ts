import { z } from 'zod';
import { wireRegionSchema, type WireRegion } from '../../../shared/clarifai/data.ts';
import { regionConcepts } from '../../../shared/clarifai/faceConcepts.ts';
import { baseName } from '../../../shared/reviewExports.ts';
import {
  emptyPredictions,
  ForeignFileError,
  probability,
  type ForeignPredictions,
  type ForeignRegion,
} from './foreignPredictions.ts';

/**
 * Clarifai JSON: a saved v2 predict response (`{status, outputs: [{input, model, data: {regions}}]}`,
 * docs/clarifai-v2.md §3) or a platform ListAnnotations answer (`{status, annotations: [{input_id,
 * data: {regions}, worker}]}`, docs/clarifai-platform.md). Boxes are `bounding_box` fractions
 * (`top_row`, `left_col`, `bottom_row`, `right_col`); a region's label is its most confident
 * concept, its score the region's `value` or that concept's.
 */

const outputSchema = z.looseObject({
  id: z.string().optional(),
  input: z.looseObject({
    id: z.string().optional(),
    data: z.looseObject({ image: z.looseObject({ url: z.string().optional() }).optional() }).optional(),
  }),
  model: z.looseObject({ id: z.string().optional(), name: z.string().optional() }).optional(),
  data: z.looseObject({ regions: z.array(z.unknown()).optional() }).optional(),
});

const annotationSchema = z.looseObject({
  id: z.string().optional(),
  input_id: z.string().min(1),
  data: z.looseObject({ regions: z.array(z.unknown()).optional() }).optional(),
  worker: z.looseObject({ model: z.looseObject({ id: z.string().optional() }).optional() }).optional(),
});

export function readClarifai(value: unknown): ForeignPredictions {
  const predictions = emptyPredictions('clarifai');
  const root = value as Record<string, unknown>;
  if (Array.isArray(root['outputs'])) {
    root['outputs'].forEach((entry, index) => {
      const where = `outputs[${index}]`;
      const output = outputSchema.safeParse(entry);
      if (!output.success) {
        predictions.skipped.push({ where, reason: 'not an output with an input' });
        return;
      }
      const url = output.data.input.data?.image?.url;
      // The model's id, not its name: feedback on these regions must reach that model; the
      // review screen names it from the endpoint's model list.
      const model = output.data.model?.id;
      predictions.images.push({
        where,
        ...(url ? { url, fileName: baseName(url) } : {}),
        ...(output.data.input.id ? { id: output.data.input.id, inputId: output.data.input.id } : {}),
        ...(output.data.id ? { outputId: output.data.id } : {}),
        ...(model ? { model } : {}),
        regions: readRegions(output.data.data?.regions ?? [], where, predictions),
      });
    });
    return predictions;
  }
  if (Array.isArray(root['annotations'])) {
    root['annotations'].forEach((entry, index) => {
      const where = `annotations[${index}]`;
      const annotation = annotationSchema.safeParse(entry);
      if (!annotation.success) {
        predictions.skipped.push({ where, reason: 'no input_id' });
        return;
      }
      const model = annotation.data.worker?.model?.id;
      predictions.images.push({
        where,
        id: annotation.data.input_id,
        inputId: annotation.data.input_id,
        ...(model ? { model } : {}),
        regions: readRegions(annotation.data.data?.regions ?? [], where, predictions),
      });
    });
    return predictions;
  }
  throw new ForeignFileError(
    'has neither "outputs" (a predict response) nor "annotations" (platform annotations)',
  );
}

function readRegions(
  entries: readonly unknown[],
  where: string,
  predictions: ForeignPredictions,
): ForeignRegion[] {
  const regions: ForeignRegion[] = [];
  entries.forEach((entry, index) => {
    const regionWhere = `${where} region ${index + 1}`;
    const parsed = wireRegionSchema.safeParse(entry);
    const box = parsed.success ? parsed.data.region_info?.bounding_box : undefined;
    if (!parsed.success || !box) {
      predictions.skipped.push({
        where: regionWhere,
        reason: 'no bounding_box (image-level concepts are not regions)',
      });
      return;
    }
    const top = topConcept(parsed.data);
    if (!top) {
      predictions.skipped.push({ where: regionWhere, reason: 'no concept to label the region with' });
      return;
    }
    const score = probability(parsed.data.value) ?? probability(top.value);
    regions.push({
      ...(parsed.data.id ? { id: parsed.data.id } : {}),
      box: {
        unit: 'fraction',
        x: box.left_col,
        y: box.top_row,
        width: box.right_col - box.left_col,
        height: box.bottom_row - box.top_row,
      },
      label: top.name ?? top.id,
      ...(score !== undefined ? { score } : {}),
    });
  });
  return regions;
}

function topConcept(region: WireRegion) {
  let top: { id: string; name?: string | undefined; value?: number | undefined } | undefined;
  for (const concept of regionConcepts(region.data)) {
    if (!top || (concept.value ?? -1) > (top.value ?? -1)) top = concept;
  }
  return top;
}
