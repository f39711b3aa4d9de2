import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import {
  toBoundingBox,
  wireBoundingBoxSchema,
  type BoundingBox,
} from '../../../shared/clarifai/boundingBox.ts';
import { wireRegionSchema, type WireRegion } from '../../../shared/clarifai/data.ts';
import { regionConcepts } from '../../../shared/clarifai/faceConcepts.ts';
import {
  platformConceptId,
  regionSubject,
  reviewAnnotations,
} from '../../../shared/clarifai/platform/reviewAnnotations.ts';
import { labelConcept, regionLabel } from '../../../shared/qaReport.ts';
import {
  regionConfidence,
  regionVerdict,
  verdictSchema,
  type ReviewedRegion,
} from '../../../shared/review.ts';
import { baseName, type ExportImage } from '../../../shared/reviewExports.ts';
import { imageInputId, platformAnnotationId } from '../clarifai/platformIds.ts';
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
 *
 * Loupe's own exports (docs/interop.md) carry the verdict where the protos leave room for free
 * JSON: a platform annotation's `annotation_info` (`verdict`, as Loupe's delivery writes it, and
 * `predicted_bounding_box` for a moved box), a v2 region's `data.metadata` (`loupe_verdict`,
 * `loupe_corrected_box`). Both are read back.
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
  annotation_info: z.unknown().optional(),
});

/** What Loupe's export (and its platform delivery) puts in `annotation_info`; other keys are ignored. */
const annotationInfoSchema = z.looseObject({
  verdict: z.unknown().optional(),
  output_id: z.string().optional(),
  predicted_bounding_box: wireBoundingBoxSchema.optional(),
});

/** What Loupe's review log puts in a v2 region's `data.metadata`. */
const regionMetadataSchema = z.looseObject({
  loupe_verdict: verdictSchema.optional(),
  loupe_corrected_box: wireBoundingBoxSchema.optional(),
});

interface ReviewMarks {
  verdict?: z.infer<typeof verdictSchema>;
  /** The model's box of a moved region whose region holds the corrected one (labels). */
  predicted?: BoundingBox;
}

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
        ...(url ? { url, fileName: imageName(url) } : {}),
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
      const info = annotationInfoSchema.safeParse(annotation.data.annotation_info ?? {});
      const verdict = verdictSchema.safeParse(info.success ? info.data.verdict : undefined);
      const predicted = info.success ? info.data.predicted_bounding_box : undefined;
      const outputId = info.success ? info.data.output_id : undefined;
      predictions.images.push({
        where,
        id: annotation.data.input_id,
        inputId: annotation.data.input_id,
        ...(outputId ? { outputId } : {}),
        ...(model ? { model } : {}),
        regions: readRegions(annotation.data.data?.regions ?? [], where, predictions, {
          ...(verdict.success ? { verdict: verdict.data } : {}),
          ...(predicted ? { predicted } : {}),
        }),
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
  annotationMarks: ReviewMarks = {},
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
    const metadata = regionMetadataSchema.safeParse(
      (parsed.data.data as { metadata?: unknown } | undefined)?.metadata ?? {},
    );
    const verdict = (metadata.success ? metadata.data.loupe_verdict : undefined) ?? annotationMarks.verdict;
    const corrected = metadata.success ? metadata.data.loupe_corrected_box : undefined;
    // Labels hold the corrected box as the region's and the model's beside it; a log the reverse.
    const predicted = verdict === 'misplaced' && !corrected ? annotationMarks.predicted : undefined;
    regions.push({
      ...(parsed.data.id ? { id: parsed.data.id } : {}),
      box: fractionBox(predicted ?? box),
      label: top.name ?? top.id,
      ...(score !== undefined ? { score } : {}),
      ...(verdict ? { verdict } : {}),
      ...(verdict === 'misplaced' && (corrected ?? predicted)
        ? { correctedBox: fractionBox(corrected ?? box) }
        : {}),
    });
  });
  return regions;
}

function fractionBox(box: z.infer<typeof wireBoundingBoxSchema>): ForeignRegion['box'] {
  return {
    unit: 'fraction',
    x: box.left_col,
    y: box.top_row,
    width: box.right_col - box.left_col,
    height: box.bottom_row - box.top_row,
  };
}

/** An image URL's file name; a `file:` URL (Loupe's export of a local image) decoded to the path's. */
function imageName(url: string): string {
  if (!url.startsWith('file:')) return baseName(url);
  try {
    return basename(fileURLToPath(url));
  } catch {
    return baseName(url);
  }
}

function topConcept(region: WireRegion) {
  let top: { id: string; name?: string | undefined; value?: number | undefined } | undefined;
  for (const concept of regionConcepts(region.data)) {
    if (!top || (concept.value ?? -1) > (top.value ?? -1)) top = concept;
  }
  return top;
}

/**
 * Corrected labels as platform annotations, the shape a ListAnnotations answer has
 * (docs/interop.md): the annotations Loupe's platform delivery would post for each review
 * (`reviewAnnotations`: same input ids, same annotation ids, the same `annotation_info` with the
 * verdict), false positives dropped. Each region carries the model's score as its `value` and its
 * id; a moved box keeps the model's box in `annotation_info.predicted_bounding_box`. The worker
 * is the reviewer.
 */
export function toClarifaiAnnotations(images: readonly ExportImage[], workspaceId: string) {
  const annotations: Record<string, unknown>[] = [];
  for (const image of images) {
    const inputId = imageInputId({ contentHash: image.contentHash ?? null, source: image.source });
    for (const { state, reviewer } of image.reviews) {
      const bySubject = new Map(state.regions.map((region) => [regionSubject(region), region]));
      const built = reviewAnnotations(state, {
        inputId,
        annotationId: (subject) => platformAnnotationId(workspaceId, state.outputId, subject),
        ...(reviewer ? { endUserId: reviewer } : {}),
      });
      for (const annotation of built) {
        const { verdict, region_id: subject } = annotation.annotation_info;
        if (verdict === 'false_positive') continue;
        const region = subject === undefined ? undefined : bySubject.get(subject);
        const predicted =
          verdict === 'misplaced' && region?.predictedBox ? toBoundingBox(region.predictedBox) : undefined;
        const score = region && regionConfidence(region);
        annotations.push({
          id: annotation.id,
          input_id: annotation.input_id,
          data:
            'regions' in annotation.data && subject !== undefined
              ? {
                  regions: annotation.data.regions.map((entry) => ({
                    id: subject,
                    ...entry,
                    ...(score !== undefined ? { value: score } : {}),
                  })),
                }
              : annotation.data,
          annotation_info: {
            ...annotation.annotation_info,
            ...(predicted ? { predicted_bounding_box: predicted } : {}),
          },
          status: { code: 'ANNOTATION_SUCCESS' },
          ...(reviewer ? { worker: { user: { id: reviewer } } } : {}),
        });
      }
    }
  }
  return { status: { code: 'SUCCESS', description: 'Ok' }, annotations };
}

/**
 * The review log as a v2 predict response (docs/clarifai-v2.md §3): one output per review with
 * its own output, input and model ids, every reviewed region with the model's box, its score as
 * `value`, the label concept, and the verdict in the region's `data.metadata` (`loupe_verdict`,
 * `loupe_corrected_box` for a moved box); the reviewer and time in the output's
 * `data.metadata`. A local image's URL is its `file:` URL (the importer matches it by name).
 */
export function toClarifaiOutputs(images: readonly ExportImage[]) {
  const ok = { code: 10000, description: 'Ok' };
  const outputs = images.flatMap((image) =>
    image.reviews.map(({ state, reviewer, updatedAt }) => ({
      id: state.outputId,
      status: ok,
      model: { id: state.modelId, name: state.modelId },
      input: { id: state.inputId, data: { image: { url: imageUrl(image.source) } } },
      data: {
        metadata: { loupe_reviewer: reviewer, loupe_time: updatedAt },
        regions: state.regions.flatMap((region) => logRegion(region)),
      },
    })),
  );
  return { status: ok, outputs };
}

function logRegion(region: ReviewedRegion) {
  const verdict = regionVerdict(region);
  const box = toBoundingBox(region.predictedBox ?? region.box);
  if (!verdict || !box) return [];
  const score = regionConfidence(region);
  const concept = labelConcept(region);
  const corrected = verdict === 'misplaced' ? toBoundingBox(region.box) : undefined;
  return [
    {
      id: regionSubject(region),
      ...(score !== undefined ? { value: score } : {}),
      region_info: { bounding_box: box },
      data: {
        concepts: [
          {
            id: concept ? platformConceptId(concept.id) : platformConceptId(regionLabel(region)),
            name: regionLabel(region),
            value: concept?.predictedValue ?? 1,
          },
        ],
        metadata: { loupe_verdict: verdict, ...(corrected ? { loupe_corrected_box: corrected } : {}) },
      },
    },
  ];
}

const imageUrl = (source: string) =>
  /^[a-z][a-z0-9+.-]*:\/\//i.test(source) ? source : pathToFileURL(source).href;
