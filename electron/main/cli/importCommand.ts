import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  cliApp,
  type CliApp,
  commonUsage,
  exitCodes,
  parse,
  progressLine,
  report,
  UsageError,
} from './cliOptions.ts';
import { importFormats, type ImportFormat } from '../../../shared/exportFormats.ts';
import type { ForeignImportReport } from '../../../shared/workspaceViews.ts';

export const importUsage = `loupe import [PATH…] [--urls FILE]
loupe import --predictions FILE [--format FORMAT] [--model NAME] [--images DIR] [--classes FILE]

Imports image files and folders (recursively: jpg, png, webp, tiff, gif, bmp) and/or a file of
image URLs (one per line) into the workspace. Duplicates (same content) are skipped; unreadable
files are reported and the rest goes on; new images are queued for prediction ("loupe predict"
runs them). Exit code 3 when some entries failed.

  --urls FILE       a text file with one image URL per line ('#' starts a comment)

Predictions made elsewhere (docs/interop.md), one file (or a YOLO / VOC folder) at a time, in
one transaction; the images are matched by file name or id, or found in --images and imported:

  --predictions FILE  ${'COCO'} JSON (dataset or results list), YOLO .txt or folder, Pascal VOC
                      .xml or folder, Label Studio JSON, CVAT for images 1.1 XML, Clarifai JSON
  --format FORMAT     ${importFormats.join(' · ')} (default auto: told from the file)
  --model NAME        the model name to record them under (default: the file's own, or
                      "<Format>: <file name>")
  --images DIR        where images not yet in the workspace are (default: beside the file)
  --classes FILE      class names (one per line, an Ultralytics data.yaml, or a COCO file's
                      categories) for YOLO class indices or a COCO results list's category ids;
                      the COCO dataset a results list belongs to also names its image ids;
                      a YOLO folder's data.yaml is found by itself (beside it or two folders up)

${commonUsage}`;

export async function importCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseImport(args);
  if (values.predictions !== undefined) return importPredictionsCommand(values, positionals);
  if (positionals.length === 0 && !values.urls) throw new UsageError('give at least one PATH or --urls FILE');
  const urls = values.urls ? (await readFile(values.urls, 'utf8')).split(/\r?\n/) : [];
  const app = cliApp(values);
  try {
    // New images are queued for the model of the delivery (the platform profile's with --app);
    // `loupe predict` runs them.
    const imported = await withProgress(app, 'Importing', () =>
      app.call('images.import', { paths: positionals.map((path) => resolve(path)), urls }),
    );
    const result = { workspace: app.services.session().workspace.file, ...imported };
    const lines = [
      `Imported ${result.added} image(s) into ${result.workspace} (${result.duplicates} already there).`,
      ...result.failed.map((problem) => `  failed: ${problem.source}: ${problem.reason}`),
    ];
    report(values.json, result, lines.join('\n'));
    return result.failed.length > 0 ? exitCodes.partial : exitCodes.ok;
  } finally {
    await app.close();
  }
}

const importOptions = {
  urls: { type: 'string' },
  predictions: { type: 'string' },
  format: { type: 'string' },
  model: { type: 'string' },
  images: { type: 'string' },
  classes: { type: 'string' },
} as const;

const parseImport = (args: readonly string[]) => parse(args, importOptions);

async function importPredictionsCommand(
  values: ReturnType<typeof parseImport>['values'],
  positionals: readonly string[],
): Promise<number> {
  if (positionals.length > 0) throw new UsageError('--predictions imports one file: give no other PATH');
  const format = (values.format ?? 'auto') as ImportFormat;
  if (!importFormats.includes(format))
    throw new UsageError(`--format must be one of ${importFormats.join(', ')}`);
  const app = cliApp(values);
  try {
    const imported = await withProgress(app, 'Matching images', () =>
      app.call('images.importPredictions', {
        file: resolve(values.predictions ?? ''),
        kind: format,
        ...(values.model ? { modelName: values.model } : {}),
        ...(values.images ? { imagesDir: resolve(values.images) } : {}),
        ...(values.classes ? { classes: resolve(values.classes) } : {}),
      }),
    );
    // The ids are for the app's change events, not for a person or a script.
    const result = { ...imported, imageIds: undefined };
    report(values.json, result, describeForeignImport(imported));
    const partial = result.unmatchedCount > 0 || result.skippedCount > 0 || result.failed.length > 0;
    return partial ? exitCodes.partial : exitCodes.ok;
  } finally {
    await app.close();
  }
}

/** Shows the command's `import.progress` events as a progress line while `run` runs. */
async function withProgress<T>(app: CliApp, label: string, run: () => Promise<T>): Promise<T> {
  const unsubscribe = app.bus.subscribe((name, payload) => {
    if (name !== 'import.progress') return;
    const progress = payload as { done: number; total: number; stage?: 'reading' | 'matching' };
    if (progress.stage === 'reading') {
      const mb = (bytes: number) => Math.round(bytes / 1e6);
      progressLine(`${label} (reading the file, MB)`, mb(progress.done), mb(progress.total));
    } else progressLine(label, progress.done, progress.total);
  });
  try {
    return await run();
  } finally {
    unsubscribe();
  }
}

/** The report as a person reads it: counts first, then what was left out and why. */
export function describeForeignImport(result: ForeignImportReport): string {
  const lines = [
    `${result.file}: ${result.format}, ${result.images} image(s): ${result.imagesMatched} matched ` +
      `(${result.imagesAdded} imported from the images folder), ${result.unmatchedCount} unmatched.`,
    `Imported ${result.predictions} prediction(s), ${result.regions} region(s) as ${result.models.join(', ') || '(none)'}` +
      (result.verdicts > 0 ? `; ${result.verdicts} verdict(s) applied` : '') +
      (result.alreadyImported > 0 ? `; ${result.alreadyImported} image(s) already had them` : '') +
      '.',
    ...result.notes.map((note) => `  note: ${note.count} ${note.note}`),
    ...(result.unknownCategories.length > 0
      ? [`  unknown categories (labelled by their id): ${result.unknownCategories.join(', ')}`]
      : []),
    ...result.warnings.map((warning) => `  warning: ${warning.where}: ${warning.message}`),
    ...(result.warningCount > result.warnings.length
      ? [`  … ${result.warningCount - result.warnings.length} more warnings`]
      : []),
    ...result.skipped.map((skipped) => `  skipped: ${skipped.where}: ${skipped.reason}`),
    ...(result.skippedCount > result.skipped.length
      ? [`  … ${result.skippedCount - result.skipped.length} more skipped`]
      : []),
    ...result.unmatchedImages.map((name) => `  unmatched image: ${name}`),
    ...result.failed.map((problem) => `  failed: ${problem.source}: ${problem.reason}`),
  ];
  return lines.join('\n');
}
