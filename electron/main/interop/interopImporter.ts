import type { ImageRecord } from '../workspace/imageRepo.ts';
import { SUCCESS } from '../../../shared/clarifai/status.ts';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { PredictOutput } from '../../../shared/clarifai/predict.ts';
import { foreignFormatNames, type ImportFormat } from '../../../shared/exportFormats.ts';
import type { Box, Size } from '../../../shared/geometry.ts';
import type { ReviewOp } from '../../../shared/reviewOps.ts';
import type { ForeignImportReport } from '../../../shared/workspaceViews.ts';
import { inTransaction } from '../../io/sqlite.ts';
import { importableExtensions, importFiles, importUrls } from '../workspace/imageImporter.ts';
import { withFacetIndexesDeferred } from '../workspace/regionFacetRepo.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { readForeignFile } from './foreignFile.ts';
import type { ForeignBox, ForeignImage, ForeignPredictions, ForeignRegion } from './foreignPredictions.ts';

/**
 * Imports predictions made elsewhere into the workspace (docs/interop.md). Each foreign image is
 * matched to a workspace image by file name (base name, case-insensitive; YOLO by stem), else by
 * id; an image not in the workspace is looked for in the images folder (default: beside the
 * file) and imported. All predictions of one file are recorded in one transaction: a file is
 * imported whole or not at all. A box partly outside its image is clamped and reported; one wholly
 * outside is skipped and reported; nothing is dropped without a line in the report.
 */

export interface InteropImportOptions {
  format?: ImportFormat;
  /** The model name the predictions are recorded under (default: the file's own, else "<Format>: <file>"). */
  modelName?: string;
  /** Where the images are when they are not in the workspace yet (default: beside the file). */
  imagesDir?: string;
  /** A names file (classes.txt, or a COCO file's categories) for class indices the file does not name. */
  classes?: string;
  /** Who the verdicts of a review log are recorded for. */
  reviewer?: string;
  /** Reading the file (bytes), then matching its images (images): a large file takes a while. */
  onProgress?: (progress: { done: number; total: number; stage: 'reading' | 'matching' }) => void;
}

/** At most this many entries of each list cross the contract; the counts are always whole. */
const listLimit = 200;
/** Beyond half a pixel a box really is outside its image (rounding in files is not). */
const edgeTolerancePixels = 0.5;

interface WorkspaceImage {
  id: number;
  source: string;
  width: number | null;
  height: number | null;
  hash: string | null;
}

export async function importForeignPredictions(
  workspace: Workspace,
  file: string,
  options: InteropImportOptions = {},
): Promise<ForeignImportReport> {
  const predictions = await readForeignFile(file, {
    ...(options.format ? { format: options.format } : {}),
    ...(options.classes ? { classes: options.classes } : {}),
    ...(options.onProgress
      ? { onProgress: (progress) => options.onProgress?.({ ...progress, stage: 'reading' }) }
      : {}),
  });
  const fallbackModel =
    options.modelName ?? predictions.model ?? `${foreignFormatNames[predictions.format]}: ${basename(file)}`;
  const report = new ReportBuilder(file, predictions);
  const index = indexWorkspace(workspace);
  const folder = resolve(options.imagesDir ?? (isFolder(file) ? siblingImages(file) : dirname(file)));

  // Images first: matched, or found in the images folder and imported (outside the transaction:
  // an image is useful whether or not these predictions are).
  const matched: { image: WorkspaceImage; foreign: ForeignImage }[] = [];
  const total = predictions.images.length;
  for (const [done, foreign] of predictions.images.entries()) {
    const image = index.find(foreign) ?? (await findOrImport(workspace, foreign, folder, report));
    if (image) {
      index.add(image);
      matched.push({ image, foreign });
    } else report.unmatched(foreign);
    if (done % 500 === 0 || done === total - 1)
      options.onProgress?.({ done: done + 1, total, stage: 'matching' });
  }

  // Then the predictions of the whole file, in one transaction.
  const groups = new Map<string, { image: WorkspaceImage; model: string; foreign: ForeignImage[] }>();
  for (const { image, foreign } of matched) {
    const model =
      (options.modelName && predictions.format !== 'clarifai' ? undefined : foreign.model) ?? fallbackModel;
    const key = `${image.id}\u0000${model}`;
    const group = groups.get(key);
    if (group) group.foreign.push(foreign);
    else groups.set(key, { image, model, foreign: [foreign] });
  }
  inTransaction(workspace.db, () => {
    const toRecord = [...groups.values()].filter(({ image, model }) => {
      const existing = workspace.predictions
        .forImage(image.id)
        .find((prediction) => prediction.modelId === model);
      if (existing && existing.statusCode === SUCCESS) report.alreadyImported += 1;
      return !(existing && existing.statusCode === SUCCESS);
    });
    // A large file into a workspace with fewer regions: the triage grid's indexes are built once
    // at the end instead of row by row (regionFacetRepo.ts), in this same transaction.
    const incoming = toRecord.reduce(
      (sum, group) =>
        sum + group.foreign.reduce((count, entry) => count + (entry.regionCount ?? entry.regions.length), 0),
      0,
    );
    withFacetIndexesDeferred(workspace.db, incoming, () => {
      for (const { image, model, foreign } of toRecord)
        recordGroup(workspace, image, model, foreign, report, options.reviewer ?? 'import');
    });
  });
  report.models = [...new Set([...groups.values()].map((group) => group.model))];
  return { ...report.build(), imageIds: [...new Set(matched.map(({ image }) => image.id))] };
}

function recordGroup(
  workspace: Workspace,
  image: WorkspaceImage,
  model: string,
  foreign: readonly ForeignImage[],
  report: ReportBuilder,
  reviewer: string,
): void {
  // A URL image's size is known once it is fetched: fractions need none, pixels do.
  const size = sizeOf(image, foreign[0]!);
  const used = new Set<string>();
  const regions: NonNullable<NonNullable<PredictOutput['data']>['regions']> = [];
  const ops: ReviewOp[] = [];
  for (const entry of foreign) {
    entry.regions.forEach((region, index) => {
      const where = `${entry.where} region ${region.id ?? index + 1}`;
      const box = normalise(region.box, size, where, report);
      if (!box) return;
      const key = uniqueKey(region.id, used);
      const concept = {
        id: region.label,
        name: region.label,
        ...(region.score !== undefined ? { value: region.score } : {}),
      };
      if (region.verdict === 'not_detected') {
        // A box the reviewer drew: a region of the review, not of the model.
        ops.push({
          type: 'addRegion',
          key,
          box,
          concepts: [{ id: region.label, name: region.label, judgement: 'true' }],
        });
        report.verdicts += 1;
        return;
      }
      regions.push({
        id: key,
        ...(region.score !== undefined ? { value: region.score } : {}),
        region_info: {
          bounding_box: {
            top_row: box.top,
            left_col: box.left,
            bottom_row: box.bottom,
            right_col: box.right,
          },
        },
        data: { concepts: [concept] },
      });
      report.regions += 1;
      const op = verdictOp(region, key, size, where, report);
      if (op) {
        ops.push(op);
        report.verdicts += 1;
      }
    });
  }
  const first = foreign[0]!;
  const output: PredictOutput = {
    id: first.outputId ?? `import-${image.id}-${slug(model)}`,
    status: { code: SUCCESS, description: 'Ok' },
    model: { id: model, name: model },
    input: { id: first.inputId ?? `import-input-${image.id}` },
    data: { regions },
  };
  const prediction = workspace.predictions.record(image.id, model, output);
  report.predictions += 1;
  for (const op of ops) workspace.reviews.apply(prediction.id, op, reviewer);
}

function verdictOp(
  region: ForeignRegion,
  key: string,
  size: Size | undefined,
  where: string,
  report: ReportBuilder,
): ReviewOp | undefined {
  switch (region.verdict) {
    case 'accurate':
      return { type: 'confirm', keys: [key] };
    case 'false_positive':
      return { type: 'remove', keys: [key] };
    case 'misplaced': {
      const corrected =
        region.correctedBox && normalise(region.correctedBox, size, `${where} (corrected)`, report);
      return corrected ? { type: 'setBox', key, box: corrected } : { type: 'confirm', keys: [key] };
    }
    default:
      return undefined;
  }
}

const unsafeKeys = new Set(['__proto__', 'constructor', 'prototype']);
function uniqueKey(id: string | undefined, used: Set<string>): string {
  let key = id && !unsafeKeys.has(id) ? id : `region-${used.size + 1}`;
  for (let n = 2; used.has(key); n++) key = `${id ?? 'region'}-${n}`;
  used.add(key);
  return key;
}

const slug = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80);

/** The workspace's size wins (EXIF-corrected, measured); the file's is used only when Loupe has none. */
function sizeOf(image: WorkspaceImage, foreign: ForeignImage): Size | undefined {
  const width = image.width ?? foreign.width;
  const height = image.height ?? foreign.height;
  return width && height ? { width, height } : undefined;
}

/** A foreign box → Loupe's normalised box, clamped with a warning; undefined (and reported) when nothing is left. */
function normalise(
  box: ForeignBox,
  size: Size | undefined,
  where: string,
  report: ReportBuilder,
): Box | undefined {
  if (!size && box.unit === 'pixels') {
    report.skip(where, 'a box in pixels on an image whose size is not known yet (a URL not fetched)');
    return undefined;
  }
  const scaleX = box.unit === 'pixels' && size ? size.width : 1;
  const scaleY = box.unit === 'pixels' && size ? size.height : 1;
  const values = [box.x, box.y, box.width, box.height];
  if (!values.every(Number.isFinite)) {
    report.skip(where, 'the box is not four finite numbers');
    return undefined;
  }
  if (box.width <= 0 || box.height <= 0) {
    report.skip(where, 'the box has no area (width or height ≤ 0)');
    return undefined;
  }
  const raw = {
    left: box.x / scaleX,
    top: box.y / scaleY,
    right: (box.x + box.width) / scaleX,
    bottom: (box.y + box.height) / scaleY,
  };
  const clamp = (value: number) => Math.min(1, Math.max(0, value));
  const clamped = {
    top: clamp(raw.top),
    left: clamp(raw.left),
    bottom: clamp(raw.bottom),
    right: clamp(raw.right),
  };
  if (!(clamped.top < clamped.bottom && clamped.left < clamped.right)) {
    report.skip(where, 'the box lies wholly outside the image');
    return undefined;
  }
  const { width, height } = size ?? { width: 100, height: 100 };
  const overshoot = Math.max(
    (clamped.left - raw.left) * width,
    (raw.right - clamped.right) * width,
    (clamped.top - raw.top) * height,
    (raw.bottom - clamped.bottom) * height,
  );
  const unit = size ? 'px' : '% of the image';
  if (overshoot > (size ? edgeTolerancePixels : 0.05))
    report.warn(
      where,
      `the box reaches ${Math.round(overshoot)} ${unit} outside the image; clamped to its edge`,
    );
  return clamped;
}

function indexWorkspace(workspace: Workspace) {
  const byName = new Map<string, WorkspaceImage>();
  const byStem = new Map<string, WorkspaceImage>();
  const byId = new Map<string, WorkspaceImage>();
  const byHash = new Map<string, WorkspaceImage>();
  const add = (image: WorkspaceImage) => {
    const name = basename(image.source.split(/[?#]/)[0] ?? image.source).toLowerCase();
    if (!byName.has(name)) byName.set(name, image);
    const stem = name.replace(/\.[^.]+$/, '');
    if (!byStem.has(stem)) byStem.set(stem, image);
    // COCO's own images are named by their id (000000397133.jpg is image 397133).
    if (/^\d+$/.test(stem) && !byId.has(String(Number(stem)))) byId.set(String(Number(stem)), image);
    if (image.hash) byHash.set(image.hash, image);
  };
  for (const row of workspace.db
    .prepare('SELECT id, source, width, height, content_hash FROM images')
    .all()) {
    add({
      id: Number(row['id']),
      source: String(row['source']),
      width: row['width'] === null ? null : Number(row['width']),
      height: row['height'] === null ? null : Number(row['height']),
      hash: typeof row['content_hash'] === 'string' ? row['content_hash'] : null,
    });
  }
  const names = (foreign: ForeignImage) =>
    [foreign.fileName, ...(foreign.otherNames ?? []), foreign.url]
      .filter((name): name is string => Boolean(name))
      .map((name) => basename(name.split(/[?#]/)[0] ?? name).toLowerCase());
  return {
    add,
    find(foreign: ForeignImage): WorkspaceImage | undefined {
      for (const name of names(foreign)) {
        const image =
          byName.get(name) ?? (foreign.fileName && !/\.[^.]+$/.test(name) ? byStem.get(name) : undefined);
        if (image) return image;
      }
      if (foreign.fileName) return undefined;
      // No name (a COCO results list, Clarifai annotations): by id, by content hash.
      return foreign.id === undefined ? undefined : (byId.get(foreign.id) ?? byHash.get(foreign.id));
    },
  };
}

async function findOrImport(
  workspace: Workspace,
  foreign: ForeignImage,
  folder: string,
  report: ReportBuilder,
): Promise<WorkspaceImage | undefined> {
  let path: string | undefined;
  if (foreign.fileName) {
    const name = foreign.fileName;
    if (isAbsolute(name) || /(^|[\\/])\.\.([\\/]|$)/.test(name)) {
      report.failed(name, 'the file name points outside the images folder');
      return undefined;
    }
    const candidates = /\.[^.]+$/.test(basename(name))
      ? [join(folder, name), join(folder, basename(name))]
      : [...importableExtensions].map((extension) => join(folder, `${name}.${extension}`));
    path = candidates.find((candidate) => candidate.startsWith(folder + sep) && existsSync(candidate));
  }
  if (path) return adoptImported(await importFiles(workspace, [path]), report);
  if (foreign.url && /^https?:\/\//.test(foreign.url))
    return adoptImported(importUrls(workspace, [foreign.url]), report);
  return undefined;
}

/** The image a one-entry import gave (added, or already there), its failures in the report. */
function adoptImported(
  imported: { added: ImageRecord[]; duplicates: ImageRecord[]; failed: { source: string; reason: string }[] },
  report: ReportBuilder,
) {
  for (const failure of imported.failed) report.failed(failure.source, failure.reason);
  if (imported.added.length > 0) report.added += 1;
  const image = imported.added[0] ?? imported.duplicates[0];
  return (
    image && {
      id: image.id,
      source: image.source,
      width: image.width,
      height: image.height,
      hash: image.contentHash,
    }
  );
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** Ultralytics' layout: `labels/` beside `images/`; otherwise the folder itself. */
function siblingImages(folder: string): string {
  const images = join(dirname(folder), 'images');
  return basename(folder) === 'labels' && isFolder(images) ? images : folder;
}

const nameOf = (image: ForeignImage) => image.fileName ?? image.url ?? `id ${image.id ?? image.where}`;

class ReportBuilder {
  readonly #file: string;
  readonly #predictions: ForeignPredictions;
  readonly #unmatched = new Set<string>();
  #skipped: { where: string; reason: string }[] = [];
  #skippedCount = 0;
  #warnings: { where: string; message: string }[] = [];
  #warningCount = 0;
  #failed: { source: string; reason: string }[] = [];
  added = 0;
  alreadyImported = 0;
  predictions = 0;
  regions = 0;
  verdicts = 0;
  models: string[] = [];

  constructor(file: string, predictions: ForeignPredictions) {
    this.#file = file;
    this.#predictions = predictions;
    for (const skipped of predictions.skipped) this.skip(skipped.where, skipped.reason);
    for (const warning of predictions.warnings) this.warn(warning.where, warning.message);
  }

  /** An image of the file that is neither in the workspace nor in the images folder (its regions are not imported). */
  unmatched(foreign: ForeignImage): void {
    this.#unmatched.add(nameOf(foreign));
  }

  skip(where: string, reason: string): void {
    this.#skippedCount += 1;
    if (this.#skipped.length < listLimit) this.#skipped.push({ where, reason });
  }

  warn(where: string, message: string): void {
    this.#warningCount += 1;
    if (this.#warnings.length < listLimit) this.#warnings.push({ where, message });
  }

  failed(source: string, reason: string): void {
    if (this.#failed.length < listLimit) this.#failed.push({ source, reason });
  }

  build(): Omit<ForeignImportReport, 'imageIds'> {
    const images = new Set(this.#predictions.images.map(nameOf));
    return {
      file: this.#file,
      format: this.#predictions.format,
      models: this.models,
      images: images.size,
      imagesMatched: images.size - this.#unmatched.size,
      imagesAdded: this.added,
      unmatchedImages: [...this.#unmatched].slice(0, listLimit),
      unmatchedCount: this.#unmatched.size,
      predictions: this.predictions,
      regions: this.regions,
      verdicts: this.verdicts,
      alreadyImported: this.alreadyImported,
      skipped: this.#skipped,
      skippedCount: this.#skippedCount,
      warnings: this.#warnings,
      warningCount: this.#warningCount,
      notes: [...this.#predictions.notes].map(([note, count]) => ({ note, count })),
      unknownCategories: this.#predictions.unknownCategories.slice(0, listLimit),
      failed: this.#failed,
    };
  }
}
