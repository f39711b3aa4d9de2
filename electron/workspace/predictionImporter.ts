import { SUCCESS } from '../../shared/clarifai/status.ts';
import { basename, dirname, isAbsolute, resolve, sep } from 'node:path';
import { boundingBoxFromPixels } from '../../shared/clarifai/boundingBox.ts';
import { predictResponseSchema, type PredictOutput } from '../../shared/clarifai/predict.ts';
import { importFileJsonLimits } from '../../shared/jsonLimits.ts';
import { parseJsonText } from '../../shared/jsonText.ts';
import { describeIssues } from '../../shared/result.ts';
import { cocoSchema } from '../../shared/reviewExports.ts';
import { LoupeError } from '../contract/LoupeError.ts';
import { readRegularFile, RegularFileError } from '../store/readRegularFile.ts';
import { importFiles, importUrls, type ImportReport } from './imageImporter.ts';
import type { ImageRecord } from './imageRepo.ts';
import type { Workspace } from './workspace.ts';

/**
 * Imports predictions made elsewhere: COCO detections (boxes in pixels, with their images found
 * beside the JSON file) and saved Clarifai predict responses (images by URL). Each becomes a
 * prediction to review, exactly as if the model had answered here.
 */
export async function importCoco(
  workspace: Workspace,
  file: string,
  options: { modelId?: string; imagesDir?: string } = {},
): Promise<ImportReport> {
  const coco = cocoSchema.safeParse(await readJson(file));
  if (!coco.success)
    throw new LoupeError('invalid_input', `${file} is not COCO: ${describeIssues(coco.error)}`);
  const modelId = options.modelId ?? 'coco-import';
  const root = resolve(dirname(file), options.imagesDir ?? '');
  const categories = new Map(coco.data.categories.map((category) => [category.id, category.name]));
  const report: ImportReport = { added: [], duplicates: [], failed: [] };
  // Grouped once: filtering every annotation for every image is quadratic on a large file.
  const annotationsOf = new Map<number, (typeof coco.data.annotations)[number][]>();
  for (const annotation of coco.data.annotations) {
    const list = annotationsOf.get(annotation.image_id);
    if (list) list.push(annotation);
    else annotationsOf.set(annotation.image_id, [annotation]);
  }

  for (const cocoImage of coco.data.images) {
    const path = resolve(root, cocoImage.file_name);
    // A file name may not lead outside the images folder (`../../etc/passwd`, absolute paths).
    if (isAbsolute(cocoImage.file_name) || !path.startsWith(root + sep)) {
      report.failed.push({
        source: cocoImage.file_name,
        reason: 'the file name points outside the images folder',
      });
      continue;
    }
    const image = await findOrImport(workspace, path, report);
    if (!image) continue;
    const size = { width: image.width ?? cocoImage.width, height: image.height ?? cocoImage.height };
    const regions = (annotationsOf.get(cocoImage.id) ?? []).flatMap((annotation) => {
      const [x, y, width, height] = annotation.bbox;
      const box = boundingBoxFromPixels({ x, y, width, height }, size);
      const name = categories.get(annotation.category_id) ?? String(annotation.category_id);
      return box
        ? [
            {
              id: `coco-${annotation.id}`,
              region_info: { bounding_box: box },
              data: { concepts: [{ id: name, name, value: annotation.score ?? 1 }] },
            },
          ]
        : [];
    });
    const output: PredictOutput = {
      id: `coco-${basename(file)}-${cocoImage.id}`,
      status: { code: SUCCESS, description: 'Ok' },
      input: { id: `coco-input-${cocoImage.id}` },
      data: { regions },
    };
    workspace.predictions.record(image.id, modelId, output);
  }
  return report;
}

export async function importClarifaiResponse(
  workspace: Workspace,
  file: string,
  options: { modelId?: string } = {},
): Promise<ImportReport> {
  const response = predictResponseSchema.safeParse(await readJson(file));
  if (!response.success) {
    throw new LoupeError(
      'invalid_input',
      `${file} is not a Clarifai predict response: ${describeIssues(response.error)}`,
    );
  }
  const report: ImportReport = { added: [], duplicates: [], failed: [] };
  for (const output of response.data.outputs) {
    const url = output.input.data?.image?.url;
    if (!url) {
      report.failed.push({
        source: output.input.id,
        reason: 'the image was sent as base64: import the image file itself, then predict',
      });
      continue;
    }
    const imported = importUrls(workspace, [url]);
    report.added.push(...imported.added);
    report.duplicates.push(...imported.duplicates);
    report.failed.push(...imported.failed);
    const image = imported.added[0] ?? imported.duplicates[0];
    const modelId = options.modelId ?? output.model?.id;
    if (!image) continue;
    if (!modelId) {
      report.failed.push({
        source: url,
        reason: 'the response names no model: give one with the model id option',
      });
      continue;
    }
    workspace.predictions.record(image.id, modelId, output);
  }
  return report;
}

async function findOrImport(
  workspace: Workspace,
  path: string,
  report: ImportReport,
): Promise<ImageRecord | undefined> {
  const known = workspace.images.bySource(path);
  if (known) return known;
  const imported = await importFiles(workspace, [path]);
  report.added.push(...imported.added);
  report.duplicates.push(...imported.duplicates);
  report.failed.push(...imported.failed);
  return imported.added[0] ?? imported.duplicates[0];
}

/** Prediction files can be large (COCO with every annotation of a data set), never unbounded. */
const maxPredictionFileBytes = 512 * 1024 * 1024;

async function readJson(file: string): Promise<unknown> {
  const bytes = await readRegularFile(file, { maxBytes: maxPredictionFileBytes }).catch((error: unknown) => {
    if (!(error instanceof RegularFileError)) throw error;
    const code =
      error.problem === 'missing'
        ? 'not_found'
        : error.problem === 'unreadable'
          ? 'storage'
          : 'invalid_input';
    const reason =
      error.problem === 'too_large' ? `larger than ${maxPredictionFileBytes} bytes` : error.message;
    throw new LoupeError(code, `Cannot read ${file}: ${reason}`, { cause: error });
  });
  // A byte-order mark (editors on Windows write one) is not JSON, but is no reason to refuse.
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const parsed = parseJsonText(text, importFileJsonLimits);
  if (!parsed.ok) throw new LoupeError('invalid_input', `${file} ${parsed.problem}`);
  return parsed.value;
}
