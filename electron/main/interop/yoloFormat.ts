import { Document, parseDocument } from 'yaml';
import { z } from 'zod';
import { toPixels } from '../../../shared/geometry.ts';
import { regionLabel } from '../../../shared/qaReport.ts';
import { regionVerdict } from '../../../shared/review.ts';
import { baseName, type ExportImage } from '../../../shared/reviewExports.ts';
import {
  emptyPredictions,
  ForeignFileError,
  finiteNumber,
  probability,
  type ForeignPredictions,
} from './foreignPredictions.ts';
import { reviewLogSideFile, reviewLogSideFileName } from './reviewLogSideFile.ts';

/**
 * YOLO labels as Ultralytics documents them (https://docs.ultralytics.com/datasets/detect/): one
 * `.txt` per image with the image's name, one line per box, `class x_center y_center width
 * height` as fractions of the image; `predict --save-conf` adds a sixth column, the confidence.
 * Class names come from `classes.txt` / `*.names` (one per line, the line number is the class)
 * or from the dataset's `data.yaml` (https://docs.ultralytics.com/datasets/detect/#ultralytics-yolo-format:
 * `names` as a list, or as a map of class index to name), read with the `yaml` package.
 */

export interface TextFile {
  name: string;
  text: string;
}

/** The file names that hold class names, in the order they are looked for. */
export const yoloClassFiles = ['classes.txt', 'obj.names'];

export function isYoloClassFile(name: string): boolean {
  return yoloClassFiles.includes(name) || name.endsWith('.names');
}

/** An Ultralytics dataset file, looked for beside the labels and up to two folders above them. */
export const yoloDataFiles = ['data.yaml', 'data.yml'];

export const isYamlFile = (name: string) => /\.ya?ml$/i.test(name);

const namesSchema = z.union([
  z.array(z.union([z.string(), z.number()])),
  z.record(z.string().regex(/^\d+$/, 'a class index'), z.union([z.string(), z.number()])),
]);
const dataYamlSchema = z.looseObject({ names: namesSchema, nc: z.number().int().nonnegative().optional() });

/**
 * Class names by index from a `data.yaml`. Errors name the line and column, never quote the
 * file (the YAML library's own messages do); aliases are bounded (no "billion laughs").
 */
export function readYoloDataYaml(file: TextFile): string[] {
  const document = parseDocument(file.text, { uniqueKeys: true });
  // The library's messages quote the source; only its line and column are passed on.
  const error = document.errors[0];
  if (error) {
    const position = error.linePos?.[0];
    throw new ForeignFileError(
      `is not valid YAML${position ? ` at line ${position.line}, column ${position.col}` : ''}`,
    );
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch {
    throw new ForeignFileError('is not valid YAML (too many aliases)');
  }
  const data = dataYamlSchema.safeParse(value);
  if (!data.success)
    throw new ForeignFileError('has no "names" (a list of class names, or a map of class index to name)');
  const { names, nc } = data.data;
  const list: string[] = [];
  if (Array.isArray(names)) names.forEach((name, index) => (list[index] = String(name)));
  else for (const [index, name] of Object.entries(names)) list[Number(index)] = String(name);
  if (nc !== undefined && nc !== list.length)
    throw new ForeignFileError(`says "nc: ${nc}" but "names" has ${list.length} classes`);
  return list;
}

/** Class names by index from a names file: one per line, the line number is the class. */
export function readYoloClassNames(file: TextFile): string[] {
  return file.text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Label files (one per image) → predictions; an empty file is an image with no boxes. */
export function readYolo(
  labelFiles: readonly TextFile[],
  classNames: readonly string[] = [],
): ForeignPredictions {
  const predictions = emptyPredictions('yolo');
  const unknown = new Set<string>();
  for (const file of labelFiles) {
    const stem = file.name.replace(/\.txt$/i, '');
    const image = {
      where: file.name,
      fileName: stem,
      regions: [] as ForeignPredictions['images'][0]['regions'],
    };
    file.text.split(/\r?\n/).forEach((raw, lineIndex) => {
      const line = raw.trim();
      if (!line || line.startsWith('#')) return;
      const where = `${file.name} line ${lineIndex + 1}`;
      const fields = line.split(/\s+/);
      if (fields.length !== 5 && fields.length !== 6) {
        predictions.skipped.push({
          where,
          reason: `${fields.length} columns; a box is class x y w h [confidence] (segments are not boxes)`,
        });
        return;
      }
      const numbers = fields.map(finiteNumber);
      const [cls, cx, cy, w, h] = numbers;
      if (numbers.some((value) => value === undefined) || !Number.isInteger(cls) || cls! < 0) {
        predictions.skipped.push({ where, reason: 'not a class index followed by numbers' });
        return;
      }
      const classIndex = cls!;
      let label = classNames[classIndex];
      if (label === undefined) {
        unknown.add(String(classIndex));
        label = String(classIndex);
      }
      const score = fields.length === 6 ? probability(numbers[5]) : undefined;
      if (fields.length === 6 && score === undefined) {
        predictions.skipped.push({ where, reason: 'the confidence is not between 0 and 1' });
        return;
      }
      image.regions.push({
        id: `${stem}-${lineIndex + 1}`,
        box: { unit: 'fraction', x: cx! - w! / 2, y: cy! - h! / 2, width: w!, height: h! },
        label,
        ...(score !== undefined ? { score } : {}),
      });
    });
    predictions.images.push(image);
  }
  predictions.unknownCategories = [...unknown];
  return predictions;
}

/** The stem of each image's label file: its base name without extension, made unique. */
export function labelStems(images: readonly ExportImage[]): Map<number, string> {
  const used = new Set<string>();
  const stems = new Map<number, string>();
  for (const image of images) {
    const stem = baseName(image.source).replace(/\.[^.]+$/, '') || `image-${image.id}`;
    const unique = used.has(stem) ? `${stem}-${image.id}` : stem;
    used.add(unique);
    stems.set(image.id, unique);
  }
  return stems;
}

/** The boxes that exist after review (false positives dropped), as the label files hold them. */
export function correctedRegions(image: ExportImage) {
  return image.reviews.flatMap(({ state }) =>
    state.regions.filter((region) => {
      const verdict = regionVerdict(region);
      return verdict === 'accurate' || verdict === 'misplaced' || verdict === 'not_detected';
    }),
  );
}

/**
 * Corrected labels as a YOLO folder: `classes.txt` and `data.yaml` (the same names, as
 * Ultralytics reads them), one `<image>.txt` per reviewed image (five columns, what training
 * reads: Ultralytics refuses a sixth in training labels) and the review log beside them
 * (`loupe-review-log.jsonl`: every verdict with the model's score and where its box is, read back
 * on import: reviewLogSideFile.ts).
 */
export function toYoloFiles(images: readonly ExportImage[]): TextFile[] {
  const classes = new Map<string, number>();
  const stems = labelStems(images);
  const files: TextFile[] = [];
  for (const image of images) {
    const lines = correctedRegions(image).map((region) => {
      const label = regionLabel(region);
      if (!classes.has(label)) classes.set(label, classes.size);
      const box = toPixels(region.box, { width: 1, height: 1 });
      return [
        classes.get(label),
        fixed(box.x + box.width / 2),
        fixed(box.y + box.height / 2),
        fixed(box.width),
        fixed(box.height),
      ].join(' ');
    });
    files.push({ name: `${stems.get(image.id)}.txt`, text: lines.length > 0 ? `${lines.join('\n')}\n` : '' });
  }
  files.push({ name: 'classes.txt', text: [...classes.keys()].map((name) => `${name}\n`).join('') });
  files.push({ name: 'data.yaml', text: toDataYaml([...classes.keys()]) });
  files.push({
    name: reviewLogSideFileName,
    text: reviewLogSideFile(images, (image) => `${stems.get(image.id)}.txt`, correctedRegions),
  });
  return files;
}

/** `names` as a map of class index to name (what Ultralytics writes), `nc` beside it. */
function toDataYaml(names: readonly string[]): string {
  const document = new Document({
    names: new Map(names.map((name, index) => [index, name])),
    nc: names.length,
  });
  document.commentBefore =
    ' Class names of these labels (Ultralytics data.yaml), exported by Loupe.\n' +
    ' Add path, train and val (the image folders) before training with it.';
  return document.toString();
}

/** Six decimals: a millionth of a 10,000-pixel image is a hundredth of a pixel. */
const fixed = (value: number) => value.toFixed(6);
