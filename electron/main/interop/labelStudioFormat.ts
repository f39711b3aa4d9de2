import { z } from 'zod';
import type { Box } from '../../../shared/geometry.ts';
import { regionLabel } from '../../../shared/qaReport.ts';
import {
  regionConfidence,
  regionVerdict,
  verdictSchema,
  type ReviewedRegion,
} from '../../../shared/review.ts';
import { baseName, type ExportImage } from '../../../shared/reviewExports.ts';
import {
  addNote,
  emptyPredictions,
  probability,
  type ForeignBox,
  type ForeignImage,
  type ForeignPredictions,
  type ForeignRegion,
} from './foreignPredictions.ts';
import { correctedRegions } from './yoloFormat.ts';

/**
 * Label Studio JSON tasks (https://labelstud.io/guide/predictions and
 * https://labelstud.io/guide/export#Label-Studio-JSON-format-of-annotated-tasks): a list of tasks,
 * each `{id, data: {image}, predictions: [{model_version, score, result: […]}], annotations}`.
 * A `rectanglelabels` result has `value: {x, y, width, height, rotation, rectanglelabels}` in
 * percent of the image and an optional `score`; a prediction's own `score` stands for regions
 * without one. Each prediction of a task is its own model (by `model_version`). Annotations
 * (people's labels) are imported only from a file with no predictions at all.
 */

const resultSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  type: z.string().optional(),
  original_width: z.number().positive().optional(),
  original_height: z.number().positive().optional(),
  score: z.number().optional(),
  value: z.looseObject({
    x: z.number().optional(),
    y: z.number().optional(),
    width: z.number().optional(),
    height: z.number().optional(),
    rotation: z.number().optional(),
    rectanglelabels: z.array(z.string()).optional(),
    labels: z.array(z.string()).optional(),
  }),
  meta: z
    .looseObject({ loupe_verdict: verdictSchema.optional(), loupe_corrected: z.unknown().optional() })
    .optional(),
});

const predictionSchema = z.looseObject({
  model_version: z.union([z.string(), z.number()]).optional(),
  score: z.number().optional(),
  result: z.array(z.unknown()).default([]),
});

const taskSchema = z.looseObject({
  id: z.union([z.number(), z.string()]).optional(),
  data: z.record(z.string(), z.unknown()),
  predictions: z.array(z.unknown()).optional(),
  annotations: z.array(z.unknown()).optional(),
});

/** An upload's name in Label Studio: 8 hex digits and a dash before the original file name. */
const uploadPrefix = /^[0-9a-f]{8}-/;

export function readLabelStudio(value: unknown): ForeignPredictions {
  const predictions = emptyPredictions('label-studio');
  const tasks = Array.isArray(value) ? value : [value];
  const anyPredictions = tasks.some(
    (task) =>
      Array.isArray((task as { predictions?: unknown } | null)?.predictions) &&
      (task as { predictions: unknown[] }).predictions.length > 0,
  );
  tasks.forEach((entry, taskIndex) => {
    const task = taskSchema.safeParse(entry);
    const where = `task ${taskIndex + 1}`;
    if (!task.success) {
      predictions.skipped.push({ where, reason: 'not a task with "data"' });
      return;
    }
    const source = typeof task.data.data['image'] === 'string' ? task.data.data['image'] : undefined;
    if (!source) {
      predictions.skipped.push({ where, reason: 'no data.image' });
      return;
    }
    // Local storage serves files as `/data/local-files/?d=<path>`: the name is in the query.
    const local = /[?&]d=([^&]+)/.exec(source)?.[1];
    const name = decodeName(baseName(local ? decodeName(local) : source));
    const stripped = name.replace(uploadPrefix, '');
    const image = {
      fileName: name,
      ...(stripped !== name ? { otherNames: [stripped] } : {}),
      ...(/^https?:\/\//.test(source) ? { url: source } : {}),
      ...(task.data.id !== undefined ? { id: String(task.data.id) } : {}),
    };
    const sets = anyPredictions
      ? (task.data.predictions ?? []).map((prediction, index) => ({ prediction, index, kind: 'prediction' }))
      : (task.data.annotations ?? []).map((prediction, index) => ({ prediction, index, kind: 'annotation' }));
    if (!anyPredictions && sets.length > 0)
      addNote(predictions, 'annotations imported (the file has no predictions)');
    for (const { prediction: raw, index, kind } of sets) {
      const prediction = predictionSchema.safeParse(raw);
      const setWhere = `${where} ${kind} ${index + 1}`;
      if (!prediction.success) {
        predictions.skipped.push({ where: setWhere, reason: `not a ${kind} with a result list` });
        continue;
      }
      const model =
        kind === 'annotation'
          ? 'Label Studio annotations'
          : prediction.data.model_version !== undefined && String(prediction.data.model_version) !== ''
            ? `Label Studio: ${String(prediction.data.model_version)}`
            : undefined;
      const foreign: ForeignImage = {
        where: setWhere,
        ...image,
        ...(model ? { model } : {}),
        regions: readResults(prediction.data.result, prediction.data.score, setWhere, predictions),
      };
      const first = prediction.data.result[0] as
        { original_width?: unknown; original_height?: unknown } | undefined;
      if (typeof first?.original_width === 'number') foreign.width = first.original_width;
      if (typeof first?.original_height === 'number') foreign.height = first.original_height;
      predictions.images.push(foreign);
    }
    if (sets.length === 0) predictions.images.push({ where, ...image, regions: [] });
  });
  return predictions;
}

function readResults(
  results: readonly unknown[],
  setScore: number | undefined,
  where: string,
  predictions: ForeignPredictions,
): ForeignRegion[] {
  const regions: ForeignRegion[] = [];
  results.forEach((entry, index) => {
    const resultWhere = `${where} result ${index + 1}`;
    const result = resultSchema.safeParse(entry);
    if (!result.success) {
      predictions.skipped.push({ where: resultWhere, reason: 'not a result with a value' });
      return;
    }
    const { type, value, score, meta } = result.data;
    if (type !== undefined && type !== 'rectanglelabels' && type !== 'rectangle') {
      predictions.skipped.push({ where: resultWhere, reason: `a ${type} result is not a box` });
      return;
    }
    const label = value.rectanglelabels?.[0] ?? value.labels?.[0];
    if (
      value.x === undefined ||
      value.y === undefined ||
      value.width === undefined ||
      value.height === undefined
    ) {
      predictions.skipped.push({ where: resultWhere, reason: 'no x, y, width and height' });
      return;
    }
    if (!label) {
      predictions.skipped.push({ where: resultWhere, reason: 'no rectanglelabels' });
      return;
    }
    if (value.rotation && value.rotation % 360 !== 0) {
      predictions.skipped.push({ where: resultWhere, reason: 'a rotated box (Loupe boxes are upright)' });
      return;
    }
    const regionScore = probability(score) ?? probability(setScore);
    const corrected = percentBox(meta?.loupe_corrected);
    regions.push({
      ...(result.data.id !== undefined ? { id: String(result.data.id) } : {}),
      box: {
        unit: 'fraction',
        x: value.x / 100,
        y: value.y / 100,
        width: value.width / 100,
        height: value.height / 100,
      },
      label,
      ...(regionScore !== undefined ? { score: regionScore } : {}),
      ...(meta?.loupe_verdict ? { verdict: meta.loupe_verdict } : {}),
      ...(corrected ? { correctedBox: corrected } : {}),
    });
  });
  return regions;
}

function percentBox(value: unknown): ForeignBox | undefined {
  const box = z
    .object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() })
    .safeParse(value);
  return box.success
    ? {
        unit: 'fraction',
        x: box.data.x / 100,
        y: box.data.y / 100,
        width: box.data.width / 100,
        height: box.data.height / 100,
      }
    : undefined;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * Reviewed results as Label Studio tasks. `labels`: each task's `annotations` hold the boxes as
 * they stand after review (false positives dropped). `log`: each task's `predictions` hold the
 * model's boxes with their `score` and the verdict in the region's `meta` (`loupe_verdict`, and
 * `loupe_corrected` for a moved box), the corrected labels as its annotation, and the review's
 * state in the task's `meta`.
 */
export function toLabelStudio(images: readonly ExportImage[], variant: 'labels' | 'log') {
  return images.map((image) => {
    const annotation = {
      result: correctedRegions(image).map((region, index) =>
        rectangle(region, region.box, image, `r${index + 1}`),
      ),
      was_cancelled: false,
    };
    if (variant === 'labels') return { data: { image: image.source }, annotations: [annotation] };
    const predictions = image.reviews.map(({ state }) => ({
      model_version: state.modelId,
      result: state.regions.flatMap((region) => {
        const verdict = regionVerdict(region);
        if (!verdict || verdict === 'not_detected') return [];
        const result = rectangle(region, region.predictedBox ?? region.box, image, region.key);
        return [
          {
            ...result,
            meta: {
              text: [verdict],
              loupe_verdict: verdict,
              ...(verdict === 'misplaced' ? { loupe_corrected: percent(region.box) } : {}),
            },
          },
        ];
      }),
    }));
    return {
      data: { image: image.source },
      predictions,
      annotations: [annotation],
      meta: {
        loupe_review: image.reviews.map(({ state, reviewer, updatedAt }) => ({
          model: state.modelId,
          reviewer,
          updated_at: updatedAt,
        })),
      },
    };
  });
}

function rectangle(region: ReviewedRegion, box: Box, size: ExportImage, id: string) {
  const score = regionConfidence(region);
  return {
    id,
    type: 'rectanglelabels',
    from_name: 'label',
    to_name: 'image',
    original_width: size.width,
    original_height: size.height,
    image_rotation: 0,
    value: { ...percent(box), rotation: 0, rectanglelabels: [regionLabel(region)] },
    ...(score !== undefined ? { score } : {}),
  };
}

function percent(box: Box) {
  const round = (value: number) => Math.round(value * 1e6) / 1e4;
  return {
    x: round(box.left),
    y: round(box.top),
    width: round(box.right - box.left),
    height: round(box.bottom - box.top),
  };
}
