import { z } from 'zod';
import { verdictSchema, type ReviewedRegion } from '../../../shared/review.ts';
import { toReviewLogJsonl, type ExportImage } from '../../../shared/reviewExports.ts';
import type { ForeignImage, ForeignPredictions, ForeignRegion } from './foreignPredictions.ts';

/**
 * The verdicts side file of a YOLO or Pascal VOC export (docs/interop.md): neither format has a
 * verdict (nor YOLO a score), so the export writes Loupe's review log beside the label files, each
 * line saying where its region is — `labelFile` (the `.txt`/`.xml` of its image) and `labelIndex`
 * (its line in the `.txt`, its `<object>` in the `.xml`, from 1; `null` for a false positive,
 * which the corrected labels drop). Importing the folder reads it back: a line's verdict, score and
 * the model's box (of a moved region) go to the region its file and index name, and false
 * positives are recreated from the model's box the line holds.
 */

export const reviewLogSideFileName = 'loupe-review-log.jsonl';

/** The side file of a label folder: `labelFile` names each image's file, `inLabelFile` its boxes in order. */
export function reviewLogSideFile(
  images: readonly ExportImage[],
  labelFile: (image: ExportImage) => string,
  inLabelFile: (image: ExportImage) => readonly ReviewedRegion[],
): string {
  return toReviewLogJsonl(images, (image) => {
    const file = labelFile(image);
    const index = new Map(inLabelFile(image).map((region, position) => [region, position + 1]));
    return (region) => ({ labelFile: file, labelIndex: index.get(region) ?? null });
  });
}

const pixelBoxSchema = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number(),
  height: z.number(),
});

// Names are bounded: the label file's is quoted in the report's warning.
const lineSchema = z.looseObject({
  labelFile: z.string().min(1).max(255),
  labelIndex: z.number().int().positive().nullable(),
  region: z.string().min(1).max(1000),
  verdict: verdictSchema,
  label: z.string().min(1).max(1000),
  score: z.number().min(0).max(1).nullable(),
  predictedBox: pixelBoxSchema.nullable(),
  box: pixelBoxSchema,
});
type Line = z.infer<typeof lineSchema>;

/** At most this many unmatched lines are named in the warning; the count is whole. */
const namedLines = 10;

/**
 * Applies a side file to what the label files gave, in place. The file is read whole before
 * anything is applied: one line that is not JSON or not a line of Loupe's side file sets the whole
 * file aside (a warning naming the line; the labels import without verdicts), never half of it.
 * Lines that match no region — their label file is not in the folder, the index names no box, or
 * the box there has another label (the file was edited) — are named in one warning.
 *
 * A region is found by the id the YOLO and VOC readers give it: `<file name>-<n>`, `n` its line
 * or `<object>` from 1 (what the exporter writes as `labelIndex`).
 */
export function applyReviewLogSideFile(predictions: ForeignPredictions, text: string): void {
  const where = reviewLogSideFileName;
  const lines: { number: number; line: Line }[] = [];
  const raw = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, entry] of raw.entries()) {
    if (!entry.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(entry);
    } catch {
      predictions.warnings.push({
        where,
        message: `line ${index + 1} is not valid JSON; no verdicts were read from this file`,
      });
      return;
    }
    const line = lineSchema.safeParse(value);
    if (!line.success) {
      const field = line.error.issues[0]?.path.join('.') || 'the line';
      predictions.warnings.push({
        where,
        message: `line ${index + 1} is not a line of Loupe's verdicts side file (${field} is missing or wrong); no verdicts were read from this file`,
      });
      return;
    }
    lines.push({ number: index + 1, line: line.data });
  }

  const byFile = new Map<string, ForeignImage>();
  for (const image of predictions.images) byFile.set(image.where, image);
  const unmatched: string[] = [];
  /** Per image: its regions in the side file's order (matched or recreated), then the rest. */
  const ordered = new Map<ForeignImage, { regions: ForeignRegion[]; used: Set<ForeignRegion> }>();
  for (const { number, line } of lines) {
    const image = byFile.get(line.labelFile);
    const place = `line ${number} (${line.labelFile}${line.labelIndex === null ? '' : ` box ${line.labelIndex}`})`;
    if (!image) {
      unmatched.push(place);
      continue;
    }
    let order = ordered.get(image);
    if (!order) ordered.set(image, (order = { regions: [], used: new Set() }));
    if (line.labelIndex === null) {
      // Dropped from the labels: only a false positive is, and its box is the model's.
      if (line.verdict !== 'false_positive') {
        unmatched.push(place);
        continue;
      }
      order.regions.push({
        id: line.region,
        box: { unit: 'pixels', ...(line.predictedBox ?? line.box) },
        label: line.label,
        ...(line.score !== null ? { score: line.score } : {}),
        verdict: 'false_positive',
      });
      continue;
    }
    const id = `${image.fileName}-${line.labelIndex}`;
    const region = image.regions.find((candidate) => candidate.id === id);
    if (!region || order.used.has(region) || region.label !== line.label) {
      unmatched.push(place);
      continue;
    }
    order.used.add(region);
    // A moved box: the label file holds the corrected box, the side file the model's.
    const predicted = line.verdict === 'misplaced' ? line.predictedBox : null;
    order.regions.push({
      ...region,
      id: line.region,
      ...(predicted ? { box: { unit: 'pixels', ...predicted }, correctedBox: region.box } : {}),
      ...(region.score === undefined && line.score !== null ? { score: line.score } : {}),
      verdict: line.verdict,
    });
  }
  for (const [image, order] of ordered) {
    image.regions = [...order.regions, ...image.regions.filter((region) => !order.used.has(region))];
  }
  if (unmatched.length > 0) {
    const named = unmatched.slice(0, namedLines).join(', ');
    const more = unmatched.length > namedLines ? `, and ${unmatched.length - namedLines} more` : '';
    predictions.warnings.push({
      where,
      message: `${unmatched.length} ${unmatched.length === 1 ? 'line matches' : 'lines match'} no box of the label files (${named}${more}); their verdicts were not imported`,
    });
  }
}
